// Lines of one source file -> LogEntry records. Detects the dialect per line (trying the file's last one first),
// folds traceback runs and prefix-less continuation lines into the entry above, counts noise and unparsed lines.
// Pure: no I/O; the caller pushes lines and receives entries through `emit`.

import { basename } from 'node:path';
import type { CodeLocation, Dialect, Level, LogEntry, Service } from '../model/entry.js';
import type { FileStats } from '../model/file-stats.js';
import type { DialectModule, LineContext, ParsedLine } from './dialect.js';
import { DIALECT_TABLE } from './dialects/index.js';
import { oslo } from './dialects/oslo.js';
import type { Body } from './oslo-body.js';
import { splitDebugSuffix, stripAnsi } from './oslo-body.js';
import type { CodeLocations } from './code-locations.js';
import type { AliasRule } from './origin.js';
import { hostFromFileName, hostFromPath, serviceFromFileName, serviceFromIdent, serviceFromLogger } from './origin.js';
import type { Zone } from './time.js';
import { newParseScratch } from './scratch.js';
import { YearTracker } from './year.js';
import type { YearCall } from './year.js';
import type { ResumeMark } from './resume-mark.js';

export type { YearCall } from './year.js';

export interface ParseOptions {
  readonly zone: Zone;
  /** Year of the first year-less (journald short) stamp; null: from the file's modification time. */
  readonly year: number | null;
  readonly aliases: readonly AliasRule[];
  /**
   * Count only (`stats`): entries still start, fold and count exactly as in full parsing, but carry only time,
   * service, host, pid, level and logger; request IDs, instance, message and code location are not read.
   */
  readonly countOnly?: boolean;
  /**
   * Bytes a line may have (default DEFAULT_MAX_LINE): the readers cut a longer one there and say so with its
   * length (push's `cutBytes`), so that one endless line costs no more memory than this.
   */
  readonly maxLine?: number;
  /**
   * The persistent cache's folder (--cache, else $XDG_CACHE_HOME/novatrace); null or absent: none (--no-cache, the
   * tests). Read by the commands and io/cache, never by the parser, and no part of a cache key.
   */
  readonly cache?: string | null;
  /** The option texts these were made from (parse/options.ts): stats' worker threads make their own from them. */
  readonly texts?: {
    readonly tz?: string | undefined;
    readonly year?: string | undefined;
    readonly alias?: readonly string[] | undefined;
    readonly maxLine?: string | undefined;
  };
}

/** 1 MiB: a hundred times the longest line in the shared real logs (10 KB); a 10 MB traceback line is cut. */
export const DEFAULT_MAX_LINE = 1024 * 1024;

export const UNPARSED_SAMPLES = 5;
export const CUT_SAMPLES = 5;
const SAMPLE_CHARS = 200;
/** Lines a single traceback line of one record may lag behind the record's first line (journald stamps each line). */
const SAME_RECORD_MS = 1000;
/** Entries held open at most (see `held`): bounds memory on a file of interleaved errors. */
const MAX_HELD = 64;

const RESOURCE_TRACKER = 'nova.compute.resource_tracker';
/** How the resource tracker's lines that name nova-compute's own host begin (oslo-bytes.ts tells them by their bytes). */
export const HOST_LINE_STARTS: readonly string[] = ['Compute_service record updated for', 'Auditing locally available compute resources for'];
/** Those lines (CONF.host): `... for <host>:<node>`. (The starts hold no character a pattern reads otherwise.) */
export const HOST_LINE = new RegExp(`^(?:${HOST_LINE_STARTS.join('|')}) ([\\w.-]+?)(?::| \\(node|$)`);

// devstack's PS4 xtrace preamble (`+ functions-common:_run_process:1440       :   [[ -n '' ]]`).
export const XTRACE = /^\++ [\w./-]+:[\w.-]+:\d+ +:/;
/**
 * Most entries have no continuation lines: they share this empty list (a new one is made for the first line
 * folded in) instead of allocating one each. Frozen, so that a push to it cannot go unnoticed.
 */
const NO_LINES = Object.freeze([]) as unknown as string[];

