// analyze's result kept in the persistent cache: a second analyze, export or host over logs that have not changed
// reads the operations back instead of reading the logs again. The key is every input's fingerprint, in order, the
// options that change what is read, and a hash of novatrace's own code: any change is a miss, never a stale answer.

import type { FileStats } from '../model/file-stats.js';
import { fileStatsFromJson, fileStatsToJson } from '../parse/file-stats-json.js';
import type { FileStatsJson } from '../parse/file-stats-json.js';
import type { Source } from '../io/inputs.js';
import { CacheStore } from '../io/cache/store.js';
import type { EntryWriter } from '../io/cache/store.js';
import { buildId, fingerprint } from '../io/cache/fingerprint.js';
import type { FileFingerprint } from '../io/cache/fingerprint.js';
import { FileIndexCache, readFromPoint, readingRuns } from '../io/cache/file-index.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import type { Operation } from '../model/operation.js';
import type { EntryPlace, UnattachedError } from '../model/unattached-error.js';
import type { HostIncident } from '../model/host-incident.js';
import type { LogEntry } from '../model/entry.js';
import { CodeLocations } from '../parse/code-locations.js';
import { openSource } from '../io/read-source.js';
import { detach } from '../model/detach.js';

/** The options that change what is read, as typed. */
function readingOptions(options: ParseOptions): unknown {
  const { tz, year, alias, maxLine } = options.texts ?? {};
  return { tz, year, alias, maxLine };
}

/**
 * The per-file index of the cache for this reading, wrapping readAll's chunk source: null without a cache. Each
 * file's counts and entry points are kept under its path and these options, and read while the file is unchanged.
 */
export function fileIndexOf(options: ParseOptions): FileIndexCache | null {
  const dir = options.cache;
  if (dir === undefined || dir === null) return null;
  return new FileIndexCache(dir, JSON.stringify({ build: buildId(), options: readingOptions(options) }));
}

/** What an analysis leaves that its readers show, with the warnings it gave as it read (in order). */
export interface CachedAnalysis {
  readonly operations: Operation[];
  readonly unattached: UnattachedError[];
  readonly hostIncidents: HostIncident[];
  readonly computeHosts: ReadonlySet<string>;
  readonly fileStats: FileStats[];
  readonly files: ReadonlySet<string>;
  readonly warnings: readonly string[];
}

const KIND = 'analysis';

/** The cache and one reading's key in it: what the analysis, the notes of its lines and its answers are kept under. */
export interface AnalysisCache {
  readonly store: CacheStore;
  readonly key: string;
  /** Each input's fingerprint as the key has it, in input order. */
  readonly prints: readonly FileFingerprint[];
  /** What every key of this reading shares but the inputs' fingerprints: novatrace's build and the reading options. */
  readonly base: string;
}

/**
 * The cache and this reading's key in it, or null when this reading cannot be cached: no cache, stdin or another
 * stream among the inputs (read once, nothing says what they held), or an input that cannot be read now.
 */
export function analysisCacheOf(sources: readonly Source[], options: ParseOptions): AnalysisCache | null {
  const dir = options.cache;
  if (dir === undefined || dir === null || sources.length === 0) return null;
  if (sources.some((s) => s.stdin || s.stream === true)) return null;
  const prints: FileFingerprint[] = [];
  for (const s of sources) {
    const print = fingerprint(s.path);
    if (print === null) return null;
    prints.push(print);
  }
  const inputs = sources.map((s, i) => {
    const print = prints[i] as FileFingerprint;
    return [s.path, print.path, print.size, print.mtimeMs, print.ino, print.head, print.tail];
  });
  const key = JSON.stringify({ kind: KIND, build: buildId(), options: readingOptions(options), inputs });
  return { store: new CacheStore(dir), key, prints, base: JSON.stringify({ build: buildId(), options: readingOptions(options) }) };
}

export function readCachedAnalysis(cache: AnalysisCache): CachedAnalysis | null {
  const bytes = cache.store.get(KIND, cache.key);
  if (bytes === null) return null;
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as StoredAnalysis;
    return {
      operations: doc.operations,
      unattached: doc.unattached,
      hostIncidents: doc.hostIncidents,
      computeHosts: new Set(doc.computeHosts),
      fileStats: doc.fileStats.map(fileStatsFromJson),
      files: new Set(doc.files),
      warnings: doc.warnings,
    };
  } catch {
    // The checksum held, so this is another format's JSON: a miss.
    return null;
  }
}

/**
 * The analysis as one JSON document (StoredAnalysis), written an operation at a time: at 1.2 GB of logs the whole
 * text would be 25 MB of string and as much again of bytes at the end of the run, the peak of its memory.
 */
