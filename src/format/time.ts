// Times as every view writes them: ISO 8601 in UTC, with the precision the line had (0, 3 or 6 fractional
// digits). Entries come in time order and most share the previous one's second: its text is kept.

let isoSecond = NaN;
let isoSecondText = '';

/** ISO 8601 in UTC with the precision the line had (0, 3 or 6 fractional digits). */
export function formatIso(time: number, precision = 3): string {
  const wholeMs = Math.floor(time);
  // Entries come in time order: most share the previous one's second.
  const second = Math.floor(wholeMs / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoSecondText = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const base = `${isoSecondText}.${String(wholeMs - second * 1000).padStart(3, '0')}Z`; // 2015-10-29T10:52:54.792Z
  if (precision <= 3) return precision === 0 ? `${base.slice(0, 19)}Z` : base;
  const micros = Math.round((time - wholeMs) * 1000);
  const us = Math.min(999, micros).toString().padStart(3, '0');
  return `${base.slice(0, 23)}${us}Z`;
}
