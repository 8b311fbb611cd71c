// FollowSession's time order across files: a file whose bytes wait unread (the follower's `waiting`) holds the
// others back even before it gave a line, so its older lines reach the engine in order; without that, the same
// lines come late, and the session says so, once, naming the first.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FollowSession } from '../../src/live/session.js';
import { OPTIONS, ROOT } from '../helpers.js';

const FIXTURE = join(ROOT, 'fixtures', 'operations', 'boot-zed');
const lines = (name: string): string[] => readFileSync(join(FIXTURE, name), 'utf8').trimEnd().split('\n');
const session = (): FollowSession => new FollowSession(OPTIONS, { live: { settleMs: 1000, idleTimeoutMs: 600_000, updateEveryMs: 1000, keep: 0, keepEntries: false } });

/** Compute's lines are read and ticked, then the API's (older) lines. */
function computeThenApi(waiting: ReadonlySet<string>): FollowSession {
  const s = session();
  s.lines('n-cpu.log', 1, lines('n-cpu-node2.log'), 0);
  s.tick(100, waiting);
  s.lines('n-api.log', 1, lines('n-api.log'), 200);
  s.tick(300);
  return s;
}

describe('FollowSession across files', () => {
  it('holds compute\'s lines back while the API log has bytes waiting, so none comes late', () => {
    expect(computeThenApi(new Set(['n-api.log'])).lateWarning()).toBeNull();
  });

  it('says the API lines came late when nothing said bytes waited in its log', () => {
    const s = computeThenApi(new Set());
    const warning = s.lateWarning();
    expect(warning?.path).toBe('n-api.log');
    expect(warning?.message).toMatch(/^\d+ entries came after newer ones from other files had been analyzed \(first: n-api\.log:1 at 2023-02-07T10:14:05\.120Z, /);
    // Said once: nothing new since.
    expect(s.lateWarning()).toBeNull();
  });

  // Juno's vmlife.log of two compute hosts written into one file (as bench/live-replay.mjs maps both hosts' var/log/
  // nova): its last line is 1.4 s older than the line before it, and the parser holds it until the file is quiet.
  it('holds the other files back to the time of an entry the parser still holds, not only to its file\'s newest', () => {
    const I = '[instance: a18a5824-4215-4e24-bcfc-cb9f89f6bcbd]';
    const s = session();
    s.lines('vmlife.log', 1, [
      `2015-10-29 10:54:28.969 29022 INFO nova.compute.manager [-] ${I} VM Stopped (Lifecycle Event)`,
      `2015-10-29 10:54:27.592 21476 INFO nova.compute.manager [-] ${I} VM Resumed (Lifecycle Event)`,
    ], 0);
    s.lines('nova-compute.log', 1, [
      `2015-10-29 10:54:28.647 21476 DEBUG nova.compute.manager [-] ${I} Synchronizing instance power state after lifecycle event "Resumed"; current vm_state: active`,
      `2015-10-29 10:54:29.147 21476 INFO nova.compute.manager [-] ${I} During the sync_power process the instance has moved from host hp-ms-01-c29 to host hp-ms-01-c30`,
    ], 0);
    // Both parsers hold their last entry: nothing older than vmlife's held 10:54:27.592 may go yet.
    s.tick(100);
    // Quiet for 200 ms: the held entries are let go, and vmlife's older one comes in its place, not late.
    s.tick(400);
    expect(s.lateWarning()).toBeNull();
  });
});