export function writeCachedAnalysis(cache: AnalysisCache, analysis: CachedAnalysis): boolean {
  const out = new TextEntry(cache.store.writer(KIND, cache.key));
  out.write('{"operations":[');
  analysis.operations.forEach((op, i) => out.write(i === 0 ? JSON.stringify(op) : `,${JSON.stringify(op)}`));
  const rest: Omit<StoredAnalysis, 'operations'> = {
    unattached: analysis.unattached,
    hostIncidents: analysis.hostIncidents,
    computeHosts: [...analysis.computeHosts],
    fileStats: analysis.fileStats.map(fileStatsToJson),
    files: [...analysis.files],
    warnings: [...analysis.warnings],
  };
  out.write(`],${JSON.stringify(rest).slice(1)}`);
  return out.commit();
}

/** Text written to an entry in blocks of about 64 KB: one write per operation would be thousands of them. */
class TextEntry {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly writer: EntryWriter) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 65536) this.flush();
  }

  private flush(): void {
    if (this.size === 0) return;
    this.writer.write(Buffer.from(this.parts.join(''), 'utf8'));
    this.parts = [];
    this.size = 0;
  }

  commit(): boolean {
    this.flush();
    return this.writer.commit();
  }

  abort(): void {
    this.writer.abort();
  }
}

interface StoredAnalysis {
  readonly operations: Operation[];
  readonly unattached: UnattachedError[];
  readonly hostIncidents: HostIncident[];
  readonly computeHosts: string[];
  readonly fileStats: FileStatsJson[];
  readonly files: string[];
  readonly warnings: string[];
}

const ENTRIES_KIND = 'entries';

/**
 * Where each final operation's lines are: its entries' files and line numbers, in its order, with each entry's host
 * and instance as the operation has them (the engine names a compute line's host from what it learned of the file
 * later, Deployment.withHost, and a context line's instance from the operation it joins, assemble.ts). Kept beside the analysis, so that trace (and export's OTLP) read again only the lines of
 * the operations they show. Written to the cache as the operations are final, a block at a time: they grow with the
 * input (16 bytes a line of every operation: 20 MB at 1.2 GB of logs), and memory must not.
 */
export class EntryRefs {
  private readonly fileIds = new Map<string, number>();
  private readonly names = new Map<string, number>();
  /**
   * Each operation noted, in order: its ID, and its span's first index and count. Arrays, not a Map of ID to span
   * (11,400 operations at 1.2 GB of logs: 2.5 MB of the heap as a Map of pairs, growing to the end of the run); an ID
   * noted twice is found when the refs are checkpointed or written.
   */
  private readonly opIds: string[] = [];
  private readonly opStarts: number[] = [];
  private readonly opCounts: number[] = [];
  private readonly block = new Int32Array(BLOCK_REFS * REF);
  private inBlock = 0;
  /** Entries noted, written or in the block. */
  private count = 0;
  /** An operation ID seen twice: the refs cannot name one operation each, and are not written. */
  private ambiguous = false;
  /** Per error outside operations, its samples' span (noteSamples), or null when not noted. */
  private samples: [number, number][] | null = null;

  constructor(private readonly writer: EntryWriter) {}

  note(op: Operation, entries: readonly EntryPlace[]): void {
    const [start, count] = this.span(entries);
    this.opIds.push(detach(op.id));
    this.opStarts.push(start);
    this.opCounts.push(count);
  }

  /** The errors outside operations, in the analysis's order, and where each one's first entries (its samples) are. */
  noteSamples(errors: readonly UnattachedError[], placesOf: (error: UnattachedError) => readonly EntryPlace[]): void {
    this.samples = errors.map((error) => this.span(placesOf(error)));
  }

  /** Appends the places; their first index and count. */
  private span(entries: readonly EntryPlace[]): [number, number] {
    const at: [number, number] = [this.count, entries.length];
    this.count += entries.length;
    const data = this.block;
    // The line before's file, host and instance, with their numbers: most lines repeat them (no lookup).
    let file: string | null = null;
    let fileId = -1;
    let host: string | null = null;
    let hostId = -1;
    let instance: string | null = null;
    let instanceId = -1;
    for (const e of entries) {
      if (e.file !== file) {
        file = e.file;
        let id = this.fileIds.get(file);
        if (id === undefined) this.fileIds.set(detach(file), id = this.fileIds.size);
        fileId = id;
      }
      if (e.host !== host) hostId = this.nameId(host = e.host);
      if (e.instance !== instance) instanceId = this.nameId(instance = e.instance);
      let i = this.inBlock * REF;
      data[i++] = fileId;
      data[i++] = e.line;
      data[i++] = hostId;
      data[i] = instanceId;
      if (++this.inBlock === BLOCK_REFS) this.flush();
    }
    return at;
  }

