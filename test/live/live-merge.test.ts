// LiveMerge: followed files' entries leave in time order once no pending file can still give an older one; ties
// go to the file that sorts first; a file's own entries out of order (workers sharing it) are sorted; an entry
// with no time stays after the one before it in its file.

import { describe, expect, it } from 'vitest';
import { LiveMerge } from '../../src/live/live-merge.js';
import type { LogEntry } from '../../src/model/entry.js';
import { REORDER_WINDOW_MS } from '../../src/merge/reorder.js';

function entry(file: string, time: number | null, message: string): LogEntry {
  return {
    time, precision: 3, service: 'compute', host: null, pid: null, level: 'INFO', logger: null, globalRequestId: null, requestId: null,
    user: null, project: null, instance: null, message, location: null, continuation: [], file, line: 1, dialect: 'oslo',
  };
}

function merge(): { m: LiveMerge; out: string[] } {
  const out: string[] = [];
  return { m: new LiveMerge((e) => out.push(e.message)), out };
}

describe('LiveMerge', () => {
  it('holds a file\'s later entries while another pending file has not caught up, then lets them go in order', () => {
    const { m, out } = merge();
    m.push('b.log', entry('b.log', 10, 'b10'));
    m.push('b.log', entry('b.log', 30, 'b30'));
    m.push('a.log', entry('a.log', 20, 'a20'));
    // a.log still has bytes to read (its newest is 20): nothing after 20 may go.
    m.release((p) => p === 'a.log');
    expect(out).toEqual(['b10', 'a20']);
    expect(m.held).toBe(1);
    m.push('a.log', entry('a.log', 25, 'a25'));
    m.release(() => false);
    expect(out).toEqual(['b10', 'a20', 'a25', 'b30']);
    expect(m.held).toBe(0);
  });

  it('gives ties to the file that sorts first, whichever came first', () => {
    const { m, out } = merge();
    m.push('n-sch.log', entry('n-sch.log', 5, 'sch'));
    m.push('n-api.log', entry('n-api.log', 5, 'api'));
    m.releaseAll();
    expect(out).toEqual(['api', 'sch']);
  });

  it('sorts a file\'s own entries that came out of order, keeping the order of equal times', () => {
    const { m, out } = merge();
    for (const [t, name] of [[3, 'x3'], [1, 'x1'], [2, 'x2a'], [2, 'x2b']] as const) m.push('x.log', entry('x.log', t, name));
    m.releaseAll();
    expect(out).toEqual(['x1', 'x2a', 'x2b', 'x3']);
  });

  it('keeps an entry with no time after the one before it in its file', () => {
    const { m, out } = merge();
    m.push('a.log', entry('a.log', 10, 'a10'));
    m.push('a.log', entry('a.log', null, 'a-none'));
    m.push('b.log', entry('b.log', 11, 'b11'));
    m.releaseAll();
    expect(out).toEqual(['a10', 'a-none', 'b11']);
  });

  it('lets nothing go while a pending file has given nothing yet', () => {
    const { m, out } = merge();
    m.push('a.log', entry('a.log', 10, 'a10'));
    m.push('b.log', entry('b.log', 0, 'placeholder'));
    m.release(() => false);
    expect(out).toEqual(['placeholder', 'a10']);
    m.push('a.log', entry('a.log', 20, 'a20'));
    // c.log was seen (it gave an entry) and is pending again at an old time.
    m.push('c.log', entry('c.log', 15, 'c15'));
    m.release((p) => p === 'c.log');
    expect(out).toEqual(['placeholder', 'a10', 'c15']);
  });

  it('holds every entry back while a file known to hold unread bytes has given none yet', () => {
    const { m, out } = merge();
    m.push('a.log', entry('a.log', 10, 'a10'));
    m.know('b.log');
    m.release((p) => p === 'b.log');
    expect(out).toEqual([]);
    m.push('b.log', entry('b.log', 5, 'b5'));
    m.release(() => false);
    expect(out).toEqual(['b5', 'a10']);
    expect(m.takeLate().count).toBe(0);
  });

  it('counts as late an entry more than the reorder window older than one let go, and names the first', () => {
    const { m } = merge();
    m.push('a.log', entry('a.log', 10_000, 'a10s'));
    m.release(() => false);
    // Within the offline merge's reorder window (1 s): not late.
    m.push('b.log', { ...entry('b.log', 10_000 - REORDER_WINDOW_MS, 'b9s'), line: 3 });
    // No time: it keeps its place, it is not late.
    m.push('b.log', { ...entry('b.log', null, 'b-none'), line: 4 });
    expect(m.takeLate()).toEqual({ count: 0, first: null });
    m.push('c.log', { ...entry('c.log', 8_000, 'c8s'), line: 7 });
    m.push('c.log', { ...entry('c.log', 7_000, 'c7s'), line: 8 });
    expect(m.takeLate()).toEqual({ count: 2, first: { path: 'c.log', line: 7, time: 8_000, released: 10_000 } });
    // Counted and named again from the last time they were taken.
    expect(m.takeLate()).toEqual({ count: 0, first: null });
    m.push('c.log', { ...entry('c.log', 1_000, 'c1s'), line: 9 });
    expect(m.takeLate()).toEqual({ count: 1, first: { path: 'c.log', line: 9, time: 1_000, released: 10_000 } });
  });

  it('names the files to read first once it holds enough: those whose newest entry is oldest, a file that gave none first', () => {
    const m = new LiveMerge(() => undefined, 20);
    for (let t = 1; t <= 19; t++) m.push('a.log', entry('a.log', 100 + t, `a${t}`));
    // 19 held, fewer than 20: any order will do.
    expect(m.readFirst(['a.log', 'b.log'])).toBeNull();
    m.push('b.log', entry('b.log', 10, 'b10'));
    expect(m.readFirst(['a.log', 'b.log'])).toEqual(new Set(['b.log']));
    // Only the files asked about count, and ties are all named.
    m.push('c.log', entry('c.log', 119, 'c119'));
    expect(m.readFirst(['a.log', 'c.log'])).toEqual(new Set(['a.log', 'c.log']));
    // A file that gave no entry yet may give the oldest of all.
    m.know('e.log');
    expect(m.readFirst(['a.log', 'b.log', 'e.log', 'new.log'])).toEqual(new Set(['e.log', 'new.log']));
    // Once choosing, it goes on while a tenth of the bound is held (2 of 20): what a.log holds back stays.
    m.push('c.log', entry('c.log', 300, 'c300'));
    m.push('c.log', entry('c.log', 301, 'c301'));
    m.release((p) => p === 'a.log');
    expect(m.held).toBe(2);
    expect(m.readFirst(['a.log', 'c.log'])).toEqual(new Set(['a.log']));
    m.releaseAll();
    expect(m.readFirst(['a.log', 'c.log'])).toBeNull();
  });
});
