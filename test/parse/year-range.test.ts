// oslo.log writes the system clock, which cannot be before the epoch: `0001-01-01` (which Date.UTC reads as 1901)
// is not a time it wrote. The line is unparsed, counted and shown, never an entry dated 1901.

import { describe, expect, it } from 'vitest';
import { parseLines } from '../helpers.js';

describe('timestamps outside what oslo.log can write', () => {
  it.each(['0001-01-01 00:00:00.000', '1969-12-31 23:59:59.999', '0099-05-01 10:00:00.000'])('%s is unparsed, not an entry', (stamp) => {
    const { entries, stats } = parseLines([
      '2026-11-22 02:40:05.100 22606 INFO nova.compute.manager [-] before',
      `${stamp} 1 INFO nova.compute.manager [-] out of range`,
    ]);
    expect(entries.map((e) => e.message)).toEqual(['before']);
    expect(stats.unparsed).toBe(1);
    expect(stats.unparsedSamples.map((s) => s.line)).toEqual([2]);
  });

  it('1970 on is read', () => {
    const { entries } = parseLines(['1970-01-01 00:00:01.000 1 INFO nova.compute.manager [-] epoch']);
    expect(entries.map((e) => e.time)).toEqual([1000]);
  });
});