// A line that starts like a log line but parsed as none must not be swallowed as a continuation.
const LOOKS_LIKE_START = /^(?:\d{4}-\d\d-\d\d\b|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\{")/;

/** The entry being built; emitted as the LogEntry itself once no more lines can fold into it. */
interface Pending extends LogEntry {
  time: number | null;
  precision: number;
  service: Service;
  host: string | null;
  pid: number | null;
  level: Level | null;
  logger: string | null;
  globalRequestId: string | null;
  requestId: string | null;
  user: string | null;
  project: string | null;
  instance: string | null;
  message: string;
  location: CodeLocation | null;
  continuation: string[];
  file: string;
  line: number;
  dialect: Dialect;
  ident: string | null;
}

/**
 * What a part of a file read alone took from its empty start and leaves to the next part: io/file-parts.ts checks
 * with it that a file counted in parts on several threads counts as it does read whole.
 */
export interface PartEdge {
  /** Error entries still open at the end: a line of another process within a second may continue them (stillOpen). */
  readonly open: readonly { readonly pid: number; readonly time: number }[];
  /** Per identifier, the host its resource tracker named first (learnHost): later entries take it. */
  readonly learnedHosts: ReadonlyMap<string | null, string>;
  /** Per identifier, the service its last logger that named one named (serviceOf). */
  readonly loggerServices: ReadonlyMap<string | null, Service>;
  /** Identifiers of entries that were given 'other' for want of a logger that named a service. */
  readonly serviceMisses: ReadonlySet<string | null>;
  /** The first and the last year-less stamp's month and the year it was given (null: none). */
  readonly firstYear: YearCall | null;
  readonly lastYear: YearCall | null;
}

/**
 * Whether an entry left open at a part's end (PartEdge.open) may take lines after an entry of process `pid` at `time`
 * starts: stillOpen's test, less the bound on held entries.
 */
export function mayContinue(open: PartEdge['open'], pid: number | null, time: number | null): boolean {
  return time !== null && open.some((p) => p.pid !== pid && Math.abs(time - p.time) <= SAME_RECORD_MS);
}

export function newFileStats(path: string, maxLine = DEFAULT_MAX_LINE): FileStats {
  return {
    path, dialects: new Set(), lines: 0, entries: 0, continuations: 0, noise: 0, unparsed: 0,
    unparsedSamples: [], cut: 0, cutSamples: [], maxLine, services: new Set(), hosts: new Set(),
    start: null, startPrecision: 0, end: null, endPrecision: 0, yearGuess: null,
  };
}

/**
 * Where the parser stood at the last line it may resume from (see resume-mark.ts), as fields written in place at
 * every entry that starts with none open: the counts and set sizes (the sets and samples only grow, so their first
 * elements then are theirs now), and references to what is replaced, never changed, once marked.
 */
interface MarkRecord {
  line: number;
  entries: number;
  continuations: number;
  noise: number;
  unparsed: number;
  unparsedSamples: number;
  cutSamples: number;
  cut: number;
  dialects: number;
  services: number;
  hosts: number;
  start: number | null;
  startPrecision: number;
  end: number | null;
  endPrecision: number;
  yearGuess: FileStats['yearGuess'];
  dialect: DialectModule | null;
  learnedHosts: ReadonlyMap<string | null, string>;
  loggerServices: ReadonlyMap<string | null, Service>;
  year: number | null;
  month: number;
  firstYear: YearCall | null;
  lastYear: YearCall | null;
}

export class EntryParser {
  readonly stats: FileStats;
  private readonly ctx: LineContext;
  private readonly baseName: string;
  private readonly aliasHost: string | null;
  private readonly aliasService: Service | null;
  private readonly fileService: Service | null;
  private readonly pathHost: string | null;
  private lastDialect: DialectModule | null = null;
  private pending: Pending | null = null;
  /**
   * Entries before `pending` not emitted yet, in the order of their first lines. An error entry of one process
   * stays open while another process's lines come in between (workers of one service writing the same file: their
   * tracebacks interleave), and the entries after it wait so that the order is kept. Nearly always empty.
   */
  private readonly held: Pending[] = [];
  private liteEntry: Pending | null = null;
  /**
   * Per identifier (null for none), the host its resource tracker lines named: a merged file interleaves hosts.
   * Replaced by a copy, not changed, once a mark holds it (`shared`).
   */
  private learnedHosts = new Map<string | null, string>();
  /** Blank lines seen since the pending entry's last line: folded in only if a continuation follows. */
  private blanks = 0;
  // Last service and host added to the stats' sets: most entries repeat them.
  private lastService: Service | null = null;
  private lastHost: string | null = null;
  /**
   * Per identifier (journald's, os-log-merger's alias; null for none), the service its last logger that named one
   * named: decides loggers that run in several services. Per identifier, because a merged file interleaves
   * services: neutron's agent lines after nova-api's are not nova-api's.
   */
  private loggerServices = new Map<string | null, Service>();
  /** A mark holds the maps above: the next change copies them first. */
  private shared = false;
  private lineNo = 0;
  /** The last line that was cut: a mark is never put at it (reading it again would count it twice). */
  private cutLine = 0;
  private readonly years: YearTracker;
  /** See MarkRecord: null while marks are not kept (keepMarks), or none was made yet. */
  private marks: MarkRecord | null = null;
  private marking = false;
  /** The mark this parser went on from (restore), while it made none of its own. */
  private restored: ResumeMark | null = null;
  private readonly serviceMisses = new Set<string | null>();
  /** What the line pushOslo() takes names as the host (learnHost), read from its bytes; undefined: not read. */
  private namedHost: string | null | undefined = undefined;
  private firstYear: YearCall | null = null;
  private lastYear: YearCall | null = null;

  constructor(
    readonly path: string,
    modified: Date,
    options: ParseOptions,
    private readonly emit: (entry: LogEntry) => void,
    /** `modified` is the time the read began (stdin), not a file's modification time. */
    modifiedIsNow = false,
    /** The code location table of the reading this file is part of (see code-locations.ts); else its own. */
    locations?: CodeLocations,
  ) {
    this.stats = newFileStats(path, options.maxLine);
    const years = new YearTracker(options.year, modified);
    this.years = years;
    const yearFor = (month: number): number => {
      const year = years.yearFor(month);
      if (this.lastYear?.month !== month || this.lastYear.year !== year) this.lastYear = { month, year };
      this.firstYear ??= this.lastYear;
      if (!years.usesFixedYear && this.stats.yearGuess === null) this.stats.yearGuess = { year, from: modifiedIsNow ? 'today' : 'modified' };
      return year;
    };
    this.ctx = { zone: options.zone, lite: options.countOnly === true, yearFor, scratch: newParseScratch(locations) };
    this.baseName = basename(path);
    const alias = options.aliases.find((rule) => rule.test(path));
    this.aliasHost = alias?.host ?? null;
    this.aliasService = alias?.service ?? null;
    this.fileService = serviceFromFileName(this.baseName);
    this.pathHost = hostFromPath(path) ?? hostFromFileName(this.baseName);
  }

  /** `cutBytes`: the line was longer than --max-line and cut to it; its length in bytes (0: it is whole). */
  push(raw: string, cutBytes = 0): void {
    this.lineNo++;
    this.stats.lines++;
    if (cutBytes > 0) this.countCut(cutBytes);
    // Lengths tested before charCodeAt: reading past an empty line's end threw away this function's optimized code
    // (--trace-deopt: "out of bounds") at the first blank line, and that of every function it is compiled into.
    let line = raw.length > 0 && raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    line = stripAnsi(line);
    const first = line.length > 0 ? line.charCodeAt(0) : -1;
    // Only lines starting with blank or '+' can be noise: test those alone (trim() copies a long line).
    if (line.length === 0 || ((first === 32 || first === 9 || first === 43) && (line.trim() === '' || XTRACE.test(line)))) {
      this.stats.noise++;
      // A blank line inside a multi-line message (a remote traceback) is kept if the message goes on.
      if (this.pending && line.trim() === '') this.blanks++;
      return;
    }
    const parsed = this.detect(line);
    if (parsed) {
      this.take(parsed, line);
      return;
    }
    if (this.pending && !LOOKS_LIKE_START.test(line)) {
      this.addContinuation(line);
      return;
    }
    this.stats.unparsed++;
    if (this.stats.unparsedSamples.length < UNPARSED_SAMPLES) {
      this.stats.unparsedSamples.push({ line: this.lineNo, text: line.length > SAMPLE_CHARS ? `${line.slice(0, SAMPLE_CHARS)}…` : line });
    }
  }

  /** Whether pushOslo() may be given the next line: counting, and the file's lines so far were oslo's if any. */
  get readsOslo(): boolean {
    return this.ctx.lite && (this.lastDialect === null || this.lastDialect === oslo);
  }

  /**
   * Counting's fast path (io/count-lines.ts): a line taken as push() takes its text, given `parsed`, what the oslo
   * dialect reads in it (while readsOslo holds, push() would read it so). False, with nothing done, when its text
   * is needed: the caller then pushes the text. `namedHost`: the host its message names as the resource tracker's
   * lines name it (HOST_LINE; null: none), which such a line of a file whose host is not known yet needs.
   */
  pushOslo(parsed: ParsedLine, namedHost?: string | null): boolean {
    const logger = (parsed.body as Body).logger;
    // Such a line may name the host in its message (learnHost): `namedHost`, when the caller read it (null: none).
    if (logger === RESOURCE_TRACKER && this.aliasHost === null && this.pathHost === null && !this.learnedHosts.has(null)) {
      if (namedHost === undefined) return false;
      this.namedHost = namedHost;
    }
    // What parseBody remembers of the line, as if it had read it.
    this.ctx.scratch.body.logger = logger;
    this.lineNo++;
    this.stats.lines++;
    this.lastDialect = oslo;
    this.take(parsed, '');
    this.namedHost = undefined;
    return true;
  }

  /**
   * Counting's fast path for a line the caller told from its bytes is noise (`blank`: nothing, or spaces and tabs;
   * else devstack's xtrace preamble): counted as push() counts its text.
   */
  pushNoise(blank: boolean): void {
    this.lineNo++;
    this.stats.lines++;
    this.stats.noise++;
    if (blank && this.pending) this.blanks++;
  }

  /**
   * Counting's fast path for a line that no dialect reads and that does not look like a log line's start (the
   * caller checked its bytes): a continuation of the open entry. False, with nothing done, when there is none.
   */
  pushContinuation(): boolean {
    if (!this.ctx.lite || this.pending === null) return false;
    this.lineNo++;
    this.stats.lines++;
    this.addContinuation('');
    return true;
  }

  /** A line that parsed as `parsed`: folded into an open entry, or the start of one. */
  private take(parsed: ParsedLine, line: string): void {
    if (parsed.dialect !== this.pending?.dialect) this.stats.dialects.add(parsed.dialect);
    if (this.pending !== null && this.foldsInto(this.pending, parsed)) {
      this.addContinuation(parsed.body ? parsed.body.message : parsed.text);
      return;
    }
    const earlier = this.held.length > 0 ? this.earlierRecord(parsed) : null;
    if (earlier !== null) {
      this.stats.continuations++;
      if (!this.ctx.lite) {
        if (earlier.continuation === NO_LINES) earlier.continuation = [];
        earlier.continuation.push((parsed.body as { message: string }).message);
      }
      return;
    }
    this.start(parsed, line);
  }

  private countCut(bytes: number): void {
    this.cutLine = this.lineNo;
    this.stats.cut++;
    if (this.stats.cutSamples.length < CUT_SAMPLES) this.stats.cutSamples.push({ line: this.lineNo, bytes });
  }

  /** The next line pushed is line `line` of its file (following a file from its end, or from where a read resumed). */
  continueAt(line: number): void {
    this.lineNo = line - 1;
  }

  /** Keep where this file's parsing may resume from (resumeMark): costs a few fields written per entry. */
  keepMarks(): void {
    this.marking = true;
  }

  /**
   * The last line of the file read so far that parsing may resume from, with the state there (see
   * resume-mark.ts); null when there is none (no entry started with none open, or marks are not kept).
   */
  resumeMark(): ResumeMark | null {
    const m = this.marks;
    if (m === null) return this.restored;
    const s = this.stats;
    const stats: FileStats = {
      path: s.path, dialects: new Set([...s.dialects].slice(0, m.dialects)), lines: m.line - 1, entries: m.entries,
      continuations: m.continuations, noise: m.noise, unparsed: m.unparsed, unparsedSamples: s.unparsedSamples.slice(0, m.unparsedSamples),
      cut: m.cut, cutSamples: s.cutSamples.slice(0, m.cutSamples), maxLine: s.maxLine, services: new Set([...s.services].slice(0, m.services)),
      hosts: new Set([...s.hosts].slice(0, m.hosts)), start: m.start, startPrecision: m.startPrecision, end: m.end,
      endPrecision: m.endPrecision, yearGuess: m.yearGuess,
    };
    return {
      line: m.line, entries: m.entries, stats, dialect: m.dialect?.name ?? null, learnedHosts: [...m.learnedHosts],
      loggerServices: [...m.loggerServices], years: { year: m.year, lastMonth: m.month }, firstYear: m.firstYear, lastYear: m.lastYear,
    };
  }

  /**
   * Goes on from `mark`, made by a parser of the same file with the same options: the next line pushed must be the
   * mark's line. Only before the first line is pushed; the caller checked resumesAfter().
   */
  restore(mark: ResumeMark): void {
    const s = this.stats;
    const m = mark.stats;
    s.lines = m.lines;
    s.entries = m.entries;
    s.continuations = m.continuations;
    s.noise = m.noise;
    s.unparsed = m.unparsed;
    s.unparsedSamples.push(...m.unparsedSamples);
    s.cut = m.cut;
    s.cutSamples.push(...m.cutSamples);
    for (const d of m.dialects) s.dialects.add(d);
    for (const v of m.services) s.services.add(v);
    for (const h of m.hosts) s.hosts.add(h);
    s.start = m.start;
    s.startPrecision = m.startPrecision;
    s.end = m.end;
    s.endPrecision = m.endPrecision;
    s.yearGuess = m.yearGuess;
    this.lineNo = mark.line - 1;
    this.lastDialect = DIALECT_TABLE.find((d) => d.name === mark.dialect) ?? null;
    this.learnedHosts = new Map(mark.learnedHosts);
    this.loggerServices = new Map(mark.loggerServices);
    this.years.restore(mark.years);
    this.firstYear = mark.firstYear;
    this.lastYear = mark.lastYear;
    this.restored = mark;
  }

  /** Notes that parsing may resume at this line, the entry it starts begun and every entry before it finished. */
  private mark(): void {
    const s = this.stats;
    const m = this.marks ??= {
      line: 0, entries: 0, continuations: 0, noise: 0, unparsed: 0, unparsedSamples: 0, cutSamples: 0, cut: 0, dialects: 0,
      services: 0, hosts: 0, start: null, startPrecision: 0, end: null, endPrecision: 0, yearGuess: null, dialect: null,
      learnedHosts: this.learnedHosts, loggerServices: this.loggerServices, year: null, month: 0, firstYear: null, lastYear: null,
    };
    m.line = this.lineNo;
    m.entries = s.entries;
    m.continuations = s.continuations;
    m.noise = s.noise;
    m.unparsed = s.unparsed;
    m.unparsedSamples = s.unparsedSamples.length;
    m.cutSamples = s.cutSamples.length;
    m.cut = s.cut;
    m.dialects = s.dialects.size;
    m.services = s.services.size;
    m.hosts = s.hosts.size;
    m.start = s.start;
    m.startPrecision = s.startPrecision;
    m.end = s.end;
    m.endPrecision = s.endPrecision;
    m.yearGuess = s.yearGuess;
    m.dialect = this.lastDialect;
    m.learnedHosts = this.learnedHosts;
    m.loggerServices = this.loggerServices;
    this.shared = true;
    m.year = this.years.currentYear;
    m.month = this.years.currentMonth;
    m.firstYear = this.firstYear;
    m.lastYear = this.lastYear;
  }

  /** An entry is being built: the next lines may still fold into it, so it has not been emitted. */
  get holding(): boolean {
    return this.pending !== null || this.held.length > 0;
  }

  /** The oldest time among the entries being built (null: none, or none with a time). */
  get holdingSince(): number | null {
    let oldest: number | null = null;
    for (const p of this.pending === null ? this.held : [...this.held, this.pending]) {
      if (p.time !== null && (oldest === null || p.time < oldest)) oldest = p.time;
    }
    return oldest;
  }

  /** See PartEdge; read before flush(), which lets the open entries go. */
  edge(): PartEdge {
    const open: { pid: number; time: number }[] = [];
    for (const p of this.pending === null ? this.held : [...this.held, this.pending]) {
      if ((p.level === 'ERROR' || p.level === 'CRITICAL' || p.level === 'TRACE') && p.pid !== null && p.time !== null) open.push({ pid: p.pid, time: p.time });
    }
    return {
      open, learnedHosts: new Map(this.learnedHosts), loggerServices: new Map(this.loggerServices),
      serviceMisses: new Set(this.serviceMisses), firstYear: this.firstYear, lastYear: this.lastYear,
    };
  }

  /** Emits the entry being built; later lines can no longer fold into it. */
  flush(): void {
    for (const p of this.held) this.finish(p);
    this.held.length = 0;
    if (this.pending) this.finish(this.pending);
    this.pending = null;
  }

  /**
   * The open error entry of this line's process, earlier than the pending one, that this traceback line continues;
   * null when the process's last entry is not one.
   */
  private earlierRecord(parsed: ParsedLine): Pending | null {
    if (parsed.body === null || parsed.pid === null) return null;
    for (let i = this.held.length - 1; i >= 0; i--) {
      const p = this.held[i] as Pending;
      if (p.pid === parsed.pid && p.ident === parsed.ident) return this.foldsInto(p, parsed) ? p : null;
    }
    return null;
  }

  /** Whether an entry can still take lines once `next`, another process's line, has started an entry. */
  private stillOpen(p: Pending, next: ParsedLine): boolean {
    const level = p.level;
    if (level !== 'ERROR' && level !== 'CRITICAL' && level !== 'TRACE') return false;
    return p.pid !== null && p.pid !== next.pid && this.held.length < MAX_HELD
      && p.time !== null && next.time !== null && Math.abs(next.time - p.time) <= SAME_RECORD_MS;
  }

  /** Emits, from the oldest, the entries that no line can continue once `next` starts an entry. */
  private release(next: ParsedLine): void {
    const p = this.pending;
    if (this.held.length === 0) {
      // Nearly always: the pending entry ends here.
      if (p !== null && !this.stillOpen(p, next)) this.finish(p);
      else if (p !== null) this.held.push(p);
      return;
    }
    if (p !== null) this.held.push(p);
    let n = 0;
    while (n < this.held.length && !this.stillOpen(this.held[n] as Pending, next)) this.finish(this.held[n++] as Pending);
    if (n > 0) this.held.splice(0, n);
  }

  private detect(line: string): ParsedLine | null {
    if (this.lastDialect) {
      const parsed = this.lastDialect.parse(line, this.ctx);
      if (parsed) return parsed;
    }
    for (const dialect of DIALECT_TABLE) {
      if (dialect === this.lastDialect) continue;
      const parsed = dialect.parse(line, this.ctx);
      if (parsed) {
        this.lastDialect = dialect;
        return parsed;
      }
    }
    return null;
  }

  /**
   * Traceback lines repeat the record's prefix with no context bracket (`... ERROR logger [instance: x] Traceback`,
   * `TRACE` before Kilo); journald gives each line of a multi-line message its own prefix and no oslo body.
   */
  private foldsInto(p: Pending, parsed: ParsedLine): boolean {
    if (p.pid !== parsed.pid || p.ident !== parsed.ident || p.level === null) return false;
    if (p.time !== null && parsed.time !== null && Math.abs(parsed.time - p.time) > SAME_RECORD_MS) return false;
    const body = parsed.body;
    if (body === null) return parsed.dialect === 'journald-short' || parsed.dialect === 'journald-iso';
    return !body.hasContext && body.logger === p.logger && (body.level === 'ERROR' || body.level === 'TRACE');
  }

  private addContinuation(text: string): void {
    this.stats.continuations++;
    if (!this.pending || this.ctx.lite) return;
    const p = this.pending;
    if (p.continuation === NO_LINES) p.continuation = [];
    for (; this.blanks > 0; this.blanks--) p.continuation.push('');
    p.continuation.push(text);
  }

  private start(parsed: ParsedLine, line: string): void {
    this.release(parsed);
    // Every entry before this line is finished: reading may resume here (the line's own host and service are learnt
    // below, after the mark, as reading it again learns them).
    if (this.marking && this.held.length === 0 && this.cutLine !== this.lineNo) this.mark();
    // Counting reuses one record per file, unless the last one is still held.
    if (this.held.length > 0 && this.liteEntry !== null && this.held.includes(this.liteEntry)) this.liteEntry = null;
    this.blanks = 0;
    const body = parsed.body;
    const logger = body?.logger ?? null;
    let host = this.aliasHost ?? parsed.host ?? this.pathHost ?? this.learnedHosts.get(parsed.ident) ?? null;
    if (host === null && logger === RESOURCE_TRACKER) host = this.learnHost(parsed, line);
    if (this.ctx.lite && this.liteEntry) {
      // Counting: nothing escapes, so one record serves every entry of the file.
      const p = this.liteEntry;
      p.time = parsed.time;
      p.precision = parsed.precision;
      p.service = this.serviceOf(parsed, logger);
      p.host = host;
      p.pid = parsed.pid;
      p.level = body?.level ?? null;
      p.logger = logger;
      p.line = this.lineNo;
      p.dialect = parsed.dialect;
      p.ident = parsed.ident;
      this.pending = p;
      return;
    }
    const message = body ? body.message : parsed.text;
    const newline = message.indexOf('\n');
    this.pending = {
      time: parsed.time,
      precision: parsed.precision,
      service: this.serviceOf(parsed, logger),
      host,
      pid: parsed.pid,
      level: body?.level ?? null,
      logger,
      globalRequestId: body?.globalRequestId ?? null,
      requestId: body?.requestId ?? null,
      user: body?.user ?? null,
      project: body?.project ?? null,
      instance: body?.instance ?? null,
      message: newline < 0 ? message : message.slice(0, newline),
      location: body?.location ?? null,
      continuation: newline < 0 ? (parsed.continuation ? [] : NO_LINES) : message.slice(newline + 1).split('\n'),
      file: this.path,
      line: this.lineNo,
      dialect: parsed.dialect,
      ident: parsed.ident,
    };
    if (parsed.continuation) this.pending.continuation.push(...parsed.continuation);
    if (this.ctx.lite) this.liteEntry = this.pending;
  }

  /**
   * A compute log that names no host (a single-host devstack `screen-n-cpu.txt`, a packaged `nova-compute.log`)
   * says it in the resource tracker's lines: `Compute_service record updated for <host>:<node>`.
   */
  private learnHost(parsed: ParsedLine, line: string): string | null {
    let host = this.namedHost;
    if (host === undefined) {
      // Counting mode did not read the message: read this one line in full.
      const message = this.ctx.lite ? this.lastDialect?.parse(line, { ...this.ctx, lite: false })?.body?.message ?? '' : parsed.body?.message ?? '';
      host = HOST_LINE.exec(message)?.[1] ?? null;
    }
    if (host !== null) {
      if (this.shared) this.unshare();
      this.learnedHosts.set(parsed.ident, host);
    }
    return this.learnedHosts.get(parsed.ident) ?? null;
  }

  private serviceOf(parsed: ParsedLine, logger: string | null): Service {
    if (this.aliasService) return this.aliasService;
    const named = (parsed.ident && serviceFromIdent(parsed.ident))
      ?? (parsed.fileHint && serviceFromFileName(basename(parsed.fileHint)))
      ?? this.fileService;
    if (named) return named;
    const byLogger = serviceFromLogger(logger);
    if (byLogger) {
      if (this.shared && this.loggerServices.get(parsed.ident) !== byLogger) this.unshare();
      this.loggerServices.set(parsed.ident, byLogger);
      return byLogger;
    }
    const learned = this.loggerServices.get(parsed.ident);
    if (learned !== undefined) return learned;
    this.serviceMisses.add(parsed.ident);
    return 'other';
  }

  /** The maps a mark holds are left to it: this parser goes on with copies. */
  private unshare(): void {
    this.learnedHosts = new Map(this.learnedHosts);
    this.loggerServices = new Map(this.loggerServices);
    this.shared = false;
  }

  private finish(p: Pending): void {
    // Old oslo puts the DEBUG suffix after the last line of a multi-line message (`REQ: curl ...` dumps).
    if (p.level === 'DEBUG' && p.location === null && p.continuation.length > 0 && !this.ctx.lite) {
      const last = p.continuation[p.continuation.length - 1] as string;
      const [rest, location] = splitDebugSuffix(last, this.ctx.scratch.body);
      if (location) {
        p.location = location;
        if (rest.trim() === '') p.continuation.pop();
        else p.continuation[p.continuation.length - 1] = rest;
      }
    }
    const s = this.stats;
    s.entries++;
    if (p.service !== this.lastService) {
      s.services.add(p.service);
      this.lastService = p.service;
    }
    if (p.host !== null && p.host !== this.lastHost) {
      s.hosts.add(p.host);
      this.lastHost = p.host;
    }
    if (p.time !== null) {
      if (s.start === null || p.time < s.start) {
        s.start = p.time;
        s.startPrecision = p.precision;
      }
      if (s.end === null || p.time > s.end) {
        s.end = p.time;
        s.endPrecision = p.precision;
      }
    }
    // The pending record becomes the entry as it is: no copy per entry. Counting mode emits nothing.
    if (!this.ctx.lite) this.emit(p);
  }
}