  /**
   * What the refs hold at a checkpoint (commands/analysis-resume.ts): the numbers not yet written, and how many bytes
   * of them were (the first bytes of the entry once committed).
   */
  checkpoint(): RefsState {
    if (this.samples !== null) throw new Error('refs are checkpointed before the errors outside operations are noted');
    const ops = this.opsMap();
    return {
      fileIds: this.fileIds, names: this.names, ops, block: this.block.slice(0, this.inBlock * REF), count: this.count,
      ambiguous: this.ambiguousWith(ops), written: (this.count - this.inBlock) * REF * 4,
    };
  }

  /** Goes on from a checkpoint: `written` is the first bytes of the refs committed after it (`state.written` of them). */
  restore(state: RefsState, written: Uint8Array): void {
    if (written.length !== state.written || state.block.length % REF !== 0 || state.block.length > this.block.length) {
      throw new Error('refs checkpoint does not match the refs written');
    }
    this.writer.write(written);
    for (const [file, id] of state.fileIds) this.fileIds.set(file, id);
    for (const [name, id] of state.names) this.names.set(name, id);
    for (const [op, [start, count]] of state.ops) {
      this.opIds.push(op);
      this.opStarts.push(start);
      this.opCounts.push(count);
    }
    this.block.set(state.block);
    this.inBlock = state.block.length / REF;
    this.count = state.count;
    this.ambiguous = state.ambiguous;
  }

  /** Each operation's span by its ID: as a Map of them set in order (an ID noted twice keeps its place, and its last span). */
  private opsMap(): Map<string, [number, number]> {
    const ops = new Map<string, [number, number]>();
    this.opIds.forEach((id, k) => ops.set(id, [this.opStarts[k] as number, this.opCounts[k] as number]));
    return ops;
  }

  /**
   * An operation ID noted twice (now, or before a checkpoint): the refs cannot name one operation each. `ops` is
   * opsMap(), which holds an ID noted twice once.
   */
  private ambiguousWith(ops: ReadonlyMap<string, unknown>): boolean {
    return this.ambiguous || ops.size !== this.opIds.length;
  }

  private nameId(name: string | null): number {
    if (name === null) return -1;
    let id = this.names.get(name);
    if (id === undefined) this.names.set(detach(name), id = this.names.size);
    return id;
  }

  private flush(): void {
    // Written at once (the writer keeps nothing), so the block can be written over next.
    if (this.inBlock > 0) this.writer.write(new Uint8Array(this.block.buffer, 0, this.inBlock * REF * 4));
    this.inBlock = 0;
  }

  /**
   * Puts the refs in the cache as stored: REF numbers per entry, then a JSON tail with the files, names, each
   * operation's span and each error's samples' span, then the tail's length (4 bytes). False when they were not
   * written.
   */
  commit(): boolean {
    const ops = this.opsMap();
    if (this.ambiguousWith(ops)) {
      this.writer.abort();
      return false;
    }
    this.flush();
    const tail = Buffer.from(JSON.stringify({ files: [...this.fileIds.keys()], names: [...this.names.keys()], ops: [...ops], samples: this.samples }), 'utf8');
    const length = Buffer.allocUnsafe(4);
    length.writeUInt32LE(tail.length, 0);
    this.writer.write(tail);
    this.writer.write(length);
    return this.writer.commit();
  }

  /** Nothing is written (the analysis itself could not be). */
  abort(): void {
    this.writer.abort();
  }
}

/** EntryRefs at a checkpoint, as data. */
export interface RefsState {
  readonly fileIds: ReadonlyMap<string, number>;
  readonly names: ReadonlyMap<string, number>;
  readonly ops: ReadonlyMap<string, [number, number]>;
  /** The numbers noted and not written yet. */
  readonly block: Int32Array;
  readonly count: number;
  readonly ambiguous: boolean;
  /** Bytes written before the checkpoint. */
  readonly written: number;
}

/** The refs committed under a reading's key: their first `bytes` bytes, or null when they are not in the cache. */
export function refsWritten(store: CacheStore, key: string, bytes: number): Buffer | null {
  const stored = store.get(ENTRIES_KIND, key);
  return stored === null || stored.length < bytes ? null : stored.subarray(0, bytes);
}

/** Numbers per entry: its file, its line, its host and its instance (into the names; -1: none). */
const REF = 4;
/** Entries noted before they are written: 256 KB. */
const BLOCK_REFS = 16384;

