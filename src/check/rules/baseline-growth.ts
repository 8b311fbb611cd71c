// `--baseline`: each operation type's median duration (succeeded operations) may not grow by more than the rules'
// percentage over the baseline report's, nor by less than `minDelta` (noise on short operations).

import { formatDuration } from '../../format/duration.js';
import { median } from '../percentile.js';
import type { CheckContext, RuleDraft } from './context.js';

export function baselineGrowth(ctx: CheckContext): RuleDraft[] {
  if (ctx.baseline === null) return [];
  const { maxGrowthPercent, minDeltaMs } = ctx.rules.baseline;
  const drafts: RuleDraft[] = [];
  for (const [type, durations] of [...ctx.durations].sort(([a], [b]) => a.localeCompare(b))) {
    const before = ctx.baseline.get(type);
    const now = median(durations);
    if (before === undefined || now === null) continue;
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
