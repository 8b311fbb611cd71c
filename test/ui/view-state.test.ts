// The view reducer, action by action, without React.

import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/ui/keys.js';
import { KEY_TABLE, commandFor, keyName, keyPresses } from '../../src/ui/keys.js';
import { listBodyRows } from '../../src/ui/layout.js';
import { colorsEnabled } from '../../src/ui/theme.js';
import { buildModel, visibleOperations } from '../../src/ui/model.js';
import type { Action, ViewState } from '../../src/ui/view-state.js';
import { activeFilters, currentView, detailTarget, incidentRows, initialState, reduce, timelineRows } from '../../src/ui/view-state.js';
import type { View } from '../../src/ui/view-state.js';
import type { UiModel } from '../../src/ui/model.js';
import type { Operation } from '../../src/model/operation.js';
import { A, B, C, DELETE_C, EVACUATE_A, EVACUATE_B, hostModel } from './host-model.js';
import { errorGroups } from '../../src/ui/errors.js';
import { UnattachedErrors } from '../../src/correlate/unattached-errors.js';
import { BOOT, FAILED, FAILED_ENTRIES, MIGRATING, entry, PARSE, REJECTED, UNATTACHED, operation, sampleModel } from './sample-model.js';

const model = sampleModel();
const SIZE = { columns: 80, rows: 24 };

function run(actions: readonly (Command | Action)[], state: ViewState = initialState(SIZE), m = model): ViewState {
  return actions.reduce<ViewState>((s, a) => reduce(m, s, typeof a === 'string' ? { type: 'command', command: a } : a), state);
}


describe('moving in the list', () => {
  it.each<[string, (Command | Action)[], number]>([
    ['starts on the first row', [], 0],
    ['down', ['down'], 1],
    ['down twice', ['down', 'down'], 2],
    ['down then up', ['down', 'up'], 0],
    ['up at the top stays', ['up'], 0],
    ['down past the end stays on the last', ['down', 'down', 'down', 'down', 'down', 'down'], 3],
    ['G goes to the last', ['bottom'], 3],
    ['g after G goes to the first', ['bottom', 'top'], 0],
    ['a page down stops at the last row', ['pageDown'], 3],
  ])('%s', (_name, actions, selected) => {
    expect(run(actions).list.selected).toBe(selected);
  });

  it('scrolls so that the selection stays in view, and back', () => {
    const many = buildModel(Array.from({ length: 100 }, (_, i) => operation({
      type: 'boot', instance: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, request: `req-${i}`, outcome: 'succeeded', start: i * 1000, end: i * 1000 + 10,
    })), [], PARSE);
    const height = listBodyRows(SIZE);
    const atBottomEdge = run(Array.from({ length: height }, () => 'down' as const), initialState(SIZE), many);
    expect(atBottomEdge.list).toEqual({ selected: height, top: 1 });
    const paged = run(['pageDown', 'pageDown'], initialState(SIZE), many);
    expect(paged.list.selected).toBe(2 * height);
    expect(paged.list.top).toBe(2 * height - height + 1);
    const last = run(['bottom'], initialState(SIZE), many);
    expect(last.list).toEqual({ selected: 99, top: 100 - height });
    expect(run(['bottom', 'top'], initialState(SIZE), many).list).toEqual({ selected: 0, top: 0 });
    expect(run(['bottom', 'pageUp'], initialState(SIZE), many).list).toEqual({ selected: 99 - height, top: 99 - height });
  });

  it('keeps the selection in view when the terminal shrinks', () => {
    const many = buildModel(Array.from({ length: 50 }, (_, i) => operation({
      type: 'stop', instance: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, request: `req-${i}`, outcome: 'succeeded', start: i, end: i + 1,
    })), [], PARSE);
    const s = run(['down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', 'down', { type: 'resize', size: { columns: 80, rows: 12 } }], initialState(SIZE), many);
    expect(s.list.selected).toBe(17);
    const height = listBodyRows({ columns: 80, rows: 12 });
    expect(s.list.top).toBe(17 - height + 1);
  });
});

