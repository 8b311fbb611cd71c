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
});
