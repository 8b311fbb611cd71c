// Options every reading command shares (--tz, --year, --alias, --max-line), resolved once into a frozen ParseOptions.

import type { Command } from 'commander';
import { NovatraceError } from '../model/errors.js';
import { DEFAULT_MAX_LINE } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { SIZE_HINT, formatByteSize, parseByteSize } from '../parse/byte-size.js';
import { parseAlias } from '../parse/origin.js';
import { resolveZone } from '../parse/time.js';

export interface RawParseOptions {
  readonly tz?: string;
  readonly year?: string;
  readonly alias?: readonly string[];
  readonly maxLine?: string;
}

/**
 * The longest --max-line: a line's text is one string, and V8's longest is 512 Mi characters (a 560 MB line once
 * stopped stats with "Invalid string length"); the parser slices and copies it besides.
 */
const MAX_MAX_LINE = 256 * 1024 * 1024;

function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

export function addParseOptions(command: Command): Command {
  return command
    .option('--tz <zone>', 'zone of zone-less timestamps: UTC, +02:00, Europe/Rome (default UTC)')
    .option('--year <year>', 'year of year-less journald stamps (default: from each file\'s modification time)')
    .option('--alias <pattern=name>', 'name the host and/or service of matching files: PATTERN=HOST, PATTERN=HOST/SERVICE, PATTERN=/SERVICE (repeatable)', collect)
    .option('--max-line <size>', `bytes a line may have: a longer one is cut there, counted and reported (1MB, 512KB, 1048576; default ${formatByteSize(DEFAULT_MAX_LINE)})`);
}

/** Runs a parser of user input; its error becomes a usage error (exit 2). */
export function usage<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new NovatraceError(error instanceof Error ? error.message : String(error));
  }
}

export function resolveParseOptions(raw: RawParseOptions): ParseOptions {
  const zone = usage(() => resolveZone(raw.tz ?? 'UTC'));
  let year: number | null = null;
  if (raw.year !== undefined) {
    if (!/^\d{4}$/.test(raw.year)) throw new NovatraceError(`--year "${raw.year}": expected a four-digit year`);
    year = Number(raw.year);
  }
  const aliases = usage(() => (raw.alias ?? []).map(parseAlias));
  return Object.freeze({ zone, year, aliases: Object.freeze(aliases), maxLine: resolveMaxLine(raw.maxLine) });
}

function resolveMaxLine(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_LINE;
  const bytes = parseByteSize(text);
  if (bytes === null || bytes < 1 || bytes > MAX_MAX_LINE) {
    throw new NovatraceError(`--max-line "${text}": expected ${SIZE_HINT}, from 1 byte to ${formatByteSize(MAX_MAX_LINE)}`);
  }
  return bytes;
}
