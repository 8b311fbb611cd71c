// An analysis gone on from where the last one over the same files ended: the engine's state at the end of the input
// (before finish()) is kept in the cache as a checkpoint, and a later reading of the same paths in which every file
// is unchanged or only grew (appended to) restores it and adds only the appended entries. A reading of those paths
// and new ones (a folder in which a new file appeared) goes on from it too, the new files read whole as if they had
// grown from nothing. That gives what analyzing the files whole gives when every appended entry comes after every
// entry read before, in the merge's order: checked entry by entry, and anything else (a file rotated or rewritten,
// an appended line older than the old end, an entry of the old end that the new lines lengthen) refuses the
// checkpoint before or while it is used, and the caller analyzes the whole input instead. See docs/cache.md.

import { deserialize, serialize } from 'node:v8';
import type { Source } from '../io/inputs.js';
import type { FileFingerprint } from '../io/cache/fingerprint.js';
import { fingerprint, samePrint } from '../io/cache/fingerprint.js';
import { onlyGrew, resumePointOf } from '../io/cache/resume-point.js';
import type { ResumePoint } from '../io/cache/resume-point.js';
import { openSource } from '../io/read-source.js';
import type { OpenedSource, ResumeFrom } from '../io/read-source.js';
import type { LogEntry } from '../model/entry.js';
import type { FileStats } from '../model/file-stats.js';
import { CodeLocations } from '../parse/code-locations.js';
import { chunkFromBytes, chunkToBytes, decodeEntries, encodeEntries } from '../parse/entry-codec.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { fileStatsFromJson, fileStatsToJson } from '../parse/file-stats-json.js';
import type { FileStatsJson } from '../parse/file-stats-json.js';
import { resumeMarkFromJson, resumeMarkToJson, resumesAfter } from '../parse/resume-mark.js';
import type { ResumeMark, ResumeMarkJson } from '../parse/resume-mark.js';
import type { Analyzer, AnalyzerState } from '../analysis/analyzer.js';
import type { KeptOperations } from '../analysis/kept-operations.js';
import type { HostFacts } from '../hosts/host-facts.js';
import type { AnalysisCache, EntryRefs, RefsState } from './analysis-cache.js';
import { refsWritten } from './analysis-cache.js';

const KIND = 'resume';
/** Bumped when what a checkpoint holds changes (the build's hash in its key covers the engine's own code). */
const FORMAT = 2;

/** One input as the checkpoint's reading left it. */
interface CheckpointFile {
  readonly path: string;
  readonly print: FileFingerprint;
  readonly stats: FileStatsJson;
  /** Where its parsing may go on from once it grows; null: it is analyzed whole again if it changes. */
  readonly resume: { readonly point: ResumePoint; readonly mark: ResumeMarkJson } | null;
}

interface Checkpoint {
  readonly format: number;
  /** The analysis key of the reading it was taken in: its refs' first bytes are the next reading's. */
  readonly key: string;
  readonly files: readonly CheckpointFile[];
  readonly analyzer: AnalyzerState;
  readonly facts: object;
  readonly refs: RefsState;
  readonly held: HeldEntries;
}

/** One key per list of paths and reading: the newest checkpoint of a reading of those paths replaces the one before. */
function lineageKey(cache: AnalysisCache, paths: readonly string[]): string {
  return JSON.stringify({ kind: KIND, base: cache.base, paths });
}

/**
 * The lists of paths whose readings left checkpoints, newest first, kept per reading options (`base`): a reading of
 * other paths finds among them one whose paths it reads all of, in the same order, and some new files beside.
 */
const LINEAGES = 'resume-lineages';
/** Lists remembered: a reading is gone on from one of the last few. */
const MAX_LINEAGES = 8;

function lineages(cache: AnalysisCache): string[][] {
  const bytes = cache.store.get(LINEAGES, cache.base);
  if (bytes === null) return [];
  try {
    const lists = JSON.parse(bytes.toString('utf8')) as unknown;
    return Array.isArray(lists) ? lists.filter((l): l is string[] => Array.isArray(l) && l.every((p) => typeof p === 'string')) : [];
  } catch {
    return [];
  }
}

function noteLineage(cache: AnalysisCache, paths: readonly string[]): void {
  const same = JSON.stringify(paths);
  const lists = [paths, ...lineages(cache).filter((l) => JSON.stringify(l) !== same)].slice(0, MAX_LINEAGES);
  cache.store.put(LINEAGES, cache.base, Buffer.from(JSON.stringify(lists), 'utf8'));
}

/**
 * Where each of `paths` was in `old` (-1: a new path), when `old` is all of them but some, in the same order; else
 * null.
 */