describe('filters and sort', () => {
  it.each<[string, (Command | Action)[], readonly string[]]>([
    ['all, by time', [], [BOOT.id, FAILED.id, REJECTED.id, MIGRATING.id]],
    ['f: failed and rejected', ['cycleOutcome'], [FAILED.id, REJECTED.id]],
    ['f twice: incomplete', ['cycleOutcome', 'cycleOutcome'], [MIGRATING.id]],
    ['f three times: all again', ['cycleOutcome', 'cycleOutcome', 'cycleOutcome'], [BOOT.id, FAILED.id, REJECTED.id, MIGRATING.id]],
    ['t: the first type present (boot)', ['cycleType'], [BOOT.id, FAILED.id]],
    ['t twice: delete', ['cycleType', 'cycleType'], [REJECTED.id]],
    ['t three times: live-migrate', ['cycleType', 'cycleType', 'cycleType'], [MIGRATING.id]],
    ['t four times: all', ['cycleType', 'cycleType', 'cycleType', 'cycleType'], [BOOT.id, FAILED.id, REJECTED.id, MIGRATING.id]],
    ['s: by duration, longest first', ['cycleSort'], [MIGRATING.id, BOOT.id, FAILED.id, REJECTED.id]],
    ['s twice: by type, then time', ['cycleSort', 'cycleSort'], [BOOT.id, FAILED.id, REJECTED.id, MIGRATING.id]],
    ['text: a host', ['search', { type: 'filterInput', text: 'cmp2' }, { type: 'filterCommit' }], [FAILED.id, MIGRATING.id]],
    ['text: error text, any case', ['search', { type: 'filterInput', text: 'FAILED TO SPAWN' }, { type: 'filterCommit' }], [FAILED.id]],
    ['text: a request ID', ['search', { type: 'filterInput', text: 'req-04a5fab4' }, { type: 'filterCommit' }], [REJECTED.id]],
    ['text: an instance prefix', ['search', { type: 'filterInput', text: '4f1713a9' }, { type: 'filterCommit' }], [BOOT.id]],
    ['text applies while typing', ['search', { type: 'filterInput', text: 'delete' }], [REJECTED.id]],
    ['Esc while typing clears it', ['search', { type: 'filterInput', text: 'delete' }, { type: 'filterCancel' }], [BOOT.id, FAILED.id, REJECTED.id, MIGRATING.id]],
    ['text and outcome together', ['cycleOutcome', 'search', { type: 'filterInput', text: 'boot' }, { type: 'filterCommit' }], [FAILED.id]],
  ])('%s', (_name, actions, ids) => {
    const s = run(actions);
    expect(visibleOperations(model, activeFilters(s)).map((i) => model.operations[i]?.id)).toEqual(ids);
  });

  it('a filter change puts the selection back on the first row', () => {
    expect(run(['down', 'down', 'cycleOutcome']).list.selected).toBe(0);
  });

  it('no row matching leaves nothing to open', () => {
    const s = run(['search', { type: 'filterInput', text: 'no such thing' }, { type: 'filterCommit' }, 'open']);
    expect(currentView(s).kind).toBe('list');
  });
});

describe('the view stack', () => {
  it('Enter opens the selected operation, Enter again its selected entry, Esc goes back twice; only q quits', () => {
    let s = run(['down', 'open']);
    expect(currentView(s)).toMatchObject({ kind: 'timeline', op: FAILED.id });
    s = run(['down', 'open'], s);
    // The failed boot opened on its error (entry 2): one down is the warning after it.
    expect(currentView(s)).toMatchObject({ kind: 'detail', op: FAILED.id, entry: 3 });
    s = run(['back'], s);
    expect(currentView(s).kind).toBe('timeline');
    s = run(['back'], s);
    expect(currentView(s).kind).toBe('list');
    expect(s.quit).toBe(false);
    expect(run(['back'], s).quit).toBe(false);
    expect(run(['quit'], s).quit).toBe(true);
  });

  it('q goes back from the other views, one at a time', () => {
    const s = run(['open', 'open', 'quit']);
    expect(currentView(s).kind).toBe('timeline');
    expect(s.quit).toBe(false);
  });

  it('opens in the sorted order the list shows', () => {
    const s = run(['cycleSort', 'open']);
    expect(currentView(s)).toMatchObject({ kind: 'timeline', op: MIGRATING.id });
  });

  it('E opens the errors view from the list and the timeline; q returns', () => {
    expect(currentView(run(['errors'])).kind).toBe('errors');
    expect(currentView(run(['open', 'errors'])).kind).toBe('errors');
    expect(currentView(run(['open', 'errors', 'back'])).kind).toBe('timeline');
  });

  it('? shows the help, and any command then only closes it', () => {
    const s = run(['help']);
    expect(s.help).toBe(true);
    const closed = run(['down'], s);
    expect(closed.help).toBe(false);
    expect(closed.list.selected).toBe(0);
    expect(run(['back'], s).quit).toBe(false);
  });
});

