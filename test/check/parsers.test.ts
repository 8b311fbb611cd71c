// Durations, count expressions and percentiles: the small parsers and statistics rules are built from.

import { describe, expect, it } from 'vitest';
import { countHolds, parseCount } from '../../src/check/count-expression.js';
import { parseDuration } from '../../src/parse/duration.js';
import { median, percentile } from '../../src/check/percentile.js';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['0s', 0],
    ['.5s', 500],
    [' 20 s ', 20_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['a bare number (seconds or milliseconds?)', 30],
    ['a bare number as text', '30'],
    ['an unknown unit', '3d'],
    ['a negative duration', '-1s'],
    ['two units', '1m30s'],
    ['words', 'fast'],
    ['an empty string', ''],
    ['null', null],
  ])('refuses %s', (_name, value) => {
    expect(parseDuration(value)).toBeNull();
  });
});

describe('count expressions', () => {
  it.each([
    [3, 3, true], [3, 4, false],
    ['3', 3, true],
    ['== 12', 12, true], ['==12', 11, false],
    ['>= 3', 3, true], ['>= 3', 2, false],
    ['> 3', 3, false], ['> 3', 4, true],
    ['< 2', 1, true], ['< 2', 2, false],
    ['<= 0', 0, true],
    ['!= 0', 0, false], ['!= 0', 5, true],
  ])('%j with %d operations holds: %s', (text, count, holds) => {
    const expression = parseCount(text);
    expect(expression).not.toBeNull();
    expect(countHolds(expression!, count)).toBe(holds);
  });

  it.each([['=> 3'], ['>= -1'], ['three'], [2.5], [-1], ['>='], [null], [true]])('refuses %j', (value) => {
    expect(parseCount(value)).toBeNull();
  });
});

describe('percentile (linear between closest ranks)', () => {
  it.each([
    ['one value', [7], 95, 7],
    ['median of an odd count', [5, 1, 3], 50, 3],
    ['median of an even count: mean of the middle two', [4, 1, 3, 2], 50, 2.5],
    ['max is p100', [1, 9, 4], 100, 9],
    ['p0 is the minimum', [4, 2, 8], 0, 2],
    // ranks 0..9; p95 sits at rank 8.55: 9 + 0.55 * (10 - 9)
    ['p95 of 1..10', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 9.55],
    ['p90 of 10, 20, 30, 40, 50 (rank 3.6)', [50, 10, 40, 20, 30], 90, 46],
  ])('%s', (_name, values, p, expected) => {
    expect(percentile(values, p)).toBeCloseTo(expected, 10);
  });

  it('has none of no values, and does not reorder its input', () => {
    expect(percentile([], 50)).toBeNull();
    const values = [3, 1, 2];
    expect(median(values)).toBe(2);
    expect(values).toEqual([3, 1, 2]);
  });
});
