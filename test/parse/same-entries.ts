// Entries given back by the entry codec, or by another thread, against the parser's own: every field, exactly.

import { expect } from 'vitest';
import type { CodeLocation, LogEntry } from '../../src/model/entry.js';

/** Decoded entries equal to the originals field by field, keys in the same order, -0 and NaN as they were. */
export function expectSameEntries(decoded: readonly LogEntry[], original: readonly LogEntry[]): void {
  expect(decoded.length).toBe(original.length);
  decoded.forEach((d, i) => {
    const o = original[i] as LogEntry;
    expect(Object.keys(d)).toEqual(Object.keys(o));
    expect(d).toStrictEqual(o);
    expect(Object.is(d.time, o.time)).toBe(true);
    expect(Object.is(d.pid, o.pid)).toBe(true);
    if (o.location !== null) expect(Object.keys(d.location as CodeLocation)).toEqual(Object.keys(o.location));
  });
}