describe('Esc on the list', () => {
  const filteredBy: [string, (Command | Action)[]][] = [
    ['a text filter', ['search', { type: 'filterInput', text: 'cmp2' }, { type: 'filterCommit' }]],
    ['an outcome filter', ['cycleOutcome']],
    ['a type filter', ['cycleType']],
    ['all three', ['cycleOutcome', 'cycleType', 'search', { type: 'filterInput', text: 'boot' }, { type: 'filterCommit' }]],
  ];
  it.each(filteredBy)('clears %s instead of quitting', (_name, actions) => {
    const s = run([...actions, 'down', 'back']);
    expect(s.quit).toBe(false);
    expect(s.filters).toEqual({ text: '', outcome: 'all', type: null, sort: 'time' });
    expect(s.list.selected).toBe(0);
    expect(visibleOperations(model, activeFilters(s))).toHaveLength(4);
  });

  it('keeps the sort: it narrows nothing', () => {
    expect(run(['cycleSort', 'cycleOutcome', 'back']).filters.sort).toBe('duration');
  });

  it('with nothing to clear, stays and says that q quits; the next key clears the word', () => {
    const s = run(['back']);
    expect(s.quit).toBe(false);
    expect(s.notice).toBe('nothing to clear; q quits');
    expect(run(['down'], s).notice).toBeNull();
  });

  it.each(filteredBy)('q quits with %s, asking nothing', (_name, actions) => {
    expect(run([...actions, 'quit']).quit).toBe(true);
  });
});

describe('the timeline', () => {
  const failedId = FAILED.id;
  const open = ['down', 'open'] as const;

  it.each<[string, Command[], number]>([
    ['e jumps to the entry that is the error', ['firstError'], 2],
    ['n: next warning or error', ['top', 'next'], 2],
    ['n twice', ['top', 'next', 'next'], 3],
    ['n at the last problem stays', ['next', 'next', 'next'], 3],
    ['N goes back', ['bottom', 'previous'], 2],
    ['N at the first problem stays', ['firstError', 'previous'], 2],
  ])('%s', (_name, commands, selected) => {
    const s = run([...open, ...commands]);
    expect(currentView(s)).toMatchObject({ kind: 'timeline', op: failedId, cursor: { selected } });
  });

  it('e with no error stays put', () => {
    const s = run(['open', 'down', 'firstError']);
    expect(currentView(s)).toMatchObject({ kind: 'timeline', cursor: { selected: 1 } });
  });

  it('n finds the warning in a successful boot', () => {
    expect(currentView(run(['open', 'next']))).toMatchObject({ cursor: { selected: 3 } });
  });
});

describe('search', () => {
  const type = (text: string): Action[] => ['search' as const, { type: 'filterInput', text }, { type: 'filterCommit' }].map((a) => (typeof a === 'string' ? { type: 'command', command: a } : a)) as Action[];
  const selectedIn = (s: ViewState): number => {
    const v = currentView(s);
    return v.kind === 'list' ? s.list.selected : v.cursor.selected;
  };

  it('in the list, narrows to the operations whose entries match: text only in a traceback', () => {
    const s = run(type("keyerror: 'dns'"));
    expect(visibleOperations(model, activeFilters(s)).map((i) => model.operations[i]?.id)).toEqual([FAILED.id]);
  });

  it('in the list, a /regex/ over the entries', () => {
    const s = run(type('/took \\d\\.\\d+ seconds/'));
    expect(visibleOperations(model, activeFilters(s)).map((i) => model.operations[i]?.id)).toEqual([BOOT.id]);
  });

  it('in a timeline, Enter goes to the first match from the selection; n and N go on, wrapping', () => {
    let s = run(['open', ...type('took')]);
    expect(s.search).toBe('took');
    expect(selectedIn(s)).toBe(4);
    s = run(['next'], s);
    expect(selectedIn(s)).toBe(5);
    s = run(['next'], s);
    expect(selectedIn(s)).toBe(4);
    expect(s.notice).toBe('match 1 of 2 (wrapped around)');
    s = run(['previous'], s);
    expect(selectedIn(s)).toBe(5);
  });

  it('in a timeline, nothing matching stays and says so', () => {
    const s = run(['open', 'down', ...type('libvirt')]);
    expect(selectedIn(s)).toBe(1);
    expect(s.notice).toBe('nothing matches "libvirt"');
  });

  it('without a search, n and N in a timeline still go to warnings and errors', () => {
    expect(selectedIn(run(['open', 'next']))).toBe(3);
  });

  it('Esc clears the search first, then goes back', () => {
    let s = run(['open', ...type('took'), 'back']);
    expect(s.search).toBe('');
    expect(currentView(s).kind).toBe('timeline');
    s = run(['back'], s);
    expect(currentView(s).kind).toBe('list');
  });

  it('Esc while typing drops what was typed and keeps the search before it', () => {
    const s = run(['open', ...type('took'), 'search', { type: 'filterInput', text: 'claim' }, { type: 'filterCancel' }]);
    expect(s.search).toBe('took');
    expect(s.editing).toBeNull();
  });

  it('a timeline opened from a filtered list searches for the filter: its matches show why it is listed', () => {
    const s = run([...type('vif plugging'), 'open']);
    expect(currentView(s)).toMatchObject({ kind: 'timeline', op: BOOT.id });
    expect(s.search).toBe('vif plugging');
    expect(selectedIn(run(['next'], s))).toBe(3);
  });

  it('in an entry, n goes to the next line the search matches', () => {
    let s = run(['down', 'open', 'firstError', 'open', { type: 'detailLines', count: 60, matches: [30, 45] }]);
    s = run(type('x'), s);
    // The committed search goes to the first matching line at or after the top.
    expect(currentView(s)).toMatchObject({ kind: 'detail', cursor: { top: 30 } });
    s = run(['next'], s);
    expect(currentView(s)).toMatchObject({ cursor: { top: 60 - 20 } });
  });

  it('/ does nothing in the errors view', () => {
    expect(run(['errors', 'search']).editing).toBeNull();
  });
});

