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
 */
export function scalingVerdict(points, tolerance = 0.2) {
  const sorted = [...points].sort((a, b) => a.mb - b.mb);
  const perMb = sorted.map((p) => p.seconds / p.mb);
  const timeSpread = Math.max(...perMb) / Math.min(...perMb);
  const marginal = sorted.slice(1).map((p, i) => (p.seconds - sorted[i].seconds) / (p.mb - sorted[i].mb));
  // A slope of zero or less (a larger input no slower) is noise at sizes too close: nothing to judge by.
  const slopeSpread = marginal.length && Math.min(...marginal) > 0 ? Math.max(...marginal) / Math.min(...marginal) : Number.NaN;
  const beyond = sorted.slice(1).map((p) => p.rssMb);
  const rssSpread = beyond.length ? Math.max(...beyond) / Math.min(...beyond) : Number.NaN;
  return {
    secondsPerMb: perMb,
    timeSpread,
    /** Seconds per added MB between each size and the one before. */
    marginalSecondsPerMb: marginal,
    slopeSpread,
    linear: sorted.length < 2 ? null : Number.isFinite(slopeSpread) ? slopeSpread <= 1 + tolerance : false,
    rssSpread,
    rssFlat: beyond.length < 2 ? null : rssSpread <= 1 + tolerance,
  };
}

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
