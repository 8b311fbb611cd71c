// Every option's parser, for commander's `.argParser`: the text a user typed -> a typed value, or a one-line usage
// error (exit 2) naming the option, thrown as commander reads the command line, before any file is opened. The
// commands then get their options as frozen objects of typed values and validate nothing themselves.

import type { Command } from 'commander';
import { Option } from 'commander';
import type { Level, Service } from '../model/entry.js';
import { SERVICES } from '../model/entry.js';
import { COLOR_MODES, paintFor } from '../format/paint.js';
import type { ColorMode, Paint } from '../format/paint.js';
import { compileLinear } from '../select/linear-regex.js';
import type { LinearRegex } from '../select/linear-regex.js';
import type { EntryFilterOptions } from '../select/entry-filter.js';
import { usage } from '../model/errors.js';
import { defaultCacheDir } from '../io/cache/store.js';
import * as path from 'node:path';
import { OUTCOMES } from '../model/operation.js';
import type { Outcome } from '../model/operation.js';
import { OPERATION_TYPES } from '../operations/registry.js';
import type { OperationType } from '../operations/registry.js';
import { formatByteSize } from '../parse/byte-size.js';
import { DURATION_HINT, parseDuration } from '../parse/duration.js';
import { DEFAULT_MAX_LINE } from '../parse/entry-parser.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { parseOptionsFrom, readMaxLine, readYear } from '../parse/options.js';
import type { ParseOptionTexts } from '../parse/options.js';
import { parseAlias } from '../parse/origin.js';
import { resolveZone } from '../parse/time.js';
import { instanceSelector, normalizeRequestId, parseLevel } from '../select/entry-filter.js';
import type { InstanceSelector } from '../select/entry-filter.js';
import type { OperationFilterOptions } from './operation-filter.js';
import type { AnalyzeOptions } from './analyze.js';
import type { CheckFormat } from './check-format.js';
import type { CheckOptions } from './check.js';
import type { ExportFormat, ExportOptions } from './export.js';
import type { FollowOptions } from './follow.js';
import type { HostOptions } from './host.js';
import type { MergeOptions } from './merge.js';
import type { StatsOptions } from './stats.js';
import type { TraceOptions } from './trace.js';

/** A reader as commander's argParser: its error is the usage error. */
function parser<T>(read: (text: string) => T): (text: string) => T {
  return (text) => usage(() => read(text));
}

/** Validates the text and keeps it: the shared options are made into ParseOptions once, from their texts. */
function checked(read: (text: string) => unknown): (text: string) => string {
  return parser((text) => {
    read(text);
    return text;
  });
}

export function duration(flag: string): (text: string) => number {
  return parser((text) => {
    const ms = parseDuration(text);
    if (ms === null || ms <= 0) throw new Error(`${flag} "${text}": expected ${DURATION_HINT}`);
    return ms;
  });
}

export function wholeNumber(flag: string, what: string, min: number): (text: string) => number {
  return parser((text) => {
    if (!/^\d+$/.test(text) || Number(text) < min) throw new Error(`${flag} "${text}": expected a whole number of ${what}, at least ${min}`);
    return Number(text);
  });
}

/** A comma-separated list of some of `allowed`. */
function listOf<T extends string>(allowed: readonly T[], what: string): (text: string) => ReadonlySet<T> {
  return parser((text) => {
    const values = text.split(',').map((v) => v.trim()).filter(Boolean);
    for (const v of values) if (!(allowed as readonly string[]).includes(v)) throw new Error(`unknown ${what} "${v}" (${allowed.join(', ')})`);
    return new Set(values as T[]);
  });
}

export const operationTypes = listOf<OperationType>(OPERATION_TYPES, 'operation type');
export const outcomes = listOf<Outcome>(OUTCOMES, 'outcome');
export const level: (text: string) => Level = parser(parseLevel);
export const instance: (text: string) => InstanceSelector = parser(instanceSelector);
export const requestId: (text: string) => string = normalizeRequestId;
export const services = listOf<Service>(SERVICES, 'service');
export const grepPattern: (text: string) => LinearRegex = parser((text) => {
  const compiled = compileLinear(text);
  if (!compiled.ok) throw new Error(`--grep "${text}": ${compiled.reason}`);
  return compiled.regex;
});

