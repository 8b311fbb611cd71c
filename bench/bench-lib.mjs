// The pure part of `npm run bench`: medians, the goals' verdicts, the scaling verdict, how many bytes a grown run
// appends, and where a line of the 4-file shape sits in the corpus of copies. bench/bench.mjs does the I/O.

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Whether a CLI's `analyze --help` offers the persistent index's `--cache DIR` (not merely `--no-cache`). */
export const offersCache = (helpText) => /(^|[\s,])--cache(?![\w-])/m.test(helpText);

/** PASS / FAIL / a reason it was not measured, for one goal: value <= limit (or >= limit when atLeast). */
export function verdict(value, limit, { atLeast = false, strict = false } = {}) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  if (atLeast) return strict ? value > limit : value >= limit;
  return strict ? value < limit : value <= limit;
}

export const verdictWord = (pass, skipped) => (skipped ? `skipped: ${skipped}` : pass === null ? 'n/a' : pass ? 'PASS' : 'FAIL');

/**
 * Bytes to append per service for a grown run: `fraction` of that service's bytes in the corpus (its source's size
 * times the copies), so the input grows by `fraction` in all, each file in proportion.
 */
export function growthTargets(corpus, services, fraction) {
  return Object.fromEntries(services.map((s) => [s, Math.round(fraction * corpus.sources[s].bytes * corpus.copies)]));
}

/**
 * Scaling. Time linear in the input: time = start-up + cost per MB x MB, so the cost of each added MB (the slope
 * between successive sizes) is what must hold, within `tolerance` (the steepest at most 1 + tolerance times the
 * flattest); time per MB, which a fixed start-up makes fall as the input grows, is given beside it. Peak RSS flat
 * beyond the smallest size: over the larger sizes, the highest at most 1 + tolerance times the lowest.
 * points: { mb, seconds, rssMb }.
 *
 * `rounds` (optional): each round's seconds at every point (in the points' order), the sizes of a round run back to
 * back. A step's slope is then the median over rounds of each round's own slope (a round's runs share the machine's
 * load, which a slope between medians of different rounds does not), and each two steps' ratio (the earlier's slope
 * over the later's) gets an interval from the rounds resampled (`level`, 90%). The verdict is true when every
 * ratio's interval is within 1 / (1 + tolerance) .. 1 + tolerance (the steepest at most 1 + tolerance times the
 * flattest), false when one's is all outside it, and null with `undecided` when the runs are too noisy to say
 * either. (Not an interval of steepest/flattest itself: noise alone pushes that one above 1, and would fail.)
 */
export function scalingVerdict(points, tolerance = 0.2, { rounds = null, level = 0.9, resamples = 2000 } = {}) {
  const order = points.map((_, i) => i).sort((a, b) => points[a].mb - points[b].mb);
  const sorted = order.map((i) => points[i]);
  const perMb = sorted.map((p) => p.seconds / p.mb);
  const timeSpread = Math.max(...perMb) / Math.min(...perMb);
  const paired = rounds !== null && rounds.length >= 3 && sorted.length >= 2 ? rounds.map((r) => order.map((i) => r[i])) : null;
  const marginal = paired
    ? roundSlopes(paired, sorted).map(median)
    : sorted.slice(1).map((p, i) => (p.seconds - sorted[i].seconds) / (p.mb - sorted[i].mb));
  const slopeSpread = spreadOf(marginal);
  const ratios = paired ? ratioIntervals(paired, sorted, level, resamples) : null;
  const high = 1 + tolerance;
  const low = 1 / high;
  let linear;
  if (sorted.length < 2) linear = null;
  else if (ratios === null) linear = Number.isFinite(slopeSpread) ? slopeSpread <= high : false;
  else if (ratios.every(({ interval: [a, b] }) => a >= low && b <= high)) linear = true;
  else if (ratios.some(({ interval: [a, b] }) => a > high || b < low)) linear = false;
  else linear = null;
  const rssSpread = rssSpreadOf(sorted);
  const beyond = sorted.length - 1;
  return {
    secondsPerMb: perMb,
    timeSpread,
    /** Seconds per added MB between each size and the one before (with rounds: the median of the rounds' own). */
    marginalSecondsPerMb: marginal,
    /** With rounds: each step's slopes over the rounds, lowest and highest of the middle half (the spread of the runs). */
    marginalQuartiles: paired ? roundSlopes(paired, sorted).map((xs) => [quantile(xs, 0.25), quantile(xs, 0.75)]) : null,
    slopeSpread,
    /** With rounds: for each two steps i < j, slope i / slope j's interval at `level` over the rounds resampled. */
    slopeRatioIntervals: ratios,
    linear,
    /** The runs were too noisy to tell whether the slopes are within the tolerance or not. */
    undecided: sorted.length >= 2 && linear === null,
    rssSpread,
    rssFlat: beyond < 2 ? null : rssSpread <= 1 + tolerance,
  };
}