describe('narrowing a timeline', () => {
  const rowsOf = (s: ViewState): readonly number[] => {
    const v = currentView(s);
    return v.kind === 'timeline' ? timelineRows(model, v) : [];
  };
  const selectedEntry = (s: ViewState): number | undefined => {
    const v = currentView(s);
    return v.kind === 'timeline' ? timelineRows(model, v)[v.cursor.selected] : undefined;
  };

  it.each<[string, Command[], readonly number[]]>([
    ['all levels at first', [], [0, 1, 2, 3, 4, 5]],
    ['l: INFO and above (the DEBUG line hidden)', ['cycleLevel'], [0, 2, 3, 4, 5]],
    ['l twice: WARNING and above', ['cycleLevel', 'cycleLevel'], [3]],
    ['l three times: all again', ['cycleLevel', 'cycleLevel', 'cycleLevel'], [0, 1, 2, 3, 4, 5]],
    ['s: the first service present (api)', ['cycleService'], [0]],
    ['s twice: compute', ['cycleService', 'cycleService'], [2, 3, 4, 5]],
    ['s three times: conductor', ['cycleService', 'cycleService', 'cycleService'], [1]],
    ['s four times: all', ['cycleService', 'cycleService', 'cycleService', 'cycleService'], [0, 1, 2, 3, 4, 5]],
    ['h: the first host present (cmp1)', ['cycleHost'], [2, 3, 4, 5]],
    ['h and l together', ['cycleHost', 'cycleLevel', 'cycleLevel'], [3]],
  ])('%s', (_name, commands, entries) => {
    expect(rowsOf(run(['open', ...commands]))).toEqual(entries);
  });

  it('the selected entry stays selected when it is still shown, else the next one shown', () => {
    expect(selectedEntry(run(['open', 'down', 'down', 'cycleLevel']))).toBe(2);
    expect(selectedEntry(run(['open', 'down', 'cycleLevel']))).toBe(2);
    expect(selectedEntry(run(['open', 'bottom', 'cycleLevel', 'cycleLevel']))).toBe(3);
  });

  it('Enter opens the entry the narrowed row is', () => {
    expect(currentView(run(['open', 'cycleLevel', 'cycleLevel', 'open']))).toMatchObject({ kind: 'detail', entry: 3 });
  });

  it('e, n and N move over the rows shown', () => {
    expect(selectedEntry(run(['open', 'cycleService', 'cycleService', 'top', 'next']))).toBe(3);
    expect(selectedEntry(run(['down', 'open', 'cycleLevel', 'cycleLevel', 'top', 'firstError']))).toBe(2);
    // Narrowed to the API's lines, the error is not shown: e says so and stays.
    const apiOnly = run(['down', 'open', 'cycleService', 'firstError']);
    expect(selectedEntry(apiOnly)).toBe(0);
    expect(apiOnly.notice).toBe('no error entry shown');
  });

  it('Esc clears the narrowing first, the selected entry staying selected, then goes back', () => {
    let s = run(['open', 'cycleLevel', 'cycleLevel', 'back']);
    expect(currentView(s)).toMatchObject({ kind: 'timeline', narrow: { level: 'all', service: null, host: null } });
    expect(selectedEntry(s)).toBe(3);
    s = run(['back'], s);
    expect(currentView(s).kind).toBe('list');
  });

  it('h on an operation whose entries name no host says so', () => {
    const s = run(['down', 'down', 'open', 'cycleHost']);
    expect(s.notice).toBe('no entry of this operation names a host');
  });

  it('a failed operation opens on its first failure evidence', () => {
    const evidence = FAILED_ENTRIES[3]!;
    const withEvidence = { ...FAILED, failureEvidence: [{ time: evidence.time, service: evidence.service, host: evidence.host, level: evidence.level, message: evidence.message, location: null, file: evidence.file, line: evidence.line }] };
    const m = buildModel([withEvidence], [], PARSE);
    expect(currentView(run(['open'], initialState(SIZE), m))).toMatchObject({ kind: 'timeline', cursor: { selected: 3 } });
    // Without evidence a failed one opens on its error; a successful one at its start.
    expect(currentView(run(['down', 'open']))).toMatchObject({ cursor: { selected: 2 } });
    expect(currentView(run(['open']))).toMatchObject({ cursor: { selected: 0 } });
  });
});

