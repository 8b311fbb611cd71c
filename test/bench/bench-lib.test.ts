// npm run bench's arithmetic (bench/bench-lib.mjs) and the copies it appends (bench/corpus.mjs's copyLines): the
// goals' verdicts, the scaling verdict, the grown run's byte targets, where a line of the 4-file shape sits in the
// corpus of copies, and "the next day's copy" as real lines with later dates and fresh IDs.

import { describe, expect, it } from 'vitest';
import { fourFilesToCopies, growthTargets, linearWord, median, offersCache, quantile, rssSpreadOf, scalingVerdict, verdict, verdictWord } from '../../bench/bench-lib.mjs';
import { copyLines, copyName } from '../../bench/corpus.mjs';

describe('median', () => {
  it.each([
    ['odd count', [3, 1, 2], 2],
    ['even count', [4, 1, 3, 2], 2.5],
    ['one', [7], 7],
  ])('%s', (_name, xs, expected) => {
    expect(median(xs)).toBe(expected);
  });
});

describe('offersCache: whether a build has the persistent index', () => {
  it.each([
    ['lists --cache <dir>', '  --json     print JSON\n  --cache <dir>  the cache folder\n  --no-cache  skip it\n', true],
    ['lists --cache=DIR style', '  --cache=DIR   the cache folder\n', true],
    ['lists only --no-cache', '  --json     print JSON\n  --no-cache  skip it\n', false],
    ['lists neither', '  --json     print JSON\n  -h, --help  display help\n', false],
    ['names a longer option', '  --cache-size <n>  something else\n', false],
  ])('%s', (_name, help, expected) => {
    expect(offersCache(help)).toBe(expected);
  });
});

describe('verdict', () => {
  it.each([
    ['at most: under', 0.4, 0.5, {}, true],
    ['at most: equal', 0.5, 0.5, {}, true],
    ['at most: over', 0.6, 0.5, {}, false],
    ['strictly under: equal', 0.5, 0.5, { strict: true }, false],
    ['at least: over', 120, 115, { atLeast: true }, true],
    ['at least: under', 110, 115, { atLeast: true }, false],
    ['not measured', null, 1, {}, null],
    ['no number', Number.NaN, 1, {}, null],
  ] as const)('%s', (_name, value, limit, options, expected) => {
    expect(verdict(value, limit, options)).toBe(expected);
  });

  it('words a skipped goal with its reason', () => {
    expect([verdictWord(true), verdictWord(false), verdictWord(null), verdictWord(null, 'no --cache')])
      .toEqual(['PASS', 'FAIL', 'n/a', 'skipped: no --cache']);
  });
});

describe('growthTargets: a grown run appends a fraction of each service in proportion', () => {
  const corpus = { copies: 10, sources: { api: { bytes: 1000 }, cpu: { bytes: 3000 } } };

  it('gives each service the fraction of its bytes in the corpus, and the input grows by the fraction in all', () => {
    const targets = growthTargets(corpus, ['api', 'cpu'], 0.01);
    expect(targets).toEqual({ api: 0.01 * 1000 * 10, cpu: 0.01 * 3000 * 10 });
    expect((targets['api'] ?? 0) + (targets['cpu'] ?? 0)).toBe(0.01 * (1000 + 3000) * 10);
  });
});