export function placesIn(old: readonly string[], paths: readonly string[]): number[] | null {
  const known = new Set(old);
  const places: number[] = [];
  let next = 0;
  for (const path of paths) {
    if (next < old.length && old[next] === path) places.push(next++);
    else if (known.has(path)) return null;
    else places.push(-1);
  }
  return next === old.length && old.length > 0 ? places : null;
}

/** What a reading read, per source in input order: one FileStats each, and each one's resume mark. */
export interface ReadFiles {
  readonly stats: readonly FileStats[];
  readonly marks: readonly (ResumeMark | null)[];
}

/**
 * Keeps the engine's state at the end of the input (call before finish()): nothing when a file was not read as one
 * file, or changed while it was read (its fingerprint now is not the key's).
 */
export function saveCheckpoint(cache: AnalysisCache, sources: readonly Source[], read: ReadFiles, analyzer: Analyzer, facts: HostFacts, refs: EntryRefs): boolean {
  if (read.stats.length !== sources.length) return false;
  const files: CheckpointFile[] = [];
  for (const [i, source] of sources.entries()) {
    const print = cache.prints[i] as FileFingerprint;
    const stats = read.stats[i] as FileStats;
    const now = fingerprint(source.path);
    if (now === null || !samePrint(now, print) || stats.path !== source.path) return false;
    const mark = read.marks[i] ?? null;
    const point = mark === null ? null : resumePointOf(source.path, print.size, stats.lines, mark);
    files.push({
      path: source.path, print, stats: fileStatsToJson(stats),
      resume: point === null || mark === null ? null : { point, mark: resumeMarkToJson(mark) },
    });
  }
  // Files read in this thread (small inputs) keep no resume marks: none of them could be read on from here.
  if (files.every((f) => f.resume === null)) return false;
  const { state, held } = packEntries(analyzer.checkpoint());
  // The final operations' deflated blocks (most of the bytes, growing with the input) are written as they are, after
  // the serialized rest, which names their lengths: no copy of them is made.
  const kept = state.done as KeptOperations;
  const blocks = kept.sealed;
  const checkpoint: Checkpoint = {
    format: FORMAT, key: cache.key, files, analyzer: { ...state, done: { ...kept, blocks: blocks.map((b) => b.length) } },
    facts: facts.checkpoint(), refs: refs.checkpoint(), held,
  };
  let head: Buffer;
  try {
    head = serialize(checkpoint);
  } catch {
    // A value structured clone cannot write: the engine holds something new. Analyses are not resumed.
    return false;
  }
  const paths = sources.map((s) => s.path);
  const writer = cache.store.writer(KIND, lineageKey(cache, paths));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(head.length, 0);
  writer.write(length);
  writer.write(head);
  for (const block of blocks) writer.write(block);
  if (!writer.commit()) return false;
  noteLineage(cache, paths);
  return true;
}

/** A checkpoint's bytes read back: the serialized state, its final operations' blocks put back in place. */
function readCheckpoint(bytes: Buffer): Checkpoint | null {
  try {
    const headLength = bytes.readUInt32LE(0);
    const checkpoint = deserialize(bytes.subarray(4, 4 + headLength)) as Checkpoint;
    const done = checkpoint.analyzer.done as { blocks: (number | Buffer)[] };
    let at = 4 + headLength;
    done.blocks = done.blocks.map((n) => {
      const block = bytes.subarray(at, at += n as number);
      if (block.length !== n) throw new Error('a checkpoint shorter than its blocks');
      return block;
    });
    return at === bytes.length ? checkpoint : null;
  } catch {
    return null;
  }
}

/**
 * The entries the engine holds (open requests', closed requests' waiting for their context, instances' context lines
 * and API errors), written once with the entry codec (typed-array columns, as the parsing threads hand them over)
 * and named by their numbers in the stores: written as objects they were most of a checkpoint (4.6 MB of 6.0 at 304
 * MB of logs), built in V8's serializer's growing buffer while the heap is at its fullest. `pack` gives a copy of the
 * state to serialize (the engine's own stores are not touched), `unpack` puts the entries back in a deserialized one.
 */
interface HeldEntries {
  readonly bytes: Uint8Array;
}

interface GroupLike {
  entries: readonly LogEntry[] | Int32Array;
}