describe('the errors view', () => {
  it('lists every error grouped by template, the most frequent first', () => {
    expect(errorGroups(model).map((g) => [g.template, g.count, g.inOperations, g.members.length])).toEqual([
      ['No compute node record for host cmp<n>', 3, 0, 2],
      ['Instance failed to spawn', 1, 1, 1],
    ]);
  });

  it('Enter on a group lists its errors; Enter on one opens it', () => {
    let s = run(['errors', 'open']);
    expect(currentView(s)).toMatchObject({ kind: 'members', group: 'No compute node record for host cmp<n>' });
    s = run(['down', 'open'], s);
    expect(currentView(s)).toMatchObject({ kind: 'detail', op: null, entry: 1, group: 'No compute node record for host cmp<n>' });
    const v = currentView(s);
    expect(v.kind === 'detail' && detailTarget(model, v).entry?.time).toBe(UNATTACHED[0]?.samples?.[1]?.time);
  });

  it('an error of an operation opens as that operation\'s entry', () => {
    expect(currentView(run(['errors', 'down', 'open', 'open']))).toMatchObject({ kind: 'detail', op: FAILED.id, entry: 2, group: null });
  });

  it.each<[string, Command[]]>([
    ['from the group', ['errors', 'down', 'jump']],
    ['from the error in the group', ['errors', 'down', 'open', 'jump']],
    ['from the error opened', ['errors', 'down', 'open', 'open', 'jump']],
  ])('o goes to the operation, on the error\'s line: %s', (_name, commands) => {
    const s = run(commands);
    expect(currentView(s)).toMatchObject({ kind: 'timeline', op: FAILED.id, cursor: { selected: 2 } });
  });

  it.each<[string, Command[], string]>([
    ['a group of none', ['errors', 'jump'], 'no error of this group belongs to an operation'],
    ['an error of none', ['errors', 'open', 'jump'], 'this error belongs to no operation (a periodic task, a service starting, ...)'],
    ['an error of none, opened', ['errors', 'open', 'open', 'jump'], 'this error belongs to no operation (a periodic task, a service starting, ...)'],
  ])('o on %s says so and stays', (_name, commands, notice) => {
    const before = run(commands.slice(0, -1));
    const s = run(['jump'], before);
    expect(s.notice).toBe(notice);
    expect(s.stack).toEqual(before.stack);
  });

  it('25,000 errors of three kinds, from two services, are three rows; each keeps its first errors to open', () => {
    const store = new UnattachedErrors();
    for (let i = 0; i < 25_000; i++) {
      const id = `${(i * 7919).toString(16).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const [service, message] = ([
        ['compute', `Instance ${id} failed to spawn: Timeout after ${i % 300} seconds`],
        ['conductor', `Failed to allocate the network(s) for req-${id}, not rescheduling.`],
        [i % 2 === 0 ? 'compute' : 'scheduler', `AMQP server on 10.0.${i % 256}.${(i * 3) % 256}:5672 is unreachable`],
      ] as const)[i % 3]!;
      store.note(entry(i, service, 'cmp1', 'ERROR', message, { requestId: null }));
    }
    const groups = errorGroups(buildModel([], store.list(), PARSE));
    expect(groups.map((g) => [g.template, g.count, g.where])).toEqual([
      ['Instance <uuid> failed to spawn: Timeout after <n> seconds', 8334, 'compute@cmp1'],
      ['Failed to allocate the network(s) for <req>, not rescheduling.', 8333, 'conductor@cmp1'],
      ['AMQP server on <ip> is unreachable', 8333, '2 places'],
    ]);
    // The AMQP kind was kept by two groups of the store (one per service): 50 of each.
    expect(groups.map((g) => g.members.length)).toEqual([50, 50, 100]);
  });

  it('moves over the groups and the members', () => {
    expect(currentView(run(['errors', 'bottom']))).toMatchObject({ cursor: { selected: 1 } });
    expect(currentView(run(['errors', 'open', 'bottom']))).toMatchObject({ cursor: { selected: 1 } });
  });
});

describe('the entry detail', () => {
  it('scrolls over its lines, bounded by their count', () => {
    let s = run(['open', 'open', { type: 'detailLines', count: 40 }]);
    s = run(['pageDown', 'pageDown', 'pageDown'], s);
    const view = currentView(s);
    expect(view.kind === 'detail' && view.cursor.top).toBe(40 - (24 - 1 - 3));
    s = run(['top'], s);
    expect(currentView(s)).toMatchObject({ cursor: { top: 0 } });
  });

  // Its raw lines are read from the file once it is open: a G that came first (a person quick, a machine busy, a
  // disk slow) went to the end of what was there, and the lines read then were left below the screen.
  it.each<[string, (Command | Action)[], number]>([
    ['G, then its raw lines come', [{ type: 'detailLines', count: 30 }, 'bottom', { type: 'detailLines', count: 60 }], 60 - 20],
    ['G before even its line count is known', ['bottom', { type: 'detailLines', count: 30 }, { type: 'detailLines', count: 60 }], 60 - 20],
    ['G, a line up, then its raw lines come', [{ type: 'detailLines', count: 30 }, 'bottom', 'up', { type: 'detailLines', count: 60 }], 30 - 20 - 1],
    ['no G: it stays at the top', [{ type: 'detailLines', count: 30 }, { type: 'detailLines', count: 60 }], 0],
  ])('%s', (_name, actions, top) => {
    expect(currentView(run(['open', 'open', ...actions]))).toMatchObject({ cursor: { top } });
  });

  it('a detail shorter than the screen does not scroll', () => {
    const s = run(['open', 'open', { type: 'detailLines', count: 5 }, 'down', 'down']);
    expect(currentView(s)).toMatchObject({ cursor: { top: 0 } });
  });
});

describe('an empty result', () => {
  const empty = buildModel([], UNATTACHED, PARSE);
  it('moving, opening and filtering do nothing; q quits', () => {
    const s = run(['down', 'bottom', 'open', 'cycleType', 'cycleOutcome'], initialState(SIZE), empty);
    expect(s.list).toEqual({ selected: 0, top: 0 });
    expect(currentView(s).kind).toBe('list');
    expect(run(['quit'], s, empty).quit).toBe(true);
  });
});

describe('the key table', () => {
  it.each<[string, Parameters<typeof keyName>[1], string, string | null]>([
    ['down arrow', { downArrow: true }, '', 'down'],
    ['j', {}, 'j', 'down'],
    ['k', {}, 'k', 'up'],
    ['page down', { pageDown: true }, '', 'pageDown'],
    ['Enter', { return: true }, '\r', 'open'],
    ['Enter as a line feed (a terminal not in raw mode)', {}, '\n', 'open'],
    ['Esc', { escape: true }, '', 'back'],
    ['q', {}, 'q', 'quit'],
    ['G', {}, 'G', 'bottom'],
    ['E', {}, 'E', 'errors'],
    ['an unbound key', {}, 'x', null],
  ])('%s in the list', (_name, flags, input, command) => {
    expect(commandFor(keyName(input, flags), 'list')).toBe(command);
  });

  it('binds each key once per view', () => {
    for (const view of ['list', 'timeline', 'detail', 'errors', 'members'] as const) {
      const keys = KEY_TABLE.filter((b) => b.views.includes(view)).flatMap((b) => b.keys);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it.each<[string, string, Command | null]>([
    ['s sorts the list', 'list', 'cycleSort'],
    ['s cycles services in a timeline', 'timeline', 'cycleService'],
    ['l cycles levels in a timeline', 'timeline', 'cycleLevel'],
    ['l does nothing in the list', 'list', null],
    ['h cycles hosts in a timeline', 'timeline', 'cycleHost'],
    ['o jumps from the errors', 'errors', 'jump'],
    ['o jumps from a group of errors', 'members', 'jump'],
    ['o jumps from an entry', 'detail', 'jump'],
    ['/ searches in an entry', 'detail', 'search'],
    ['n goes to the next match in the list', 'list', 'next'],
  ])('%s', (_name, view, command) => {
    const key = _name.split(' ')[0] as string;
    expect(commandFor(key, view as Parameters<typeof commandFor>[1])).toBe(command);
  });

  it('e works only in the timeline', () => {
    expect(commandFor('e', 'list')).toBeNull();
    expect(commandFor('e', 'timeline')).toBe('firstError');
    expect(commandFor('N', 'timeline')).toBe('previous');
  });
});

describe('key presses', () => {
  const keysOf = (...names: string[]): Action[] => names.map((n) => ({ type: 'key', name: n, text: n.length === 1 ? n : '' }));

  it('typed text goes to the filter while it is open, commands otherwise', () => {
    const s = run(keysOf('/', 'q', 'j', 'return', 'j'));
    expect(s.filters.text).toBe('qj');
    expect(s.quit).toBe(false);
    expect(s.editing).toBeNull();
    // The j after Enter moved the selection (no row matches "qj", so it stays at 0) instead of typing.
    expect(s.list.selected).toBe(0);
  });

  it('backspace removes the last character; Esc clears the filter', () => {
    expect(run(keysOf('/', 'b', 'o', 'x', 'backspace')).editing).toBe('bo');
    expect(run(keysOf('/', 'b', 'escape')).filters.text).toBe('');
  });

  it('control keys do not type', () => {
    expect(run([...keysOf('/', 'a'), { type: 'key', name: 'ctrl+u', text: 'u' }]).editing).toBe('a');
  });

  it('an unbound key closes the help and does nothing else', () => {
    const s = run(keysOf('?', 'x'));
    expect(s.help).toBe(false);
    expect(run(keysOf('?', 'q')).quit).toBe(false);
  });

  it.each<[string, string, string[]]>([
    ['one key', 'j', ['j']],
    ['a run typed together', 'jjk', ['j', 'j', 'k']],
    ['a letter and Enter in one read', 'e\r', ['e', 'return']],
    ['text and backspace', 'ab\u007f', ['a', 'b', 'backspace']],
    ['a lone escape', '\u001b', ['\u001b']],
  ])('keyPresses splits %s', (_name, input, names) => {
    expect(keyPresses(input, {}).map((p) => p.name)).toEqual(names);
  });

  it('keeps ink named keys whole', () => {
    expect(keyPresses('', { downArrow: true })).toEqual([{ name: 'down', text: '' }]);
  });
});

describe('a host failure (H), on fixtures/hosts/host-evacuate-queens', async () => {
  const hosts = await hostModel();
  const hostView = (s: ViewState): View & { kind: 'host' } => {
    const v = currentView(s);
    if (v.kind !== 'host') throw new Error(`not the host view: ${v.kind}`);
    return v;
  };
  /** The list's row of the operation with this request ID (sorted by time, as the list shows them). */
  const rowOf = (m: UiModel, request: string): number => visibleOperations(m, activeFilters(initialState(SIZE))).findIndex((i) => m.operations[i]?.requestIds.includes(request));
  const down = (n: number): Command[] => Array.from({ length: n }, () => 'down' as const);
  const selectedRow = (s: ViewState, m = hosts) => incidentRows(m, hostView(s))[hostView(s).cursor.selected];

  it('the fixture has the one incident of node1, and the list its two evacuations and the delete', () => {
    expect(hosts.hostIncidents.map((i) => i.host)).toEqual(['node1']);
    expect(hosts.operations.map((op) => `${op.type} ${op.requestIds[0]}`).sort()).toEqual([`delete ${DELETE_C}`, `evacuate ${EVACUATE_A}`, `evacuate ${EVACUATE_B}`]);
  });

  it.each([
    ['the first evacuation', EVACUATE_A],
    ['the second evacuation', EVACUATE_B],
    // Deleted while its host was down: its host is node1 too.
    ['the delete', DELETE_C],
  ])('H on %s in the list opens node1, its first instance selected', (_name, request) => {
    const s = run([...down(rowOf(hosts, request)), 'hostIncident'], initialState(SIZE), hosts);
    expect(s.stack.map((v) => v.kind)).toEqual(['list', 'host']);
    expect(hostView(s).incident).toBe(0);
    expect(selectedRow(s)).toMatchObject({ instance: A, requestId: EVACUATE_A, fate: 'evacuated' });
    expect(s.notice).toBeNull();
  });

  it('H in a timeline opens it too; Esc and q step back to the timeline, then the list', () => {
    const opened = run([...down(rowOf(hosts, EVACUATE_B)), 'open', 'hostIncident'], initialState(SIZE), hosts);
    expect(opened.stack.map((v) => v.kind)).toEqual(['list', 'timeline', 'host']);
    expect(run(['back'], opened, hosts).stack.map((v) => v.kind)).toEqual(['list', 'timeline']);
    expect(run(['quit'], opened, hosts).stack.map((v) => v.kind)).toEqual(['list', 'timeline']);
    const home = run(['back', 'back'], opened, hosts);
    expect(home.stack.map((v) => v.kind)).toEqual(['list']);
    expect(home.quit).toBe(false);
  });

  it.each([
    ['its evacuation', 0, A, EVACUATE_A],
    ['the second instance: its evacuation', 1, B, EVACUATE_B],
    ['an instance deleted meanwhile: its delete', 2, C, DELETE_C],
  ])('Enter on an instance row opens %s; Esc comes back to the host, on the same row', (_name, below, instance, request) => {
    const onRow = run([...down(rowOf(hosts, EVACUATE_A)), 'hostIncident', ...down(below)], initialState(SIZE), hosts);
    expect(selectedRow(onRow)?.instance).toBe(instance);
    const opened = run(['open'], onRow, hosts);
    const view = currentView(opened);
    expect(view.kind).toBe('timeline');
    expect(view.kind === 'timeline' ? hosts.byId.get(view.op)?.requestIds : []).toContain(request);
    const back = run(['back'], opened, hosts);
    expect(hostView(back).cursor).toEqual(hostView(onRow).cursor);
  });

  it('Enter on a row that is no instance says what Enter does there, and stays', () => {
    const onTitle = run([...down(rowOf(hosts, EVACUATE_A)), 'hostIncident', 'top'], initialState(SIZE), hosts);
    expect(selectedRow(onTitle)?.text).toMatch(/^ {2}last line /);
    const s = run(['open'], onTitle, hosts);
    expect(s.stack).toEqual(onTitle.stack);
    expect(s.notice).toBe("Enter on an instance's row opens its evacuation");
  });

  it('Enter on an instance whose evacuation the list does not hold (filtered out) says so', async () => {
    const evacuationsOnly = await hostModel(undefined, (op) => op.type === 'delete');
    const s = run(['hostIncident', ...down(2)], initialState(SIZE), evacuationsOnly);
    expect(selectedRow(s, evacuationsOnly)?.instance).toBe(C);
    expect(run(['open'], s, evacuationsOnly).stack.map((v) => v.kind)).toEqual(['list', 'host', 'timeline']);
    const missing = run(['up', 'open'], s, evacuationsOnly);
    expect(missing.stack.map((v) => v.kind)).toEqual(['list', 'host']);
    expect(missing.notice).toBe(`${EVACUATE_B} is not in the list (filtered out?)`);
  });

  it('scrolls over every line of the incident, and no further', () => {
    const s = run([...down(rowOf(hosts, EVACUATE_A)), 'hostIncident', 'bottom'], initialState({ columns: 80, rows: 12 }), hosts);
    const rows = incidentRows(hosts, hostView(s));
    expect(rows.at(-1)?.text).toMatch(/^ {4}instances node1 held but no line/);
    expect(hostView(s).cursor.selected).toBe(rows.length - 1);
    expect(run(['down'], s, hosts)).toEqual(s);
    expect(hostView(run(['top'], s, hosts)).cursor).toEqual({ selected: 0, top: 0 });
  });

  it.each<[string, Operation, string]>([
    ['a host with no incident', BOOT, 'cmp1: no host failure in these logs'],
    ['several hosts, none with one', MIGRATING, 'cmp1, cmp2: no host failure in these logs'],
    ['no host at all', REJECTED, 'this operation names no host'],
  ])('H on an operation of %s: the footer says so, nothing else changes', (_name, op, notice) => {
    const m = buildModel([op], [], PARSE, undefined, null, [], hosts.hostIncidents);
    const before = initialState(SIZE);
    expect(run(['hostIncident'], before, m)).toEqual({ ...before, notice });
  });

  it('of several hosts, the first with an incident; an evacuation is its source, whatever its other hosts', () => {
    const both = operation({ type: 'resize', instance: A, request: 'req-1', outcome: 'succeeded', start: 0, end: 1, hosts: ['node2', 'node1'] });
    const m = buildModel([both], [], PARSE, undefined, null, [], hosts.hostIncidents);
    expect(run(['hostIncident'], initialState(SIZE), m).stack.map((v) => v.kind)).toEqual(['list', 'host']);
    const back = operation({ type: 'evacuate', instance: A, request: 'req-2', outcome: 'succeeded', start: 0, end: 1, hosts: ['node2', 'node1'], source: 'node2', destination: 'node1' });
    const m2 = buildModel([back], [], PARSE, undefined, null, [], hosts.hostIncidents);
    expect(run(['hostIncident'], initialState(SIZE), m2).notice).toBe('node2: no host failure in these logs');
  });

  it('H while following: the footer says that host failures are found once the logs end', () => {
    const live = buildModel([BOOT], [], PARSE, undefined, { states: new Map([[BOOT.id, 'in-progress']]), status: 'following 4 files' });
    const before = initialState(SIZE);
    expect(run(['hostIncident'], before, live)).toEqual({ ...before, notice: 'host failures are found once the logs end: novatrace host <host> <logs>' });
  });

  it('H is bound in the list and the timeline only, and clashes with no other key there', () => {
    expect(commandFor('H', 'list')).toBe('hostIncident');
    expect(commandFor('H', 'timeline')).toBe('hostIncident');
    expect(commandFor('H', 'detail')).toBeNull();
    expect(commandFor('H', 'host')).toBeNull();
    for (const view of ['list', 'timeline'] as const) {
      expect(KEY_TABLE.filter((b) => b.views.includes(view) && b.keys.includes('H')).length).toBe(1);
    }
  });
});

describe('NO_COLOR', () => {
  it.each<[string, NodeJS.ProcessEnv, boolean]>([
    ['unset', {}, true],
    ['empty', { NO_COLOR: '' }, true],
    ['1', { NO_COLOR: '1' }, false],
    ['any text', { NO_COLOR: 'yes' }, false],
  ])('%s', (_name, env, colors) => {
    expect(colorsEnabled(env)).toBe(colors);
  });
});
