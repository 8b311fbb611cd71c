// The notes of where each operation's lines are (commands/analysis-cache.ts EntryRefs), as the cache stores them: each
// operation's span in note order, an ID noted twice written not at all (before or after a checkpoint), and refs
// checkpointed and restored written as the same bytes as refs that never stopped.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EntryRefs, refsWritten } from '../../src/commands/analysis-cache.js';
import { CacheStore } from '../../src/io/cache/store.js';
import type { Operation } from '../../src/model/operation.js';
import type { EntryPlace } from '../../src/model/unattached-error.js';

const KEY = 'a reading';

function refsIn(dir: string): { refs: EntryRefs; store: CacheStore } {
  const store = new CacheStore(dir);
  return { refs: new EntryRefs(store.writer('entries', KEY)), store };
}

/** Places of `n` lines of a file, from `line` on. */
const places = (file: string, line: number, n: number, instance: string | null = null): EntryPlace[] =>
  Array.from({ length: n }, (_v, k) => ({ file, line: line + k, host: k % 2 === 0 ? 'node1' : null, instance }));

const op = (id: string): Operation => ({ id }) as Operation;

/** The stored refs' JSON tail (files, names, ops, samples) and their numbers. */
function stored(store: CacheStore): { tail: { files: string[]; names: string[]; ops: [string, [number, number]][] }; numbers: number } | null {
  const bytes = store.get('entries', KEY);
  if (bytes === null) return null;
  const tailLength = bytes.readUInt32LE(bytes.length - 4);
  return { tail: JSON.parse(bytes.toString('utf8', bytes.length - 4 - tailLength, bytes.length - 4)), numbers: (bytes.length - 4 - tailLength) / 4 };
}

const NOTED: readonly [string, EntryPlace[]][] = [
  ['req-1:aaaa', places('n-api.log', 1, 3, 'aaaa')],
  ['req-2:bbbb', places('n-cpu.log', 10, 5, 'bbbb')],
  ['req-3', places('n-api.log', 40, 1)],
  ['req-4:cccc', places('n-cond.log', 7, 20000, 'cccc')],
];

describe('EntryRefs', () => {
  it('stores each operation\'s span, in the order noted', () => {
    const { refs, store } = refsIn(mkdtempSync(join(tmpdir(), 'novatrace-refs-')));
    for (const [id, lines] of NOTED) refs.note(op(id), lines);
    refs.noteSamples([], () => []);
    expect(refs.commit()).toBe(true);
    const s = stored(store);
    expect(s?.tail.ops).toEqual([['req-1:aaaa', [0, 3]], ['req-2:bbbb', [3, 5]], ['req-3', [8, 1]], ['req-4:cccc', [9, 20000]]]);
    expect(s?.tail.files).toEqual(['n-api.log', 'n-cpu.log', 'n-cond.log']);
    expect(s?.numbers).toBe(4 * 20009);
  });

  it('writes nothing when an ID is noted twice', () => {
    const { refs, store } = refsIn(mkdtempSync(join(tmpdir(), 'novatrace-refs-')));
    for (const [id, lines] of [...NOTED, NOTED[1] as [string, EntryPlace[]]]) refs.note(op(id), lines);
    expect(refs.commit()).toBe(false);
    expect(stored(store)).toBeNull();
  });

  it('goes on from a checkpoint to the same bytes; an ID noted before it and again after it is noted twice', () => {
    const whole = refsIn(mkdtempSync(join(tmpdir(), 'novatrace-refs-')));
    for (const [id, lines] of NOTED) whole.refs.note(op(id), lines);
    whole.refs.noteSamples([], () => []);
    expect(whole.refs.commit()).toBe(true);

    for (const again of [false, true]) {
      const dir = mkdtempSync(join(tmpdir(), 'novatrace-refs-'));
      const first = refsIn(dir);
      for (const [id, lines] of NOTED.slice(0, 3)) first.refs.note(op(id), lines);
      const state = first.refs.checkpoint();
      expect([...state.ops.keys()]).toEqual(['req-1:aaaa', 'req-2:bbbb', 'req-3']);
      expect(state.ambiguous).toBe(false);
      // What the first reading committed: its refs' first bytes are the second's.
      first.refs.noteSamples([], () => []);
      expect(first.refs.commit()).toBe(true);
      const written = refsWritten(first.store, KEY, state.written) as Buffer;
      const second = refsIn(dir);
      second.refs.restore(state, written);
      second.refs.note(op(again ? 'req-2:bbbb' : 'req-4:cccc'), (NOTED[3] as [string, EntryPlace[]])[1]);
      second.refs.noteSamples([], () => []);
      expect(second.refs.commit()).toBe(!again);
      if (!again) expect(second.store.get('entries', KEY)?.equals(whole.store.get('entries', KEY) as Buffer)).toBe(true);
    }
  });
});
