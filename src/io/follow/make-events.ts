// The two kinds of event a follower hands on, built in one place so every module words them alike.

import type { FileChange } from '../../model/live.js';
import type { FileEvent, LinesEvent } from './follow-event.js';
import type { SplitLines } from '../line-splitter.js';

/** No event for a read that completed no line (only part of one arrived). Cut lines are named only when there are some. */
export function linesEvent(path: string, split: SplitLines): LinesEvent[] {
  if (split.lines.length === 0) return [];
  const { firstLine, lines, cut } = split;
  return [cut.length === 0 ? { type: 'lines', path, firstLine, lines } : { type: 'lines', path, firstLine, lines, cut }];
}

export function fileEvent(path: string, change: FileChange, message: string): FileEvent {
  return { type: 'file', path, change, message };
}