/**
 * Peak RSS beyond the smallest size: the highest over the lowest of `points`' rssMb once the smallest input's is left
 * out (NaN with fewer than two sizes). scalingVerdict's flatness; the bench also gives it for each size's highest run.
 */
export function rssSpreadOf(points) {
  const beyond = [...points].sort((a, b) => a.mb - b.mb).slice(1).map((p) => p.rssMb);
  return beyond.length ? Math.max(...beyond) / Math.min(...beyond) : Number.NaN;
}

/** Per step (between successive sizes), each round's seconds per added MB. */
function roundSlopes(rounds, sorted) {
  return sorted.slice(1).map((p, i) => rounds.map((r) => (r[i + 1] - r[i]) / (p.mb - sorted[i].mb)));
}

/** Steepest / flattest; a slope of zero or less (a larger input no slower) is noise at sizes too close: NaN. */
function spreadOf(slopes) {
  return slopes.length && Math.min(...slopes) > 0 ? Math.max(...slopes) / Math.min(...slopes) : Number.NaN;
}

/**
 * For each two steps i < j, the median slope of step i over step j's, in rounds drawn with replacement: its
 * (1 - level) / 2 and (1 + level) / 2 quantiles. A draw whose step j is no slower than flat counts as infinitely steep.
 */
function ratioIntervals(rounds, sorted, level, resamples) {
  const random = seededRandom(0x5ca1e);
  const steps = sorted.length - 1;
  const pairs = [];
  for (let i = 0; i < steps; i++) for (let j = i + 1; j < steps; j++) pairs.push({ steps: [i, j], draws: [] });
  for (let k = 0; k < resamples; k++) {
    const drawn = rounds.map(() => rounds[Math.floor(random() * rounds.length)]);
    const slopes = roundSlopes(drawn, sorted).map(median);
    for (const p of pairs) {
      const [i, j] = p.steps;
      p.draws.push(slopes[j] > 0 ? slopes[i] / slopes[j] : Number.POSITIVE_INFINITY);
    }
  }
  return pairs.map(({ steps: pair, draws }) => ({ steps: pair, interval: [quantile(draws, (1 - level) / 2), quantile(draws, (1 + level) / 2)] }));
}

/** The value at fraction `q` of the sorted values (nearest rank). */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** mulberry32: the same interval for the same runs, run after run. */
function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A scaling verdict in words: PASS, FAIL, or undecided when the runs were too noisy to say. */
export const linearWord = (v) => (v.undecided ? 'UNDECIDED (too noisy to say)' : verdictWord(v.linear));

/**
 * A JSON.parse reviver that moves every { file, line } of the 4-file shape (fourDir/screen-n-x.txt, line L) to where
 * that line is in the corpus of copies (corpusDir/copy-NNN/screen-n-x.txt), each copy of a service holding
 * linesPerCopy[service file name] lines: so the shape's operations compare with the copies analyzed alone.
 */
export function fourFilesToCopies(fourDir, corpusDir, linesPerCopy, copyName) {
  const prefix = `${fourDir}/`;
  return (_key, value) => {
    if (value !== null && typeof value === 'object' && typeof value.file === 'string' && typeof value.line === 'number' &&
        value.file.startsWith(prefix)) {
      const name = value.file.slice(prefix.length);
      const n = linesPerCopy[name];
      if (n !== undefined) {
        const k = Math.floor((value.line - 1) / n);
        value.file = `${corpusDir}/${copyName(k)}/${name}`;
        value.line = ((value.line - 1) % n) + 1;
      }
    }
    return value;
  };
}