export interface StoredRefs {
  readonly files: string[];
  readonly names: string[];
  readonly ops: Map<string, [number, number]>;
  /** Per error outside operations, its samples' span; null when they were not noted. */
  readonly samples: [number, number][] | null;
  readonly pairs: Int32Array; // REF numbers per entry
}

function refsFromBytes(bytes: Buffer): StoredRefs | null {
  try {
    const tailLength = bytes.readUInt32LE(bytes.length - 4);
    const tailAt = bytes.length - 4 - tailLength;
    if (tailAt < 0 || tailAt % (REF * 4) !== 0) return null;
    const tail = JSON.parse(bytes.toString('utf8', tailAt, bytes.length - 4)) as { files: string[]; names: string[]; ops: [string, [number, number]][]; samples?: [number, number][] | null };
    // A copy: the pairs must be 4-byte aligned.
    const pairs = new Int32Array(tailAt / 4);
    Buffer.from(pairs.buffer).set(bytes.subarray(0, tailAt));
    return { files: tail.files, names: tail.names, ops: new Map(tail.ops), samples: tail.samples ?? null, pairs };
  } catch {
    return null;
  }
}

/** The refs of this reading, written to the cache as they are noted (commit() or abort() at the end). */
export function entryRefsOf(cache: AnalysisCache): EntryRefs {
  return new EntryRefs(cache.store.writer(ENTRIES_KIND, cache.key));
}

/** Operations read again with their entries, by ID; and, when asked for, each error outside operations' samples. */
export interface Materialized {
  readonly operations: Map<string, Operation>;
  /** In the analysis's order of errors outside operations; null when not asked for. */
  readonly samples: LogEntry[][] | null;
}

/**
 * The refs kept under a reading's key, read from the cache the first time they are asked for and kept (the terminal
 * UI asks again for each timeline opened before its lines came: 5.4 MB read and checked each time on the bench
 * corpus); null when the cache has none.
 */
export function storedRefs(cache: AnalysisCache): () => StoredRefs | null {
  let refs: StoredRefs | null | undefined;
  return () => {
    if (refs === undefined) {
      const bytes = cache.store.get(ENTRIES_KIND, cache.key);
      refs = bytes === null ? null : refsFromBytes(bytes);
    }
    return refs;
  };
}

/**
 * What reads the operations given again, each with its entries from its files (each file parsed from the entry
 * point before each run of lines wanted, by the same parser as a whole reading), and with `samples` each error
 * outside operations' first entries (what the terminal UI opens): null when the cache does not have where those
 * lines are. The reader gives null when a line is not where it was (then the caller reads the logs whole);
 * given a signal, it gives the event loop a turn every YIELD_EVERY_MS (the terminal UI hears keys meanwhile), and
 * gives null once the signal is aborted.
 */
export function materializer(
  stored: () => StoredRefs | null,
  wanted: readonly Operation[],
  sources: readonly Source[],
  options: ParseOptions,
  samples = false,
): ((signal: AbortSignal | null) => Promise<Materialized | null>) | null {
  if (wanted.length === 0 && !samples) return async () => ({ operations: new Map(), samples: null });
  const refs = stored();
  if (refs === null || (samples && refs.samples === null)) return null;
  const spans: [number, number][] = [];
  for (const op of wanted) {
    const span = refs.ops.get(op.id);
    if (span === undefined) return null;
    spans.push(span);
  }
  const sampleSpans = samples ? refs.samples ?? [] : [];
  return async (signal) => {
    const read = await readSpans(refs, [...spans, ...sampleSpans], sources, options, signal);
    if (read === null) return null;
    return {
      operations: new Map(wanted.map((op, i) => [op.id, { ...op, entries: read[i] as LogEntry[] }])),
      samples: samples ? read.slice(spans.length) : null,
    };
  };
}

/** How long reading lines again for the terminal UI goes on before it gives the event loop a turn (keys, redraws). */
const YIELD_EVERY_MS = 20;