describe('scalingVerdict', () => {
  it('time proportional to the input and RSS level beyond the smallest: linear and flat', () => {
    const v = scalingVerdict([
      { mb: 75, seconds: 1.0, rssMb: 120 },
      { mb: 150, seconds: 2.1, rssMb: 200 },
      { mb: 300, seconds: 4.0, rssMb: 210 },
      { mb: 1200, seconds: 16.5, rssMb: 205 },
    ]);
    expect(v.linear).toBe(true);
    expect(v.rssFlat).toBe(true); // the smallest size's lower RSS does not count
  });

  it('a cost per added MB growing by more than 20% is not linear', () => {
    const v = scalingVerdict([
      { mb: 100, seconds: 1.0, rssMb: 100 },
      { mb: 200, seconds: 2.0, rssMb: 100 },
      { mb: 400, seconds: 5.0, rssMb: 100 },
    ]);
    // 1 s for the second 100 MB, 3 s for the next 200 MB: 0.010 then 0.015 s per MB.
    expect(v.marginalSecondsPerMb[0]).toBeCloseTo(0.01);
    expect(v.marginalSecondsPerMb[1]).toBeCloseTo(0.015);
    expect(v.slopeSpread).toBeCloseTo(1.5);
    expect(v.linear).toBe(false);
  });

  it('a fixed start-up makes time per MB fall, and time is still linear', () => {
    // 0.5 s of start-up, then 0.01 s per MB: time per MB falls from 0.015 to 0.0104.
    const v = scalingVerdict([100, 200, 400, 1600].map((mb) => ({ mb, seconds: 0.5 + 0.01 * mb, rssMb: 100 })));
    expect(v.timeSpread).toBeGreaterThan(1.4);
    expect(v.slopeSpread).toBeCloseTo(1);
    expect(v.linear).toBe(true);
  });

  it('a larger input no slower than a smaller one judges nothing by: not linear', () => {
    const v = scalingVerdict([
      { mb: 100, seconds: 2.0, rssMb: 100 },
      { mb: 200, seconds: 1.9, rssMb: 100 },
      { mb: 400, seconds: 4.0, rssMb: 100 },
    ]);
    expect(Number.isNaN(v.slopeSpread)).toBe(true);
    expect(v.linear).toBe(false);
  });

  it('RSS growing with the input beyond the smallest is not flat, whatever order the points come in', () => {
    const v = scalingVerdict([
      { mb: 1200, seconds: 12, rssMb: 900 },
      { mb: 75, seconds: 0.75, rssMb: 100 },
      { mb: 300, seconds: 3, rssMb: 250 },
    ]);
    expect(v.rssFlat).toBe(false);
    expect(v.secondsPerMb).toEqual([0.01, 0.01, 0.01]);
  });

  it('the RSS spread leaves the smallest size out whatever the order, and is the verdict\'s own', () => {
    const points = [
      { mb: 1200, seconds: 12, rssMb: 240 },
      { mb: 75, seconds: 0.75, rssMb: 100 },
      { mb: 300, seconds: 3, rssMb: 200 },
    ];
    expect(rssSpreadOf(points)).toBeCloseTo(1.2);
    expect(scalingVerdict(points).rssSpread).toBe(rssSpreadOf(points));
    expect(Number.isNaN(rssSpreadOf([{ mb: 75, rssMb: 100 }]))).toBe(true);
  });

  it('one size judges nothing', () => {
    const v = scalingVerdict([{ mb: 75, seconds: 1, rssMb: 100 }]);
    expect([v.linear, v.rssFlat]).toEqual([null, null]);
  });
});

