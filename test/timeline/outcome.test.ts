// The outcome table, row by row: for each row, facts that reach it (every row above says no) give its outcome,
// settledness and reason; and the row above it, when it also holds, wins. The facts are the ones Nova's lines give
// in the cases each row was written for (catalog sections named per row).

import { describe, expect, it } from 'vitest';
import { OUTCOME_RULES, decideOutcome } from '../../src/timeline/outcome.js';
import type { OutcomeFacts } from '../../src/timeline/outcome.js';

/** An accepted request whose compute side logged and finished, with nothing notable: the last row's case. */
const QUIET: OutcomeFacts = {
  httpStatus: 202, failed: false, doneByApi: false, doneLine: false, unanswered: false, lockHeld: false,
  logsEndSoon: false, missingDone: null, computeSilent: false, computeNeverLogged: false, missingBegin: null,
};

const CASES: ReadonlyArray<{ readonly row: string; readonly facts: Partial<OutcomeFacts>; readonly expected: ReturnType<typeof decideOutcome> }> = [
  {
    // Catalog 5.2: conductor's `Failed to schedule instances: IndexError ...`, then nova-api answers the create 500
    // (fault-injection-queens-dev Test_136).
    row: 'failed behind the API', facts: { httpStatus: 500, failed: true, computeSilent: true },
    expected: { outcome: 'failed', reason: null, settled: true, untilLogsGoOn: false, rule: 'failed behind the API' },
  },
  {
    // Catalog 3.2: `HTTP exception thrown: Cannot 'os-stop' instance ... while it is in vm_state stopped` (409).
    row: 'refused by the API', facts: { httpStatus: 409, failed: true, logsEndSoon: true, computeSilent: true },
    expected: { outcome: 'rejected', reason: null, settled: true, untilLogsGoOn: false, rule: 'refused by the API' },
  },
  {
    // Catalog 7.1: `Instance failed to spawn`, with the build's lock still held when the logs end.
    row: 'a line says it failed', facts: { failed: true, lockHeld: true, doneLine: true },
    expected: { outcome: 'failed', reason: null, settled: true, untilLogsGoOn: false, rule: 'a line says it failed' },
  },
  {
    // Catalog 7.17: lock is done in nova-api; 7.5 a: `Doing local delete in cell` when no host has the instance.
    row: 'done when the API answered', facts: { doneByApi: true, logsEndSoon: true, computeSilent: true },
    expected: { outcome: 'succeeded', reason: null, settled: true, untilLogsGoOn: false, rule: 'done when the API answered' },
  },
  {
    // Catalog 7.1: `Took 2.61 seconds to build instance.` while the logs end a second later.
    row: 'a line says it finished', facts: { doneLine: true, logsEndSoon: true, missingDone: null },
    expected: { outcome: 'succeeded', reason: null, settled: true, untilLogsGoOn: false, rule: 'a line says it finished' },
  },
  {
    // Catalog 3.1: the dispatch line (`Action: 'action', ... body: {"os-stop": null}`) and no access line.
    row: 'nova-api never answered', facts: { httpStatus: null, unanswered: true, lockHeld: true },
    expected: {
      outcome: 'incomplete', reason: 'nova-api took the request and the logs end before it answered', settled: false, untilLogsGoOn: false,
      rule: 'nova-api never answered',
    },
  },
  {
    // Catalog 4.3: `Lock "<uuid>" acquired by "...do_stop_instance"` and no release.
    row: 'compute holds the instance lock', facts: { lockHeld: true, logsEndSoon: true, missingDone: 'x' },
    expected: {
      outcome: 'incomplete', reason: 'compute took the instance lock and the logs end before it let go', settled: false, untilLogsGoOn: false,
      rule: 'compute holds the instance lock',
    },
  },
  {
    // Catalog 7.16: a live migration on libvirt always ends with `Migrating instance to <host> finished successfully`.
    row: 'the logs end before a line compute always logs',
    facts: { logsEndSoon: true, missingDone: 'the line compute always logs when it finishes', computeSilent: true },
    expected: {
      outcome: 'incomplete', reason: 'the logs end before the line compute always logs when it finishes', settled: false, untilLogsGoOn: true,
      rule: 'the logs end before a line compute always logs',
    },
  },
  {
    // An accepted stop the logs end on before nova-compute said anything of it.
    row: 'the logs end before compute logged anything', facts: { logsEndSoon: true, computeSilent: true },
    expected: {
      outcome: 'incomplete', reason: 'accepted, and the logs end before compute logged anything of it', settled: false, untilLogsGoOn: true,
      rule: 'the logs end before compute logged anything',
    },
  },
  {
    // A create answered 202 whose conductor was never called: no line of it on the DEBUG compute host, whose log goes
    // on (fault-injection-queens-dev Test_172).
    row: 'compute never logged it', facts: { logsEndSoon: false, computeSilent: true, computeNeverLogged: true },
    expected: {
      outcome: 'incomplete', reason: 'accepted, and compute never logged anything of it', settled: false, untilLogsGoOn: false,
      rule: 'compute never logged it',
    },
  },
  {
    // An attach nova-api accepted (compute already took `do_reserve` for its device name) whose compute host never
    // logged `Attaching volume <id> to <device>` while its log went on.
    row: 'compute never began it', facts: { logsEndSoon: false, missingBegin: '"Attaching volume ... to ..."' },
    expected: {
      outcome: 'incomplete', reason: 'accepted, and compute never logged "Attaching volume ... to ..."', settled: false, untilLogsGoOn: false,
      rule: 'compute never began it',
    },
  },
  {
    // A fake-driver stop (zed-rig): the lock taken and let go, no done line promised on that driver.
    row: 'nothing says otherwise', facts: { logsEndSoon: true },
    expected: { outcome: 'succeeded', reason: null, settled: false, untilLogsGoOn: false, rule: 'nothing says otherwise' },
  },
];

describe('the outcome table', () => {
  it('has a case here for every row, in its order', () => {
    expect(CASES.map((c) => c.row)).toEqual(OUTCOME_RULES.map((r) => r.name));
  });

  it.each(CASES)('$row', ({ facts, expected }) => {
    expect(decideOutcome({ ...QUIET, ...facts })).toEqual(expected);
  });

  it.each(CASES.slice(1).map((c, i) => [c.row, OUTCOME_RULES[i]?.name, c] as const))('%s loses to the row above it (%s)', (_row, _above, c) => {
    // This row's facts plus what made the row above hold: the row above decides.
    const above = CASES[CASES.indexOf(c) - 1];
    expect(decideOutcome({ ...QUIET, ...c.facts, ...above?.facts }).rule).toBe(above?.row);
  });

  it('without the rows that end on the logs, an operation the logs end on reads succeeded', () => {
    const rows = OUTCOME_RULES.filter((r) => !r.untilLogsGoOn);
    expect(decideOutcome({ ...QUIET, logsEndSoon: true, computeSilent: true }, rows).outcome).toBe('succeeded');
  });
});
