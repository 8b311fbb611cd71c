// How the screen is divided, from the terminal's size alone: the reducer needs the same page heights the
// components draw, so both read them here. Frames are one line shorter than the terminal: ink clears the whole
// screen on every redraw of a frame as tall as the terminal.

import type { Operation } from '../model/operation.js';

export interface Size {
  readonly columns: number;
  readonly rows: number;
}

export const MIN_SIZE: Size = { columns: 40, rows: 10 };

export function frameRows(size: Size): number {
  return Math.max(MIN_SIZE.rows, size.rows) - 1;
}

export function frameColumns(size: Size): number {
  return Math.max(MIN_SIZE.columns, size.columns);
}

/** List: header, the live status line when following, filter line, column titles, rows, footer. */
export function listBodyRows(size: Size, status = false): number {
  return Math.max(1, frameRows(size) - 4 - (status ? 1 : 0));
}

export interface TimelineLayout {
  /** Phase bars shown (the rest are summarized in one line). */
  readonly phases: number;
  readonly hiddenPhases: number;
  readonly eventsLine: boolean;
  /** The line that says what the verdict rests on: its first failure evidence, or the errors that are not it. */
  readonly evidenceLine: boolean;
  readonly entries: number;
}

/** Timeline: title, span line, phase bars, the event marks, the entries' title, entries, footer. */
export function timelineLayout(op: Operation, size: Size): TimelineLayout {
  const rows = frameRows(size);
  const maxPhases = Math.max(1, Math.floor(rows / 3));
  const phases = Math.min(op.phases.length, maxPhases);
  const hiddenPhases = op.phases.length - phases;
  const eventsLine = op.events.length > 0;
  const evidenceLine = op.failureEvidence.length > 0 || op.errorsDuring.length > 0;
  const chrome = 2 + phases + (hiddenPhases > 0 ? 1 : 0) + (eventsLine ? 1 : 0) + (evidenceLine ? 1 : 0) + 1 + 1;
  return { phases, hiddenPhases, eventsLine, evidenceLine, entries: Math.max(1, rows - chrome) };
}

/** Entry detail: its operation in one line, the entry's title, the body, the footer. */
export function pageBodyRows(size: Size): number {
  return Math.max(1, frameRows(size) - 3);
}

/** The errors view has a column title above its rows. */
export function errorsBodyRows(size: Size): number {
  return Math.max(1, frameRows(size) - 3);
}

/** A host failure: its title, the rule that says which lines show, the lines, the footer. */
export function hostBodyRows(size: Size): number {
  return Math.max(1, frameRows(size) - 3);
}