describe('scalingVerdict over rounds: every size of a round run back to back', () => {
  const sizes = [75, 150, 300, 1200];
  const points = (seconds: (mb: number) => number): { mb: number; seconds: number; rssMb: number }[] =>
    sizes.map((mb) => ({ mb, seconds: seconds(mb), rssMb: 90 }));
  /** Rounds of a time = start-up + cost x MB, each round's times scaled by its own load and shifted by its own noise. */
  const rounds = (seconds: (mb: number) => number, loads: readonly number[], noise: (round: number, size: number) => number = () => 0): number[][] =>
    loads.map((load, r) => sizes.map((mb, i) => load * seconds(mb) + noise(r, i)));
  const linearTime = (mb: number): number => 0.3 + 0.0009 * mb;

  it('a slope is the median of the rounds\' own slopes, not the slope between medians of other rounds', () => {
    // Round 1 ran its 150 MB size while the machine was busy: the medians per size (1.1 s, then 1.2 s) come from
    // different rounds and make the first step 1.33 s/GB; two rounds of three say 1 s/GB of their own runs.
    const times = [
      [1.0, 1.2, 1.35],
      [1.1, 1.175, 1.325],
      [1.2, 1.275, 1.425],
    ];
    const medians = [75, 150, 300].map((mb, i) => ({ mb, seconds: median(times.map((r) => r[i] ?? 0)), rssMb: 90 }));
    expect((scalingVerdict(medians).marginalSecondsPerMb[0] ?? 0) * 1000).toBeCloseTo(1.333, 3);
    expect((scalingVerdict(medians, 0.2, { rounds: times }).marginalSecondsPerMb[0] ?? 0) * 1000).toBeCloseTo(1, 6);
  });

  it('rounds that differ only by the load they ran under: linear, with an interval within the tolerance', () => {
    const v = scalingVerdict(points(linearTime), 0.2, { rounds: rounds(linearTime, [1, 1.3, 0.9, 1.6, 1.1, 2.0, 1.2]) });
    expect(v.marginalSecondsPerMb.map((s) => s * 1000)).toEqual([expect.closeTo(0.9 * 1.2, 6), expect.closeTo(0.9 * 1.2, 6), expect.closeTo(0.9 * 1.2, 6)]);
    expect(v.slopeRatioIntervals?.map(({ steps }) => steps)).toEqual([[0, 1], [0, 2], [1, 2]]);
    expect(v.slopeRatioIntervals?.every(({ interval: [a, b] }) => a >= 1 / 1.2 && b <= 1.2)).toBe(true);
    expect([v.linear, v.undecided]).toEqual([true, false]);
  });

  it('a cost per MB that falls by half beyond 300 MB in every round: not linear, a ratio\'s whole interval beyond the tolerance', () => {
    const concave = (mb: number): number => 0.3 + 0.001 * Math.min(mb, 300) + 0.0005 * Math.max(0, mb - 300);
    const v = scalingVerdict(points(concave), 0.2, { rounds: rounds(concave, [1, 1.1, 0.95, 1.05, 1.2], (r, i) => 0.002 * ((r + i) % 3)) });
    // 75 -> 150 MB at 1 s/GB over 300 MB -> 1.2 GB at 0.5 s/GB.
    expect(v.slopeRatioIntervals?.find(({ steps }) => steps[0] === 0 && steps[1] === 2)?.interval[0]).toBeGreaterThan(1.2);
    expect([v.linear, v.undecided]).toEqual([false, false]);
  });

  it('rounds whose noise is as large as the time a size adds: undecided, neither PASS nor FAIL', () => {
    // 0.9 s/GB adds 0.07 s from 75 to 150 MB; runs jitter by up to 0.1 s.
    const jitter = [0.1, -0.05, 0.08, 0, -0.1, 0.06, -0.02, 0.09, -0.07, 0.03];
    const v = scalingVerdict(points(linearTime), 0.2, { rounds: rounds(linearTime, jitter.map(() => 1), (r, i) => jitter[(r * 3 + i * 7) % jitter.length] ?? 0) });
    const intervals = v.slopeRatioIntervals?.map(({ interval }) => interval) ?? [];
    expect(intervals.some(([a, b]) => a < 1 / 1.2 || b > 1.2)).toBe(true);
    expect(intervals.every(([a, b]) => a <= 1.2 && b >= 1 / 1.2)).toBe(true);
    expect([v.linear, v.undecided]).toEqual([null, true]);
    expect(linearWord(v)).toMatch(/^UNDECIDED/);
  });

  it('noise far larger than the time a size adds: undecided, not FAIL (the steepest/flattest of noisy slopes is always above 1)', () => {
    // A time of 0.9 s/GB, runs jittering by up to 0.3 s: the median slopes come out 0.23, 0.57 and 0.84 s/GB.
    const jitter = [0.3, -0.2, 0.1, -0.3, 0.25, 0, -0.1, 0.2, -0.25, 0.05, 0.15, -0.15, 0.28];
    const v = scalingVerdict(points(linearTime), 0.2, { rounds: rounds(linearTime, jitter.map(() => 1), (r, i) => jitter[(r * 5 + i * 3) % jitter.length] ?? 0) });
    expect(v.slopeSpread).toBeGreaterThan(1.5);
    expect([v.linear, v.undecided]).toEqual([null, true]);
  });

  it('gives the same interval for the same rounds (its resampling is seeded)', () => {
    const noisy = rounds(linearTime, [1, 1, 1, 1, 1], (r, i) => 0.01 * (((r + 1) * (i + 2)) % 5));
    const a = scalingVerdict(points(linearTime), 0.2, { rounds: noisy });
    const b = scalingVerdict(points(linearTime), 0.2, { rounds: noisy });
    expect(a.slopeRatioIntervals).toHaveLength(3);
    expect(a.slopeRatioIntervals).toEqual(b.slopeRatioIntervals);
  });

  it('each step\'s middle half of the rounds\' slopes, in the order of the sizes whatever the points\' order', () => {
    const reversed = [...sizes].reverse();
    const times = [1, 2, 3, 4].map((load) => reversed.map((mb) => linearTime(mb) + 0.001 * load * mb));
    const v = scalingVerdict(reversed.map((mb, i) => ({ mb, seconds: median(times.map((r) => r[i] ?? 0)), rssMb: 90 })), 0.2, { rounds: times });
    // Round k's slope: 0.0009 + 0.001 k s/MB at every step.
    expect(v.marginalQuartiles?.map(([a, b]) => [a * 1000, b * 1000])).toEqual(
      [0, 1, 2].map(() => [expect.closeTo(0.9 + 2, 6), expect.closeTo(0.9 + 3, 6)]));
  });

  it('fewer than three rounds: judged on the medians alone, as without rounds', () => {
    const v = scalingVerdict(points(linearTime), 0.2, { rounds: rounds(linearTime, [1, 1.5]) });
    expect(v.slopeRatioIntervals).toBeNull();
    expect(v.linear).toBe(true);
  });
});

