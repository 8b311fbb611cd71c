// A file's FileStats as plain JSON data and back (its Sets as arrays, in their order): what a cache of parsed
// chunks stores beside them. fileStatsFromJson checks every field, so a corrupted record is refused, not believed.

import { DIALECTS, SERVICES } from '../model/entry.js';
import type { Dialect, Service } from '../model/entry.js';
import type { CutSample, FileStats, UnparsedSample } from '../model/file-stats.js';

export interface FileStatsJson {
  readonly path: string;
  readonly dialects: readonly Dialect[];
  readonly lines: number;
  readonly entries: number;
  readonly continuations: number;
  readonly noise: number;
  readonly unparsed: number;
  readonly unparsedSamples: readonly UnparsedSample[];
  readonly cut: number;
  readonly cutSamples: readonly CutSample[];
  readonly maxLine: number;
  readonly services: readonly Service[];
  readonly hosts: readonly string[];
  readonly start: number | null;
  readonly startPrecision: number;
  readonly end: number | null;
  readonly endPrecision: number;
  readonly yearGuess: { readonly year: number; readonly from: 'modified' | 'today' } | null;
}

export function fileStatsToJson(s: FileStats): FileStatsJson {
  return {
    path: s.path, dialects: [...s.dialects], lines: s.lines, entries: s.entries, continuations: s.continuations,
    noise: s.noise, unparsed: s.unparsed, unparsedSamples: s.unparsedSamples.map((u) => ({ line: u.line, text: u.text })),
    cut: s.cut, cutSamples: s.cutSamples.map((c) => ({ line: c.line, bytes: c.bytes })), maxLine: s.maxLine,
    services: [...s.services], hosts: [...s.hosts], start: s.start, startPrecision: s.startPrecision, end: s.end,
    endPrecision: s.endPrecision, yearGuess: s.yearGuess === null ? null : { year: s.yearGuess.year, from: s.yearGuess.from },
  };
}

type Json = Record<string, unknown>;

function fail(field: string): never {
  throw new Error(`malformed file stats: ${field}`);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function count(o: Json, key: string): number {
  const v = o[key];
  return isCount(v) ? v : fail(`${key} is not a count`);
}

function time(o: Json, key: string): number | null {
  const v = o[key];
  return v === null || (typeof v === 'number' && Number.isFinite(v)) ? v : fail(`${key} is not a time`);
}

function list<T>(o: Json, key: string, item: (v: unknown) => v is T): T[] {
  const v = o[key];
  if (!Array.isArray(v) || !v.every(item)) fail(`${key} is not a list of its kind`);
  return v as T[];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isDialect = (v: unknown): v is Dialect => (DIALECTS as readonly unknown[]).includes(v);
const isService = (v: unknown): v is Service => (SERVICES as readonly unknown[]).includes(v);
const isUnparsed = (v: unknown): v is UnparsedSample => isObject(v) && isCount(v['line']) && isString(v['text']);
const isCut = (v: unknown): v is CutSample => isObject(v) && isCount(v['line']) && isCount(v['bytes']);

export function fileStatsFromJson(value: unknown): FileStats {
  if (!isObject(value)) fail('not an object');
  const o = value;
  const path = o['path'];
  if (!isString(path)) fail('path is not a string');
  const guess = o['yearGuess'];
  if (guess !== null && !(isObject(guess) && isCount(guess['year']) && (guess['from'] === 'modified' || guess['from'] === 'today'))) fail('yearGuess');
  return {
    path,
    dialects: new Set(list(o, 'dialects', isDialect)),
    lines: count(o, 'lines'),
    entries: count(o, 'entries'),
    continuations: count(o, 'continuations'),
    noise: count(o, 'noise'),
    unparsed: count(o, 'unparsed'),
    unparsedSamples: list(o, 'unparsedSamples', isUnparsed).map((u) => ({ line: u.line, text: u.text })),
    cut: count(o, 'cut'),
    cutSamples: list(o, 'cutSamples', isCut).map((c) => ({ line: c.line, bytes: c.bytes })),
    maxLine: count(o, 'maxLine'),
    services: new Set(list(o, 'services', isService)),
    hosts: new Set(list(o, 'hosts', isString)),
    start: time(o, 'start'),
    startPrecision: count(o, 'startPrecision'),
    end: time(o, 'end'),
    endPrecision: count(o, 'endPrecision'),
    yearGuess: guess === null ? null : { year: guess['year'] as number, from: guess['from'] as 'modified' | 'today' },
  };
}
