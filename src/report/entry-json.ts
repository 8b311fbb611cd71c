// One entry as an NDJSON record (schema in docs/json.md, "merge --json").

import { Buffer } from 'node:buffer';
import type { CodeLocation, Dialect, Level, LogEntry, Service } from '../model/entry.js';
import { DIALECTS } from '../model/entry.js';
import type { EntryRecord } from '../model/records.js';
import { formatIso } from '../format/time.js';
import { jsonString, safeJson } from '../format/escape.js';
import { PairTextCache } from '../format/text-cache.js';

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

/** Anything but printable ASCII, and the quote and backslash: a string without any is its JSON text in quotes. */
const NOT_PLAIN = /[^ !#-[\]-~]/;

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const TILDE = 0x7e;
const COMMA = 0x2c;
const ZERO = 0x30;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/** Keys a cache holds before it is cleared: memory has a bound. */
const CACHE_MAX = 4096;

/** Bytes of a field's JSON text (ASCII, or any text as UTF-8). */
const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

const NULL = bytes('null');
const NO_TIME = bytes('{"time":null,"epochMs":null');
const NO_LOCATION = bytes(',"location":null,"continuation":');
const ENDS = new Map<Dialect, Buffer>(DIALECTS.map((d) => [d, bytes(`,"dialect":"${d}"}`)]));

/** Most bytes a string's JSON text takes: `\uXXXX` (6) a UTF-16 unit, and its quotes. */
const most = (text: string | null): number => (text === null ? 4 : 6 * text.length + 2);

/** A file's text, and its last entry's source and logger with their texts (null: none yet). */
interface FileTexts {
  file: string;
  /** `,"file":...,"line":` */
  readonly text: Buffer;
  host: string | null;
  service: Service;
  source: Buffer | null;
  logger: string | null;
  level: Level | null;
  loggerText: Buffer | null;
}

/**
 * The JSON texts of one field's values, each with the key that follows it (`"req-...","user":`): the IDs of a
 * request, its user and project and an instance repeat from line to line, and are escaped once.
 */
class FieldTexts {
  private readonly known = new Map<string, Buffer>();
  private readonly none: Buffer;
  private last: string | null = null;
  private lastText: Buffer;

  constructor(private readonly next: string) {
    this.none = bytes(`null${next}`);
    this.lastText = this.none;
  }

  get(value: string | null): Buffer {
    if (value === this.last) {
      this.last = value;
      return this.lastText;
    }
    let text = value === null ? this.none : this.known.get(value);
    if (text === undefined) {
      const key = value as string;
      if (this.known.size >= CACHE_MAX) this.known.clear();
      text = bytes(`${jsonString(key)}${this.next}`);
      // Kept under a copy: a value sliced from a chunk's strings would keep all of them.
      this.known.set(Buffer.from(key, 'utf16le').toString('utf16le'), text);
    }
    this.last = value;
    this.lastText = text;
    return text;
  }
}

/**
 * merge --json's per-entry hot path: the bytes of safeJson(entryRecord(entry)) as UTF-8, written straight into the
 * output's buffer. A line made as one string cost as much again to flatten and encode when it was written as it
 * cost to make; here the texts entries repeat are kept as bytes (the time's second, the source, the level and
 * logger, the code location, the file) and copied, numbers are written digit by digit, and a string is copied as it
 * is where it is printable ASCII with nothing to escape (most log text), else escaped as safeJson escapes it.
 * `measure(entry)` looks an entry's kept texts up and says how many bytes it may take; `write(into, at)` writes it.
 */
export class EntryJson {
  /** `,"service":...,"host":...,"pid":` */
  private readonly sources = new PairTextCache<string | null, Service, Buffer>((host, service) => bytes(`,"service":"${service}","host":${nullable(host)},"pid":`));
  /** `,"level":...,"logger":...,"globalRequestId":` */
  private readonly loggers = new PairTextCache<string | null, Level | null, Buffer>((logger, level) => bytes(`,"level":${level === null ? 'null' : `"${level}"`},"logger":${nullable(logger)},"globalRequestId":`));
  private readonly files = new Map<string, FileTexts>();
  /** The last entry's file: most entries follow one of their own file. */
  private lastFile: FileTexts = { file: '', text: NULL, host: null, service: 'other', source: null, logger: null, level: null, loggerText: null };
  private readonly locations = new WeakMap<CodeLocation, Buffer>();
  private second = NaN;
  /** `{"time":"2016-06-28T13:56:12.000Z","epochMs":1467122172000` for that second; its `000`s are the milliseconds. */
  private secondText: Buffer = NULL;
  /** Where the first `000` is in secondText. */
  private msAt = 0;
  private readonly globalRequestIds = new FieldTexts(',"requestId":');
  private readonly requestIds = new FieldTexts(',"user":');
  private readonly users = new FieldTexts(',"project":');
  private readonly projects = new FieldTexts(',"instance":');
  private readonly instances = new FieldTexts(',"message":');

  /** The entry measure() looked up, and its kept texts. */
  private entry: LogEntry | null = null;
  private source: Buffer = NULL;
  private logger: Buffer = NULL;
  private globalRequestId: Buffer = NULL;
  private requestId: Buffer = NULL;
  private user: Buffer = NULL;
  private project: Buffer = NULL;
  private instance: Buffer = NULL;
  private location: Buffer = NULL;
  private file: Buffer = NULL;

  /** Looks up the entry's kept texts; the most bytes its line (without a newline) takes. */
  measure(e: LogEntry): number {
    this.entry = e;
    // The strings compared are kept as the entry has them: an entry's strings are those of the entries decoded
    // with it, and two of them compare at once where the same text in another chunk is read to its end.
    let f = this.lastFile;
    if (e.file !== f.file) this.lastFile = f = this.fileOf(e.file);
    f.file = e.file;
    if (f.source === null || e.host !== f.host || e.service !== f.service) {
      f.service = e.service;
      f.source = this.sources.get(e.host, e.service);
    }
    f.host = e.host;
    if (f.loggerText === null || e.logger !== f.logger || e.level !== f.level) {
      f.level = e.level;
      f.loggerText = this.loggers.get(e.logger, e.level);
    }
    f.logger = e.logger;
    this.source = f.source;
    this.logger = f.loggerText;
    this.file = f.text;
    this.location = e.location === null ? NO_LOCATION : this.locationOf(e.location);
    this.globalRequestId = this.globalRequestIds.get(e.globalRequestId);
    this.requestId = this.requestIds.get(e.requestId);
    this.user = this.users.get(e.user);
    this.project = this.projects.get(e.project);
    this.instance = this.instances.get(e.instance);
    // The time, the pid, the line and the dialect: at most 160 bytes.
    let n = 192 + most(e.dialect) + this.source.length + this.logger.length + this.globalRequestId.length + this.requestId.length
      + this.user.length + this.project.length + this.instance.length + most(e.message) + this.location.length + this.file.length;
    for (const line of e.continuation) n += most(line) + 1;
    return n;
  }

  /** Writes the line of the entry measured last at `at`, in the room measure() said; where it ends. */
  write(into: Buffer, at: number): number {
    const e = this.entry as LogEntry;
    let p = this.times(e.time, e.precision, into, at);
    p = put(this.source, into, p);
    p = e.pid === null ? put(NULL, into, p) : number(e.pid, into, p);
    p = put(this.logger, into, p);
    p = put(this.globalRequestId, into, p);
    p = put(this.requestId, into, p);
    p = put(this.user, into, p);
    p = put(this.project, into, p);
    p = put(this.instance, into, p);
    p = string(e.message, into, p);
    p = put(this.location, into, p);
    const lines = e.continuation;
    if (lines.length === 0) {
      into[p++] = OPEN;
      into[p++] = CLOSE;
    } else {
      into[p++] = OPEN;
      for (let i = 0; i < lines.length; i++) {
        if (i > 0) into[p++] = COMMA;
        p = string(lines[i] as string, into, p);
      }
      into[p++] = CLOSE;
    }
    p = put(this.file, into, p);
    p = number(e.line, into, p);
    const end = ENDS.get(e.dialect);
    return end === undefined ? p + into.write(`,"dialect":${jsonString(e.dialect)}}`, p) : put(end, into, p);
  }

  /** `{"time":...,"epochMs":...` as formatIso and JSON.stringify write them. */
  private times(time: number | null, precision: number, into: Buffer, at: number): number {
    if (time === null) return put(NO_TIME, into, at);
    // Below 1e15, time / 1000 is exact enough for its floor to be the second (and its text the epoch's first digits).
    if (!Number.isInteger(time) || time < 1000 || time >= 1e15 || precision > 3) {
      return at + into.write(`{"time":"${formatIso(time, Math.max(3, precision))}","epochMs":${jsonNumber(time)}`, at, 'latin1');
    }
    const s = Math.floor(time / 1000);
    if (s !== this.second) {
      this.second = s;
      const iso = `{"time":"${formatIso(s * 1000, 0).slice(0, -1)}.`;
      const text = `${iso}000Z","epochMs":${s}000`;
      if (text.length !== this.secondText.length) this.secondText = Buffer.allocUnsafeSlow(text.length);
      latin1(this.secondText, text, 0);
      this.msAt = iso.length;
    }
    const ms = time - s * 1000;
    const end = put(this.secondText, into, at);
    threeDigits(ms, into, at + this.msAt);
    threeDigits(ms, into, end - 3);
    return end;
  }

  /** `,"file":...,"line":`, and what the file's last entry looked up. */
  private fileOf(file: string): FileTexts {
    let texts = this.files.get(file);
    if (texts === undefined) {
      if (this.files.size >= CACHE_MAX) this.files.clear();
      texts = { file, text: bytes(`,"file":${jsonString(file)},"line":`), host: null, service: 'other', source: null, logger: null, level: null, loggerText: null };
      this.files.set(file, texts);
    }
    return texts;
  }

  /** `,"location":...,"continuation":` */
  private locationOf(at: CodeLocation): Buffer {
    let text = this.locations.get(at);
    if (text === undefined) {
      text = bytes(`,"location":${safeJson(at)},"continuation":`);
      this.locations.set(at, text);
    }
    return text;
  }
}

/** Buffer's own latin1 writer, without write()'s checks of its arguments (a million calls). */
const LATIN1_WRITE = (Buffer.prototype as { latin1Write?: (text: string, at: number) => number }).latin1Write;

/** Writes a text whose characters are all below U+0100, a byte each. */
function latin1(into: Buffer, text: string, at: number): number {
  return LATIN1_WRITE === undefined ? into.write(text, at, 'latin1') : LATIN1_WRITE.call(into, text, at);
}

function put(text: Buffer, into: Buffer, at: number): number {
  into.set(text, at);
  return at + text.length;
}

/** safeJson of a string or null. */
function string(text: string | null, into: Buffer, at: number): number {
  if (text === null) return put(NULL, into, at);
  if (!NOT_PLAIN.test(text)) {
    into[at] = QUOTE;
    const end = at + 1 + latin1(into, text, at + 1);
    into[end] = QUOTE;
    return end + 1;
  }
  // Printable ASCII with quotes or backslashes (a message quoting a command or a dict): escaped as it is copied.
  let p = at;
  into[p++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < SPACE || c > TILDE) return at + into.write(jsonString(text), at);
    if (c === QUOTE || c === BACKSLASH) into[p++] = BACKSLASH;
    into[p++] = c;
  }
  into[p++] = QUOTE;
  return p;
}

/** A number as JSON.stringify writes it: a whole one below 2^31 digit by digit. */
function number(n: number, into: Buffer, at: number): number {
  if (!(n >= 0 && n <= 0x7fffffff && (n | 0) === n)) return at + latin1(into, jsonNumber(n), at);
  let digits = 1;
  for (let rest = n; rest >= 10; rest = (rest / 10) | 0) digits++;
  const end = at + digits;
  for (let p = end - 1, rest = n; p >= at; p--, rest = (rest / 10) | 0) into[p] = ZERO + (rest % 10);
  return end;
}

/** `000` to `999`. */
function threeDigits(n: number, into: Buffer, at: number): number {
  into[at] = ZERO + Math.floor(n / 100);
  into[at + 1] = ZERO + (Math.floor(n / 10) % 10);
  into[at + 2] = ZERO + (n % 10);
  return at + 3;
}

function nullable(text: string | null): string {
  return text === null ? 'null' : jsonString(text);
}