describe('quantile', () => {
  it.each([
    ['the lowest', [3, 1, 2], 0, 1],
    ['the highest', [3, 1, 2], 1, 3],
    ['the middle', [5, 1, 4, 2, 3], 0.5, 3],
    ['a quarter, nearest rank', [1, 2, 3, 4, 5, 6, 7, 8, 9], 0.25, 3],
  ])('%s', (_name, xs, q, expected) => {
    expect(quantile(xs, q)).toBe(expected);
  });
});

describe('fourFilesToCopies: a line of the 4-file shape is a line of one copy', () => {
  const revive = fourFilesToCopies('out/four', 'out/corpus', { 'screen-n-api.txt': 100 }, copyName);
  const parse = (value: unknown): unknown => JSON.parse(JSON.stringify(value), revive);

  it.each([
    ['the first line', 1, 'out/corpus/copy-000/screen-n-api.txt', 1],
    ["the first copy's last line", 100, 'out/corpus/copy-000/screen-n-api.txt', 100],
    ["the second copy's first line", 101, 'out/corpus/copy-001/screen-n-api.txt', 1],
    ['a line of the eleventh copy', 1042, 'out/corpus/copy-010/screen-n-api.txt', 42],
  ])('%s', (_name, line, file, copyLine) => {
    expect(parse({ time: 't', file: 'out/four/screen-n-api.txt', line })).toEqual({ time: 't', file, line: copyLine });
  });

  it('keeps the order of the keys (the operations are compared as JSON text) and nested places', () => {
    const out = parse({ spans: [{ file: 'out/four/screen-n-api.txt', line: 101, message: 'm' }] });
    expect(JSON.stringify(out)).toBe('{"spans":[{"file":"out/corpus/copy-001/screen-n-api.txt","line":1,"message":"m"}]}');
  });

  it('leaves other files and other services alone', () => {
    const other = [{ file: 'elsewhere/screen-n-api.txt', line: 101 }, { file: 'out/four/screen-n-cpu.txt', line: 101 }];
    expect(parse(other)).toEqual(other);
  });
});

describe("copyLines: the next day's copy of a log", () => {
  const uuid = '0123abcd-0c97-415e-ba7f-18750569f103';
  const text = [
    `2016-06-28 13:56:12.232 INFO nova.api [req-${uuid} demo demo] POST /servers\n`,
    `2016-06-28 23:59:59.999 DEBUG nova.compute [instance: ${uuid}] Starting instance...\n`,
    'continuation line without a time\n',
  ].join('');

  it('shifts each date by the copy number, maps every UUID alike, keeps every byte count', () => {
    const lines = [...copyLines(text, 3)];
    expect(lines).toHaveLength(3);
    expect(lines[0]?.startsWith('2016-07-01 13:56:12.232 INFO')).toBe(true);
    expect(lines[1]?.startsWith('2016-07-01 23:59:59.999 DEBUG')).toBe(true);
    expect(lines[2]).toBe('continuation line without a time\n');
    const ids = lines.join('').match(/[0-9a-f]{8}-0c97-415e-ba7f-18750569f103/g) ?? [];
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).not.toBe(uuid);
    expect(lines.join('').length).toBe(text.length);
  });

  it('another copy gets other IDs', () => {
    const id = (k: number): string => /\[req-([0-9a-f-]{36})/.exec([...copyLines(text, k)].join(''))?.[1] ?? '';
    expect(id(1)).not.toBe(id(2));
  });

  it('stops at whole lines within maxBytes', () => {
    const first = text.indexOf('\n') + 1;
    expect([...copyLines(text, 1, first)]).toHaveLength(1);
    expect([...copyLines(text, 1, first - 1)]).toHaveLength(0);
    expect([...copyLines(text, 1, Infinity)]).toHaveLength(3);
  });
});
