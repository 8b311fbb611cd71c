// The interface every dialect module implements, and what one physical line yields.

import type { Dialect } from '../model/entry.js';
import type { Body } from './oslo-body.js';
import type { ParseScratch } from './scratch.js';
import type { Zone } from './time.js';

export interface ParsedLine {
  readonly dialect: Dialect;
  readonly time: number | null;
  readonly precision: number;
  readonly pid: number | null;
  readonly host: string | null;
  /** journald's syslog identifier or os-log-merger's alias: names the writing service. */
  readonly ident: string | null;
  /** The original log file named by a leading source-file column. */
  readonly fileHint: string | null;
  /** The oslo fields; null for a plain message (a non-OpenStack journald line, a merged tcpdump line). */
  readonly body: Body | null;
  /** The message when body is null. */
  readonly text: string;
  /** JSON records carry their traceback as a list. */
  readonly continuation?: readonly string[];
}

/** Per-file state a dialect may read or advance (the year of year-less journald stamps). */
export interface LineContext {
  readonly zone: Zone;
  /** Counting only: bodies carry level, logger and hasContext, nothing else (see parseBody). */
  readonly lite: boolean;
  /** Year for a year-less stamp of this month; advances on a December -> January rollover. */
  yearFor(month: number): number;
  /** The parser's own memory of its last lines (see scratch.ts). */
  readonly scratch: ParseScratch;
}

export interface DialectModule {
  readonly name: Dialect;
  /** Cheap test on the first characters; parse() may still say no. */
  readonly parse: (line: string, ctx: LineContext) => ParsedLine | null;
}