export function packEntries(state: AnalyzerState): { state: AnalyzerState; held: HeldEntries } {
  const entries: LogEntry[] = [];
  const numbers = new Map<LogEntry, number>();
  const numbered = (list: readonly LogEntry[]): Int32Array => Int32Array.from(list, (e) => {
    let n = numbers.get(e);
    if (n === undefined) {
      numbers.set(e, n = entries.length);
      entries.push(e);
    }
    return n;
  });
  const requests = state.requests as { open: Map<string, GroupLike>; lastGroup: GroupLike | undefined };
  const groups = new Map<GroupLike, GroupLike>();
  const copy = (g: GroupLike): GroupLike => {
    let c = groups.get(g);
    if (c === undefined) groups.set(g, c = { ...g, entries: numbered(g.entries as readonly LogEntry[]) });
    return c;
  };
  const open = new Map([...requests.open].map(([id, g]) => [id, copy(g)]));
  const instances = state.instances as { context: Map<string, { lines: LogEntry[]; oldest: number }>; apiErrors: Map<string, LogEntry[]> };
  const packed: AnalyzerState = {
    ...state,
    requests: { ...requests, open, lastGroup: requests.lastGroup === undefined ? undefined : copy(requests.lastGroup) },
    ready: state.ready.map((p) => ({ ...p, group: copy(p.group as unknown as GroupLike) as unknown as typeof p.group })),
    instances: {
      ...instances,
      context: new Map([...instances.context].map(([id, c]) => [id, { ...c, lines: numbered(c.lines) }])),
      apiErrors: new Map([...instances.apiErrors].map(([id, list]) => [id, numbered(list)])),
    },
  };
  return { state: packed, held: { bytes: chunkToBytes(encodeEntries(entries)) } };
}

export function unpackEntries(state: AnalyzerState, held: HeldEntries): AnalyzerState {
  const entries = decodeEntries(chunkFromBytes(held.bytes), new CodeLocations());
  const listed = (numbers: Int32Array): LogEntry[] => Array.from(numbers, (n) => {
    const e = entries[n];
    if (e === undefined) throw new Error('a checkpoint names an entry it does not hold');
    return e;
  });
  const done = new Set<GroupLike>();
  const restore = (g: GroupLike): void => {
    if (done.has(g)) return;
    done.add(g);
    g.entries = listed(g.entries as Int32Array);
  };
  const requests = state.requests as { open: Map<string, GroupLike>; lastGroup: GroupLike | undefined };
  for (const g of requests.open.values()) restore(g);
  if (requests.lastGroup !== undefined) restore(requests.lastGroup);
  for (const p of state.ready) restore(p.group as unknown as GroupLike);
  const instances = state.instances as { context: Map<string, { lines: LogEntry[] | Int32Array }>; apiErrors: Map<string, LogEntry[] | Int32Array> };
  for (const c of instances.context.values()) c.lines = listed(c.lines as Int32Array);
  for (const [id, list] of instances.apiErrors) instances.apiErrors.set(id, listed(list as Int32Array));
  return state;
}

/** A file that grew since the checkpoint: read on from its resume point (null: a new file, read whole). */
interface GrownFile {
  readonly index: number;
  readonly source: Source;
  readonly from: ResumeFrom | null;
  /** Its size at the checkpoint: the appended bytes begin there. */
  readonly size: number;
}

/** A checkpoint that holds for the inputs as they are now, ready to go on from. */
export interface Resumption {
  readonly checkpoint: Checkpoint;
  /** Per input, in input order: its place among the checkpoint's files, or -1 for a file new since. */
  readonly places: readonly number[];
  readonly grown: readonly GrownFile[];
  /** The refs committed with the checkpoint's analysis, as far as they were written at the checkpoint. */
  readonly refsWritten: Buffer;
}

/**
 * The checkpoint of these paths, when every input is as it was then or only grew since (and the refs of its analysis
 * are still in the cache); else that of the newest reading, among those remembered, of all these paths but some,
 * which are then new files, that holds. Null when there is none.
 */
export function findResumption(cache: AnalysisCache, sources: readonly Source[]): Resumption | null {
  const paths = sources.map((s) => s.path);
  const same = resumptionFrom(cache, sources, paths, paths.map((_, i) => i));
  if (same !== null) return same;
  for (const old of lineages(cache)) {
    const places = placesIn(old, paths);
    if (places === null || old.length === paths.length) continue;
    const resumption = resumptionFrom(cache, sources, old, places);
    if (resumption !== null) return resumption;
  }
  return null;
}

