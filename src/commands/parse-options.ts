// Options every reading command shares (--tz, --year, --alias), resolved once into a frozen ParseOptions.

import type { Command } from 'commander';
import { NovatraceError } from '../model/errors.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { parseAlias } from '../parse/origin.js';
import { resolveZone } from '../parse/time.js';

export interface RawParseOptions {
  readonly tz?: string;
  readonly year?: string;
  readonly alias?: readonly string[];
}

function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

export function addParseOptions(command: Command): Command {
  return command
    .option('--tz <zone>', 'zone of zone-less timestamps: UTC, +02:00, Europe/Rome (default UTC)')
    .option('--year <year>', 'year of year-less journald stamps (default: from each file\'s modification time)')
    .option('--alias <pattern=name>', 'name the host and/or service of matching files: PATTERN=HOST, PATTERN=HOST/SERVICE, PATTERN=/SERVICE (repeatable)', collect);
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
  return Object.freeze({ zone, year, aliases: Object.freeze(aliases) });
}
