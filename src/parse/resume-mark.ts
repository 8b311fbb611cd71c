// Where a file's parsing may go on from once the file has grown: the first line of an entry at which every entry
// before it was finished (none open, none held), with all the parser kept from the lines before it. A parser given
// this mark and fed the file's lines from that line on gives what reading the whole file gives from there.

import { DIALECTS, SERVICES } from '../model/entry.js';
import type { Dialect, Service } from '../model/entry.js';
import type { FileStats } from '../model/file-stats.js';
import { fileStatsFromJson, fileStatsToJson } from './file-stats-json.js';
import type { FileStatsJson } from './file-stats-json.js';
import { yearFromModified } from './year.js';
import type { YearCall, YearState } from './year.js';

export interface ResumeMark {
  /** The line parsing goes on from: it starts an entry. */
  readonly line: number;
  /** Entries the lines before it gave (all of them finished there). */
  readonly entries: number;
  /** The counts of the lines before it (`lines` is line - 1), with the entries before it. */
  readonly stats: FileStats;
  /** The dialect the parser tries first: the one that read the line. */
  readonly dialect: Dialect | null;
  /** Per identifier, the host its resource tracker named and the service its last logger named, before the line. */
  readonly learnedHosts: readonly (readonly [string | null, string])[];
  readonly loggerServices: readonly (readonly [string | null, Service])[];
  /** The year of year-less stamps, as it stood after the line was read (reading it again changes nothing). */
  readonly years: YearState;
  readonly firstYear: YearCall | null;
  readonly lastYear: YearCall | null;
}

/**
 * Whether a file modified at `modified` (a file that grew has a later time) reads its lines as it did when the mark
 * was made: the first year-less stamp's year comes from the file's time when no --year gave it, and every later
 * stamp's from that one.
 */
export function resumesAfter(mark: ResumeMark, modified: Date): boolean {
  const first = mark.firstYear;
  return mark.stats.yearGuess === null || first === null || yearFromModified(modified, first.month) === first.year;
}

export type ResumeMarkJson = Omit<ResumeMark, 'stats'> & { readonly stats: FileStatsJson };

export function resumeMarkToJson(mark: ResumeMark): ResumeMarkJson {
  return { ...mark, stats: fileStatsToJson(mark.stats) };
}

function fail(field: string): never {
  throw new Error(`malformed resume mark: ${field}`);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isIdent = (v: unknown): v is string | null => v === null || typeof v === 'string';

function yearCall(v: unknown, field: string): YearCall | null {
  if (v === null) return null;
  if (!isObject(v) || !isCount(v['month']) || !isCount(v['year'])) fail(field);
  return { month: v['month'], year: v['year'] };
}

function pairs<T>(v: unknown, field: string, value: (x: unknown) => x is T): [string | null, T][] {
  if (!Array.isArray(v)) fail(field);
  return v.map((p: unknown) => {
    if (!Array.isArray(p) || p.length !== 2 || !isIdent(p[0]) || !value(p[1])) fail(field);
    return [p[0], p[1]];
  });
}

/** A mark read back from the cache, every field checked: a corrupted one is refused, not believed. */
export function resumeMarkFromJson(value: unknown): ResumeMark {
  if (!isObject(value)) fail('not an object');
  const o = value;
  const line = o['line'];
  const entries = o['entries'];
  if (!isCount(line) || line < 1) fail('line');
  if (!isCount(entries)) fail('entries');
  const stats = fileStatsFromJson(o['stats']);
  if (stats.lines !== line - 1 || stats.entries !== entries) fail('stats');
  const dialect = o['dialect'];
  if (dialect !== null && !(DIALECTS as readonly unknown[]).includes(dialect)) fail('dialect');
  const years = o['years'];
  if (!isObject(years) || !(years['year'] === null || isCount(years['year'])) || !isCount(years['lastMonth'])) fail('years');
  return {
    line, entries, stats, dialect: dialect as Dialect | null,
    learnedHosts: pairs(o['learnedHosts'], 'learnedHosts', (x): x is string => typeof x === 'string'),
    loggerServices: pairs(o['loggerServices'], 'loggerServices', (x): x is Service => (SERVICES as readonly unknown[]).includes(x)),
    years: { year: years['year'] as number | null, lastMonth: years['lastMonth'] as number },
    firstYear: yearCall(o['firstYear'], 'firstYear'),
    lastYear: yearCall(o['lastYear'], 'lastYear'),
  };
}