/** --level, --service, --host, --grep: which entries merge prints and trace lists. */
export function addEntryNarrowing(command: Command, what: string): Command {
  return command
    .option('--level <level>', `only ${what} at this level or worse (DEBUG, INFO, AUDIT, WARNING, ERROR, CRITICAL)`, level)
    .option('--service <services>', `only ${what} of these services, comma-separated (${SERVICES.join(', ')})`, services)
    .option('--host <host>', `only ${what} logged on this host (its short name or FQDN)`)
    .option('--grep <pattern>', `only ${what} in which this regular expression matches (message, logger, IDs, traceback lines)`, grepPattern);
}

/** --color: text output painted on a terminal. */
export function addColor(command: Command, what: string): Command {
  return command.addOption(oneOf('--color <when>', `colour ${what}: auto (on a terminal, unless NO_COLOR; FORCE_COLOR forces it), always, never`, COLOR_MODES, 'auto'));
}

/** A host as Nova names it: a short name or an FQDN (letters, digits, `-`, `_`, `.`). */
export const hostName: (text: string) => string = parser((text) => {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(text)) throw new Error(`host "${text}": expected a host name (short or FQDN), as Nova names it`);
  return text;
});

/** One of `allowed`, shown in the help as its choices. */
export function oneOf<T extends string>(flags: string, description: string, allowed: readonly T[], fallback?: T): Option {
  const flag = flags.split(' ')[0] as string;
  const option = new Option(flags, description).choices(allowed).argParser(parser((text) => {
    if (!(allowed as readonly string[]).includes(text)) throw new Error(`${flag} "${text}": expected ${allowed.join(', ')}`);
    return text as T;
  }));
  return fallback === undefined ? option : option.default(fallback);
}

function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/** --tz, --year, --alias, --max-line: the options every reading command shares. */
export function addParseOptions(command: Command): Command {
  return command
    .option('--tz <zone>', 'zone of zone-less timestamps: UTC, +02:00, Europe/Rome (default UTC)', checked(resolveZone))
    .option('--year <year>', 'year of year-less journald stamps (default: from each file\'s modification time)', checked(readYear))
    .option('--alias <pattern=name>', 'name the host and/or service of matching files: PATTERN=HOST, PATTERN=HOST/SERVICE, PATTERN=/SERVICE (repeatable)',
      (text: string, previous?: readonly string[]) => collect(checked(parseAlias)(text), previous))
    .option('--max-line <size>', `bytes a line may have: a longer one is cut there, counted and reported (1MB, 512KB, 1048576; default ${formatByteSize(DEFAULT_MAX_LINE)})`, checked(readMaxLine));
}

/** --cache, --no-cache: where the persistent cache of what was read lives (docs/cache.md). */
export function addCacheOptions(command: Command): Command {
  return command
    .option('--cache <dir>', 'keep what is read in this folder, to answer again at once while the logs are unchanged (default: $XDG_CACHE_HOME/novatrace, else ~/.cache/novatrace)')
    .option('--no-cache', 'neither read nor write the cache');
}

/** The cache folder --cache and --no-cache name: null for none (--no-cache, or no home to put it in). */
function cacheOf(o: Given): string | null {
  const given = o['cache'];
  if (given === false) return null;
  if (typeof given === 'string') return path.resolve(given);
  return defaultCacheDir(process.env);
}

/** The parse options with the cache folder of a command that has --cache. */
function cachedParseOf(o: Given): ParseOptions {
  return Object.freeze({ ...parseOf(o), cache: cacheOf(o) });
}

/** The shared options of a command, made once (they were checked as they were read). */
export function parseOptionsOf(texts: ParseOptionTexts): ParseOptions {
  return usage(() => parseOptionsFrom({ tz: texts.tz, year: texts.year, alias: texts.alias, maxLine: texts.maxLine }));
}

/** What commander gives an action: each option as its parser made it (undefined when not given). */
export type Given = Readonly<Record<string, unknown>>;

const text = (o: Given, key: string): string | undefined => o[key] as string | undefined;
const flag = (o: Given, key: string): boolean => o[key] === true;
/** `{ key: value }`, or nothing when the option was not given. */
function present<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function paintOf(o: Given): Paint {
  return paintFor(o['color'] as ColorMode, process.env, process.stdout.isTTY === true);
}

function narrowOf(o: Given): EntryFilterOptions {
  return Object.freeze({
    ...present('level', o['level'] as Level | undefined),
    ...present('services', o['service'] as ReadonlySet<Service> | undefined),
    ...present('host', text(o, 'host')),
    ...present('grep', o['grep'] as LinearRegex | undefined),
  });
}

