// `--baseline`: each operation type's median duration (succeeded operations) may not grow by more than the rules'
// percentage over the baseline report's, nor by less than `minDelta` (noise on short operations).

import { formatDuration } from '../../format/duration.js';
import { median } from '../percentile.js';
import type { CheckContext, RuleDraft } from './context.js';

export function baselineGrowth(ctx: CheckContext): RuleDraft[] {
  if (ctx.baseline === null) return [];
  const { maxGrowthPercent, minDeltaMs } = ctx.rules.baseline;
  const drafts: RuleDraft[] = [];
  // A baseline that shares no operation type with this run compares nothing: said, never a silent pass.
  const types = [...ctx.durations.keys()].sort();
  if (!types.some((t) => ctx.baseline?.has(t))) {
    const listed = (names: readonly string[]): string => (names.length === 0 ? 'none' : names.join(', '));
    return [{
      id: 'baseline', kind: 'baseline', title: 'the baseline shares an operation type with this run',
      detail: `baseline: ${listed([...ctx.baseline.keys()].sort())}; this run: ${listed(types)} (succeeded operations)`,
      findings: [{ message: 'the baseline shares no operation type with this run: nothing was compared', operation: null, location: null, known: [] }],
    }];
  }
  for (const [type, durations] of [...ctx.durations].sort(([a], [b]) => a.localeCompare(b))) {
    const before = ctx.baseline.get(type);
    const now = median(durations);
    if (before === undefined || now === null) continue;
    if (before.medianMs <= 0) {
      // A median of 0 or below is no duration to grow from (+Infinity%): said, never compared.
      drafts.push({
        id: `baseline.${type}`, kind: 'baseline', title: `${type} median compared with the baseline's`,
        detail: `the baseline's median is ${before.medianMs} ms over ${before.count}`,
        findings: [{ message: `the baseline's ${type} median is ${before.medianMs} ms: nothing to compare ${formatDuration(now)} against`, operation: null, location: null, known: [] }],
      });
      continue;
    }
    const growth = before.medianMs > 0 ? ((now - before.medianMs) / before.medianMs) * 100 : (now > 0 ? Infinity : 0);
    const title = `${type} median at most ${maxGrowthPercent}% over the baseline's ${formatDuration(before.medianMs)}`;
    const detail = `median ${formatDuration(now)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%) over ${durations.length}, baseline over ${before.count}`;
    const grew = growth > maxGrowthPercent && now - before.medianMs > minDeltaMs;
    drafts.push({
      id: `baseline.${type}`, kind: 'baseline', title, detail,
      findings: grew ? [{ message: `${type} median grew from ${formatDuration(before.medianMs)} to ${formatDuration(now)} (+${growth.toFixed(1)}%, more than ${maxGrowthPercent}%)`, operation: null, location: null, known: [] }] : [],
    });
  }
  return drafts;
}
