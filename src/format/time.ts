// Times as every view writes them: ISO 8601 in UTC, with the precision the line had (0, 3 or 6 fractional
// digits). Entries come in time order and most share the previous one's second: its text is kept.

let isoSecond = NaN;
let isoSecondText = '';
let isoDay = NaN;
let isoDayText = '';

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** `2015-10-29T10:52:54` for a second since the epoch: the date from Date once a day, the time of day by arithmetic. */
function secondText(second: number): string {
  const day = Math.floor(second / 86_400);
  if (day !== isoDay) {
    isoDay = day;
    isoDayText = new Date(day * 86_400_000).toISOString().slice(0, -13); // 2015-10-29T
  }
  const s = second - day * 86_400;
  return `${isoDayText}${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

const DIGITS: readonly string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** `000` to `999`, without a padStart per entry (merge writes a million); what padStart gives outside that range. */
export function threeDigits(n: number): string {
  return DIGITS[n] ?? String(n).padStart(3, '0');
}

/** ISO 8601 in UTC with the precision the line had (0, 3 or 6 fractional digits). */
export function formatIso(time: number, precision = 3): string {
  const wholeMs = Math.floor(time);
  // Entries come in time order: most share the previous one's second.
  const second = Math.floor(wholeMs / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    // Not Date's toISOString per second: reports (analyze --json) write times out of order, and it was their top cost.
    isoSecondText = secondText(second);
  }
  if (precision === 0) return `${isoSecondText}Z`;
  const ms = threeDigits(wholeMs - second * 1000); // 2015-10-29T10:52:54.792Z
  if (precision <= 3) return `${isoSecondText}.${ms}Z`;
  const micros = Math.round((time - wholeMs) * 1000);
  return `${isoSecondText}.${ms}${threeDigits(Math.min(999, micros))}Z`;
}
