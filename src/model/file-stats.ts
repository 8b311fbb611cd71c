// What reading one source file found: its dialects, what its lines were, which services and hosts, its time span.
// Made by the parser, summed by the readers, shown by stats and carried in every report.

import type { Dialect, Service } from './entry.js';

export interface UnparsedSample {
  readonly line: number;
  readonly text: string;
}

/** A line longer than --max-line: cut there, its text its first max-line bytes. */
export interface CutSample {
  /** 1-based number of the line in its file. */
  readonly line: number;
  /** Its whole length in bytes, without its line ending. */
  readonly bytes: number;
}

export interface FileStats {
  readonly path: string;
  readonly dialects: Set<Dialect>;
  lines: number;
  entries: number;
  continuations: number;
  noise: number;
  unparsed: number;
  readonly unparsedSamples: UnparsedSample[];
  /** Lines longer than `maxLine` bytes, cut there (each is also counted as what it parsed as). */
  cut: number;
  readonly cutSamples: CutSample[];
  /** The --max-line the file was read with. */
  readonly maxLine: number;
  readonly services: Set<Service>;
  readonly hosts: Set<string>;
  start: number | null;
  startPrecision: number;
  end: number | null;
  endPrecision: number;
  /**
   * The year given to the first year-less stamp (journald short) when no --year was given: from the file's
   * modification time, or (stdin) today's date. Null when there was none or --year set it.
   */
  yearGuess: { readonly year: number; readonly from: 'modified' | 'today' } | null;
}

/** FileStats summed over every file read. */
export interface Totals {
  readonly files: number;
  readonly lines: number;
  readonly entries: number;
  readonly continuations: number;
  readonly noise: number;
  readonly unparsed: number;
}