/** The entries of each span of the refs, read again from their files; null when one is not where it was. */
async function readSpans(refs: StoredRefs, spans: readonly [number, number][], sources: readonly Source[], options: ParseOptions, signal: AbortSignal | null = null): Promise<LogEntry[][] | null> {
  const lines = new Map<number, Set<number>>();
  for (const [start, count] of spans) {
    for (let i = start; i < start + count; i++) {
      const file = refs.pairs[REF * i] as number;
      let set = lines.get(file);
      if (set === undefined) lines.set(file, set = new Set());
      set.add(refs.pairs[REF * i + 1] as number);
    }
  }
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const index = fileIndexOf(options);
  let due = 0;
  const found = new Map<number, Map<number, LogEntry>>();
  const locations = new CodeLocations();
  for (const [file, wantedLines] of lines) {
    const source = byPath.get(refs.files[file] as string);
    if (source === undefined) return null;
    const sorted = [...wantedLines].sort((a, b) => a - b);
    // (Not Math.max(...wantedLines): the terminal UI wants every line of its operations, and half a million arguments overflow the stack.)
    const last = sorted[sorted.length - 1] as number;
    const entries = new Map<number, LogEntry>();
    // Parsed again from the entry point before each run of wanted lines where the file's index holds (a few hundred
    // KB around them, not the file from its start), else from the file's start.
    const points = index?.pointsOf(source) ?? null;
    const runs = points === null ? [{ point: null, last }] : readingRuns(sorted, points);
    try {
      for (const run of runs) {
        const from = run.point === null ? null : readFromPoint(source.path, run.point);
        const { batches } = openSource(source, options, { live: false, blocking: true, locations, ...(from === null ? {} : { from }) });
        reading: for await (const batch of batches) {
          if (signal !== null && Date.now() >= due) {
            await new Promise((r) => setImmediate(r));
            if (signal.aborted) return null;
            due = Date.now() + YIELD_EVERY_MS;
          }
          for (const e of batch) {
            if (wantedLines.has(e.line)) entries.set(e.line, e);
            if (e.line >= run.last) break reading;
          }
        }
      }
    } catch {
      return null;
    }
    found.set(file, entries);
  }
  const name = (k: number): string | null => (k < 0 ? null : refs.names[k] ?? null);
  const out: LogEntry[][] = [];
  for (const [start, count] of spans) {
    const entries: LogEntry[] = [];
    for (let i = start; i < start + count; i++) {
      const e = found.get(refs.pairs[REF * i] as number)?.get(refs.pairs[REF * i + 1] as number);
      if (e === undefined) return null;
      const host = name(refs.pairs[REF * i + 2] as number);
      const instance = name(refs.pairs[REF * i + 3] as number);
      // As the engine makes them: the entry spread, the field replaced in place.
      entries.push(e.host === host && e.instance === instance ? e : { ...e, host, instance });
    }
    out.push(entries);
  }
  return out;
}

/** An operation as the cache keeps it: its entries are read again on demand, not stored. */
const withoutEntries = (op: Operation): Operation => (op.entries === null ? op : { ...op, entries: null });

/** The analysis as the cache keeps it, whoever made it: no entries, no samples of errors outside operations. */
export function cacheable(analysis: CachedAnalysis): CachedAnalysis {
  return {
    ...analysis,
    operations: analysis.operations.map(withoutEntries),
    unattached: analysis.unattached.map(({ samples: _samples, ...rest }) => rest),
    hostIncidents: analysis.hostIncidents.map((i) => ({
      ...i,
      instances: i.instances.map((x) => ({ ...x, operations: x.operations.map(withoutEntries) })),
    })),
  };
}

const ANSWER_KIND = 'answer';

/** A command's whole answer and the warnings said while it was made (see commands/analysis.ts cachedAnswer). */
export interface CachedAnswer {
  readonly warnings: readonly string[];
  readonly text: string;
}

/**
 * The answer's entry: its text as written, then its warnings as a JSON line (the last newline: JSON has none of its
 * own), so that the text goes in as it is made.
 */
export function readCachedAnswer(cache: AnalysisCache, variant: string): CachedAnswer | null {
  const bytes = cache.store.get(ANSWER_KIND, `${cache.key}\n${variant}`);
  if (bytes === null) return null;
  const nl = bytes.lastIndexOf(0x0a);
  if (nl < 0) return null;
  try {
    const warnings = JSON.parse(bytes.toString('utf8', nl + 1)) as unknown;
    if (!Array.isArray(warnings) || !warnings.every((w) => typeof w === 'string')) return null;
    return { warnings, text: bytes.toString('utf8', 0, nl) };
  } catch {
    return null;
  }
}

/** An answer being kept as it is written: its text in parts, then the warnings said while it was made. */
export interface AnswerEntry {
  write(text: string): void;
  commit(warnings: readonly string[]): void;
  abort(): void;
}

export function answerEntry(cache: AnalysisCache, variant: string): AnswerEntry {
  const out = new TextEntry(cache.store.writer(ANSWER_KIND, `${cache.key}\n${variant}`));
  return {
    write: (text) => out.write(text),
    commit: (warnings) => {
      out.write(`\n${JSON.stringify(warnings)}`);
      out.commit();
    },
    abort: () => out.abort(),
  };
}
