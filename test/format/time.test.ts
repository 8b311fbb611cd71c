// formatIso writes the date and time of day by arithmetic, with the date taken from Date once a day: it must write
// exactly what Date's toISOString writes, for times in any order, at every precision.

import { describe, expect, it } from 'vitest';
import { formatIso } from '../../src/format/time.js';

/** What formatIso writes, by Date alone (microseconds from the fraction of the millisecond, as the parser keeps them). */
function byDate(time: number, precision: number): string {
  const ms = Math.floor(time);
  const iso = new Date(ms).toISOString();
  if (precision === 0) return `${iso.slice(0, 19)}Z`;
  if (precision === 3) return iso;
  return `${iso.slice(0, 23)}${String(Math.min(999, Math.round((time - ms) * 1000))).padStart(3, '0')}Z`;
}

describe('formatIso', () => {
  it('writes what toISOString writes, around midnights, leap days, the epoch and out of order', () => {
    const times = [0, -1, -1000.5, 86_399_999, 86_400_000, 951_782_399_999, 951_782_400_000, 1_445_939_574_792.123, 1_704_067_199_999.999, 4_102_444_800_000];
    // A seeded walk, back and forth over two centuries: no day or second is reused in order.
    let seed = 12345;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 20_000; i++) times.push(Math.floor((next() - 0.2) * 5e12) + Math.floor(next() * 1000) / 1000);
    for (const t of times) for (const p of [0, 3, 6]) expect(formatIso(t, p)).toBe(byDate(t, p));
  });
});
