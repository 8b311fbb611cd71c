// One entry as an NDJSON record (schema in docs/json.md, "merge --json").

import type { CodeLocation, Dialect, Level, LogEntry, Service } from '../model/entry.js';
import { DIALECTS } from '../model/entry.js';
import type { EntryRecord } from '../model/records.js';
import { formatIso, threeDigits } from '../format/time.js';
import { jsonString, safeJson } from '../format/escape.js';
import { PairTextCache, TextCache } from '../format/text-cache.js';

export function entryRecord(entry: LogEntry): EntryRecord {
  return {
    time: entry.time === null ? null : formatIso(entry.time, Math.max(3, entry.precision)),
    epochMs: entry.time,
    service: entry.service,
    host: entry.host,
    pid: entry.pid,
    level: entry.level,
    logger: entry.logger,
    globalRequestId: entry.globalRequestId,
    requestId: entry.requestId,
    user: entry.user,
    project: entry.project,
    instance: entry.instance,
    message: entry.message,
    location: entry.location,
    continuation: entry.continuation,
    file: entry.file,
    line: entry.line,
    dialect: entry.dialect,
  };
}

function jsonNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

function nullable(text: string | null): string {
  return text === null ? 'null' : jsonString(text);
}

/**
 * merge --json's per-entry hot path: the text of safeJson(entryRecord(entry)), byte for byte. JSON.stringify of the
 * record cost three times as much; and a line made of many small strings costs as much again to flatten when it
 * is written, so the runs of fields that entries repeat are kept as one text each: the time's second, the source
 * (service, host), the level and logger, the code location, the file.
 */
export function entryJsonFormatter(): (entry: LogEntry) => string {
  const sources = new PairTextCache<string | null, Service>((host, service) => `,"service":"${service}","host":${nullable(host)},"pid":`);
  const loggers = new PairTextCache<string | null, Level | null>((logger, level) =>
    `,"level":${level === null ? 'null' : `"${level}"`},"logger":${nullable(logger)},"globalRequestId":`);
  const files = new TextCache<string>((file) => `,"file":${jsonString(file)},"line":`);
  const ends = new Map<Dialect, string>(DIALECTS.map((d) => [d, `,"dialect":"${d}"}`]));
  const locations = new WeakMap<CodeLocation, string>();
  let second = NaN;
  let isoSecond = '';
  let epochSecond = '';

  /** `,"location":...,"continuation":` */
  const location = (at: CodeLocation | null): string => {
    if (at === null) return ',"location":null,"continuation":';
    let json = locations.get(at);
    if (json === undefined) {
      json = `,"location":${safeJson(at)},"continuation":`;
      locations.set(at, json);
    }
    return json;
  };
  /** `{"time":...,"epochMs":...` as formatIso and JSON.stringify write them. */
  const times = (time: number | null, precision: number): string => {
    if (time === null) return '{"time":null,"epochMs":null';
    // Below 1e15, time / 1000 is exact enough for its floor to be the second (and its text the epoch's first digits).
    if (!Number.isInteger(time) || time < 1000 || time >= 1e15 || precision > 3) {
      return `{"time":"${formatIso(time, Math.max(3, precision))}","epochMs":${jsonNumber(time)}`;
    }
    const s = Math.floor(time / 1000);
    if (s !== second) {
      second = s;
      isoSecond = `{"time":"${formatIso(s * 1000, 0).slice(0, 19)}.`;
      epochSecond = `Z","epochMs":${s}`;
    }
    const ms = threeDigits(time - s * 1000);
    return `${isoSecond}${ms}${epochSecond}${ms}`;
  };
  /** `,"user":...,"project":...,"instance":...,"message":` */
  const people = (e: LogEntry): string => (e.user === null && e.project === null && e.instance === null
    ? ',"user":null,"project":null,"instance":null,"message":'
    : `,"user":${nullable(e.user)},"project":${nullable(e.project)},"instance":${nullable(e.instance)},"message":`);

  return (e) => {
    const continuation = e.continuation.length === 0 ? '[]' : `[${e.continuation.map(jsonString).join(',')}]`;
    return `${times(e.time, e.precision)}${sources.get(e.host, e.service)}${e.pid === null ? 'null' : jsonNumber(e.pid)}`
      + `${loggers.get(e.logger, e.level)}${nullable(e.globalRequestId)},"requestId":${nullable(e.requestId)}${people(e)}`
      + `${jsonString(e.message)}${location(e.location)}${continuation}${files.get(e.file)}${jsonNumber(e.line)}`
      + `${ends.get(e.dialect) ?? `,"dialect":${jsonString(e.dialect)}}`}`;
  };
}
