// A screen is a list of lines, each a few styled segments: the screens are pure functions that build them, the
// one Frame component draws them. Every text from a log reaches a segment through escapeControl.

import { escapeControl } from '../format/escape.js';

import type { Color } from '../format/paint.js';

/** The text outputs' colours (format/paint.ts). */
export type { Color };

export interface Segment {
  readonly text: string;
  readonly color?: Color;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
}

export type Line = readonly Segment[];

/** Log text made safe for the terminal: control characters escaped, tabs as spaces. */
export function safe(text: string): string {
  return escapeControl(text).replace(/\t/g, '  ');
}

/** Cut to `width` characters (an ellipsis marks the cut) and pad to it. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length > width) return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return text.padEnd(width);
}

/** Cut only. */
export function cut(text: string, width: number): string {
  return text.length > width ? fit(text, width) : text;
}

/** Hard-wrapped to `width` (log text has no words worth keeping whole: paths, JSON, tracebacks). */
export function wrap(text: string, width: number, indent = ''): string[] {
  const w = Math.max(1, width - indent.length);
  if (text.length <= w) return [indent + text];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += w) out.push(indent + text.slice(i, i + w));
  return out;
}

/** The whole line highlighted (the selected row); search matches in it stand out the other way round. */
export function selected(line: Line): Line {
  return line.map((s) => ({ ...s, inverse: !(s.inverse ?? false) }));
}

/** Each segment's `ranges` (search matches in its text) in inverse video, bold. */
export function highlight(line: Line, ranges: ((text: string) => readonly (readonly [number, number])[]) | null): Line {
  if (ranges === null) return line;
  const out: Segment[] = [];
  for (const s of line) {
    let at = 0;
    for (const [from, to] of ranges(s.text)) {
      if (from > at) out.push({ ...s, text: s.text.slice(at, from) });
      out.push({ ...s, text: s.text.slice(from, to), inverse: true, bold: true });
      at = to;
    }
    if (at === 0) out.push(s);
    else if (at < s.text.length) out.push({ ...s, text: s.text.slice(at) });
  }
  return out;
}