/** The narrowing options as they would be typed, for a heading: `--level WARNING --service compute`. */
function narrowText(o: Given): string {
  const parts: string[] = [];
  if (o['level'] !== undefined) parts.push(`--level ${String(o['level'])}`);
  if (o['service'] !== undefined) parts.push(`--service ${[...(o['service'] as ReadonlySet<string>)].join(',')}`);
  if (o['host'] !== undefined) parts.push(`--host ${String(o['host'])}`);
  if (o['grep'] !== undefined) parts.push(`--grep ${(o['grep'] as LinearRegex).source}`);
  return parts.join(' ');
}

function parseOf(o: Given): ParseOptions {
  return parseOptionsOf({ tz: text(o, 'tz'), year: text(o, 'year'), alias: o['alias'] as string[] | undefined, maxLine: text(o, 'maxLine') });
}

export function statsOptions(o: Given): StatsOptions {
  return Object.freeze({ parse: cachedParseOf(o), json: flag(o, 'json') });
}

export function mergeOptions(o: Given): MergeOptions {
  return Object.freeze({
    parse: cachedParseOf(o), json: flag(o, 'json'), paint: paintOf(o), narrow: narrowOf(o),
    ...present('request', text(o, 'request')),
    ...present('instance', o['instance'] as InstanceSelector | undefined),
    ...present('since', text(o, 'since')),
    ...present('until', text(o, 'until')),
  });
}

/**
 * --type, --outcome, --instance, --request, --host, --since, --until: the operation selection analyze and export
 * share (operationFilterOptions reads them back, commands/analysis.ts applies them).
 */
export function addOperationFilterOptions(command: Command): Command {
  return command
    .option('--type <types>', 'only these operation types, comma-separated (boot,stop,evacuate,...)', operationTypes)
    .option('--outcome <outcomes>', 'only these outcomes, comma-separated (succeeded,failed,rejected,incomplete)', outcomes)
    .option('--instance <uuid>', 'only operations of this instance (its UUID, or the first 8 characters or more)', instance)
    .option('--request <id>', 'only the operation of this request ID, or of those it begins', requestId)
    .option('--host <host>', 'only operations that ran on this host (its short name or FQDN)')
    .option('--since <time>', 'only operations that end at or after this time')
    .option('--until <time>', 'only operations that start at or before this time');
}

export function operationFilterOptions(o: Given): OperationFilterOptions {
  return Object.freeze({
    ...present('types', o['type'] as ReadonlySet<OperationType> | undefined),
    ...present('outcomes', o['outcome'] as ReadonlySet<Outcome> | undefined),
    ...present('instance', o['instance'] as InstanceSelector | undefined),
    ...present('request', text(o, 'request')),
    ...present('host', text(o, 'host')),
    ...present('since', text(o, 'since')),
    ...present('until', text(o, 'until')),
  });
}

export function analyzeOptions(o: Given): AnalyzeOptions {
  return Object.freeze({ parse: cachedParseOf(o), json: flag(o, 'json'), tui: o['tui'] !== false, filter: operationFilterOptions(o), paint: paintOf(o) });
}

export function exportOptions(o: Given): ExportOptions {
  return Object.freeze({ parse: cachedParseOf(o), format: o['format'] as ExportFormat, filter: operationFilterOptions(o), ...present('output', text(o, 'output')) });
}

export function followOptions(o: Given): FollowOptions {
  return Object.freeze({
    parse: parseOf(o), fromStart: flag(o, 'fromStart'), settleMs: o['settle'] as number, idleTimeoutMs: o['idleTimeout'] as number,
    keep: o['keep'] as number, tui: o['tui'] !== false,
  });
}

export function traceOptions(o: Given): TraceOptions {
  return Object.freeze({ parse: cachedParseOf(o), json: flag(o, 'json'), paint: paintOf(o), narrow: narrowOf(o), narrowed: narrowText(o) });
}

export function checkOptions(o: Given): CheckOptions {
  return Object.freeze({
    parse: parseOf(o), allowKnown: flag(o, 'allowKnown'), format: o['format'] as CheckFormat, paint: paintOf(o),
    ...present('rules', text(o, 'rules')),
    ...present('signatures', text(o, 'signatures')),
    ...present('baseline', text(o, 'baseline')),
  });
}

export function hostOptions(o: Given): HostOptions {
  return Object.freeze({ parse: cachedParseOf(o), json: flag(o, 'json') });
}