function resumptionFrom(cache: AnalysisCache, sources: readonly Source[], paths: readonly string[], places: readonly number[]): Resumption | null {
  const bytes = cache.store.get(KIND, lineageKey(cache, paths));
  if (bytes === null) return null;
  const checkpoint = readCheckpoint(bytes);
  if (checkpoint === null || checkpoint.format !== FORMAT || checkpoint.files.length !== paths.length) return null;
  const grown: GrownFile[] = [];
  for (const [index, source] of sources.entries()) {
    const place = places[index] as number;
    if (place < 0) {
      grown.push({ index, source, from: null, size: 0 });
      continue;
    }
    const was = checkpoint.files[place] as CheckpointFile;
    const print = cache.prints[index] as FileFingerprint;
    if (was.path !== source.path) return null;
    if (samePrint(was.print, print)) continue;
    if (was.resume === null || !onlyGrew(was.print, was.resume.point, print)) return null;
    let mark: ResumeMark;
    try {
      mark = resumeMarkFromJson(was.resume.mark);
    } catch {
      return null;
    }
    if (!resumesAfter(mark, source.modified)) return null;
    grown.push({ index, source, from: { offset: was.resume.point.offset, mark }, size: was.print.size });
  }
  const written = refsWritten(cache.store, checkpoint.key, checkpoint.refs.written);
  return written === null ? null : { checkpoint, places, grown, refsWritten: written };
}

/** Thrown while the appended entries are read: what they are says the checkpoint does not hold. */
export class ResumeRefused extends Error {}

/**
 * Puts the checkpoint's state into a fresh analyzer, facts and refs (made as for a whole reading, and not used
 * yet). Throws when the state cannot be read (then they are spoilt: the caller makes new ones).
 */
export function restoreEngine(resumption: Resumption, analyzer: Analyzer, facts: HostFacts, refs: EntryRefs): void {
  const { checkpoint } = resumption;
  analyzer.restore(unpackEntries(checkpoint.analyzer, checkpoint.held));
  facts.restore(checkpoint.facts);
  refs.restore(checkpoint.refs, resumption.refsWritten);
}

/**
 * The appended entries of each grown file, in input order of the files, each stream checked as it is read: the
 * entries read again from its resume point must be what they were when the file ended where it did then (the
 * appended lines do not lengthen them), the first appended entry must have a time, and every appended entry with a
 * time must be later than `after` (the newest entry the checkpoint's engine had). Else ResumeRefused is thrown from
 * the stream.
 */
export function appendedEntries(resumption: Resumption, options: ParseOptions, after: number, batch: number): {
  readonly streams: AsyncIterable<LogEntry[]>[];
  /** Once the streams are read: each input's counts (the grown ones' as read now) and marks, in input order. */
  read(): ReadFiles;
} {
  const { checkpoint, places, grown } = resumption;
  const locations = new CodeLocations();
  const opened = grown.map((g) => openSource(g.source, options, { live: false, blocking: true, batch, locations, marks: true, ...(g.from === null ? {} : { from: g.from }) }));
  const streams = grown.map((g, k) => (async function* appended(): AsyncGenerator<LogEntry[]> {
    // The old end's entries as the checkpoint's reading had them: the same lines read up to the old size (a new file
    // has none: all of it is appended).
    const old: string[] = [];
    if (g.from !== null) {
      const before = openSource(g.source, options, { live: false, blocking: true, batch, locations, from: g.from, until: g.size });
      for await (const entries of before.batches) for (const e of entries) old.push(JSON.stringify(e));
    }
    let seen = 0;
    for await (const entries of (opened[k] as OpenedSource).batches) {
      const out: LogEntry[] = [];
      for (const e of entries) {
        if (seen < old.length) {
          if (JSON.stringify(e) !== old[seen]) throw new ResumeRefused(`${g.source.path}:${e.line}: the appended lines change an entry read before`);
          seen++;
          continue;
        }
        if (seen === old.length) {
          if (e.time === null) throw new ResumeRefused(`${g.source.path}:${e.line}: the first appended entry has no time`);
          seen++;
        }
        if (e.time !== null && !(e.time > after)) throw new ResumeRefused(`${g.source.path}:${e.line}: an appended entry is not later than the old end`);
        out.push(e);
      }
      if (out.length > 0) yield out;
    }
    if (seen < old.length) throw new ResumeRefused(`${g.source.path}: the entries before its old end are not all there`);
  })());
  return {
    streams,
    read: () => {
      // In input order; a new file's place is filled below with the grown ones'.
      const was = places.map((p) => checkpoint.files[p]);
      const stats = was.map((f) => (f === undefined ? null : fileStatsFromJson(f.stats)));
      const marks: (ResumeMark | null)[] = was.map((f) => (f === undefined || f.resume === null ? null : resumeMarkFromJson(f.resume.mark)));
      grown.forEach((g, k) => {
        const o = opened[k] as OpenedSource;
        const [s] = o.stats();
        if (s === undefined || o.stats().length !== 1) throw new ResumeRefused(`${g.source.path}: not read as one file`);
        stats[g.index] = s;
        marks[g.index] = o.broken() === null ? o.mark() : null;
      });
      // Every input's place is filled: an old file's from the checkpoint, a grown or new one's above.
      return { stats: stats as FileStats[], marks };
    },
  };
}
