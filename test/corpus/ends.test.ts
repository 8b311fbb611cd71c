// Every operation of every shared real set ends at one of its own steps: the line at its end is one of its lines,
// and not a periodic task's (Nova leaks a user's request ID into the resource audit, the info-cache heal, the
// power-state sync: their lines are no step of the operation and never stretch it), nor a lifecycle event or the
// power-state sync that follows one. Skipped, with the reason printed, only where ../shared/realdata is absent.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/commands/analysis.js';
import { PERIODIC_CODE, PERIODIC_LOGGER } from '../../src/correlate/request-group.js';
import type { LogEntry } from '../../src/model/entry.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { HAS_REALDATA, REALDATA } from '../helpers.js';

if (!HAS_REALDATA) console.warn(`ends corpus test skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
if (!HAS_REALDATA && process.env['CI']) throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);

const SETS: readonly (readonly [string, string, string | null])[] = [
  ['zed-rig full', 'zed-rig/full', null],
  ['zed-rig-hostevac full', 'zed-rig-hostevac/full', null],
  ['devstack-ci-mitaka', 'devstack-ci-mitaka', null],
  ['live-migration-juno', 'live-migration-juno/logs', null],
  ['devstack-journal-2023', 'devstack-journal-2023', null],
  ['fault-injection-queens Test_2', 'fault-injection-queens/Nova/Test_2/logs/round_2/nova', '+02:00'],
  ['fault-injection-queens Test_12', 'fault-injection-queens/Nova/Test_12/logs/round_1/nova', '+02:00'],
  ['fault-injection-queens-dev Test_10', 'fault-injection-queens-dev/Nova/Test_10/logs/round_1/nova', '+02:00'],
  ['fault-injection-queens-dev Test_28', 'fault-injection-queens-dev/Nova/Test_28/logs/round_1/nova', '+02:00'],
];

// `Checking state` is not here: under the operation's own request it is the last step of a pause or a rescue.
const LIFECYCLE = /^(?:VM .+ \(Lifecycle Event\)$|Lifecycle event \d+ on VM |Synchronizing instance power state after lifecycle event |During (?:sync_power_state|_sync_instance_power_state) )/;
const periodic = (e: LogEntry): boolean => (e.logger !== null && PERIODIC_LOGGER.test(e.logger))
  || (e.location !== null && PERIODIC_CODE.test(e.location.func)) || /^Running periodic task /.test(e.message);

describe.skipIf(!HAS_REALDATA)('every operation ends at one of its own steps', () => {
  it.each(SETS)('%s', async (_name, dir, tz) => {
    const { operations } = await analyzeInputs([join(REALDATA, dir)], parseOptionsFrom(tz === null ? {} : { tz }), () => {}, () => true);
    expect(operations.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const op of operations) {
      if (!op.timed) continue;
      const atEnd = (op.entries ?? []).filter((e) => e.time !== null && Math.abs(e.time - op.end) < 0.001);
      const step = atEnd.find((e) => !periodic(e) && !LIFECYCLE.test(e.message));
      if (step === undefined) wrong.push(`${op.type} ${op.requestIds[0] ?? ''}: ends at ${new Date(op.end).toISOString()} on ${atEnd.map((e) => e.message.slice(0, 60)).join(' | ') || 'no line of it'}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);
});
