// Entries -> columns of numbers and one text pool, and back: how parsed entries cross from a parsing thread to the
// thread that merges them (typed arrays are transferred, not cloned: cloning entry objects cost about as much as
// parsing them, issue 3), and the form a chunk takes on disk (chunkToBytes / chunkFromBytes).
//
// A chunk holds no object and no string: every string field is a number into the chunk's string table, the
// messages and continuation lines are one text pool (UTF-8; UTF-16 when some piece is not well-formed, so that a
// lone surrogate survives) cut at UTF-16 offsets once decoded, and code locations are rows of their own, given back
// as the shared records of the reading's CodeLocations table.

import { Buffer } from 'node:buffer';
import { DIALECTS, LEVELS, SERVICES } from '../model/entry.js';
import type { CodeLocation, Dialect, Level, LogEntry, Service } from '../model/entry.js';
import type { CodeLocations } from './code-locations.js';

/** Bumped whenever the meaning of any column or of the byte form changes: an older chunk is refused, never misread. */
export const CHUNK_FORMAT_VERSION = 1;

// Int32 columns, per entry.
const FLAGS = 0;
const PRECISION = 1;
const SERVICE = 2;
const LEVEL = 3;
const DIALECT = 4;
const LINE = 5;
const HOST = 6;
const LOGGER = 7;
const GLOBAL_REQUEST = 8;
const REQUEST = 9;
const USER = 10;
const PROJECT = 11;
const INSTANCE = 12;
const FILE = 13;
const IDENT = 14;
const LOCATION = 15;
const CONTINUATIONS = 16;
const COLUMNS = 17;

// FLAGS bits.
const TIME_NULL = 1;
const PID_NULL = 2;
/** The parser's entries carry the identifier they were read under (`ident`, journald's or an alias); hand-made ones may not. */
const HAS_IDENT = 4;
const KNOWN_FLAGS = TIME_NULL | PID_NULL | HAS_IDENT;

// META slots.
const META_COUNT = 0;
const META_TEXT_LENGTH = 1;
const META_TEXT_WIDE = 2;
const META_STRINGS_LENGTH = 3;
const META_STRINGS_WIDE = 4;
const META_SIZE = 5;

/** Entries as typed arrays only, each on an ArrayBuffer of its own: all of them can be transferred to another thread. */
export interface EncodedChunk {
  /** Entry count; UTF-16 length of the text pool and whether it is stored as UTF-16 (1) or UTF-8 (0); the same of the string table. */
  readonly meta: Int32Array;
  /** COLUMNS numbers per entry. */
  readonly ints: Int32Array;
  /** Per entry (NaN where FLAGS says null: a NaN time stays NaN). */
  readonly times: Float64Array;
  readonly pids: Float64Array;
  /** UTF-16 end, in the decoded pool, of each entry's message then each of its continuation lines. */
  readonly pieceEnds: Int32Array;
  readonly text: Uint8Array;
  /** UTF-16 end of each string of the table, in its decoded pool. */
  readonly stringEnds: Int32Array;
  readonly strings: Uint8Array;
  /** Per code location: its func and file as string numbers. */
  readonly locations: Int32Array;
  readonly locationLines: Float64Array;
}

/** A chunk (or its byte form) that cannot be what encodeEntries made: truncated, corrupted, or of another version. */
export class MalformedChunkError extends Error {
  constructor(message: string) {
    super(`malformed entry chunk: ${message}`);
    this.name = 'MalformedChunkError';
  }
}

/** The entries' own objects' shape, with the parser's identifier (not part of LogEntry). */
type ParsedEntry = LogEntry & { readonly ident?: string | null };

const serviceIndex = new Map<Service, number>(SERVICES.map((s, i) => [s, i]));
const levelIndex = new Map<Level, number>(LEVELS.map((l, i) => [l, i]));
const dialectIndex = new Map<Dialect, number>(DIALECTS.map((d, i) => [d, i]));

/** Strings -> their numbers in the chunk (encodeEntries remembers each column's last one: most entries repeat it). */
class StringTable {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  id(text: string | null): number {
    if (text === null) return -1;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(text);
      this.ids.set(text, id);
    }
    return id;
  }
}

/** A text's UTF-16 length, and its bytes' length: UTF-8, or UTF-16 when it is not well-formed (a lone surrogate). */
interface PoolSize {
  readonly length: number;
  readonly wide: boolean;
  readonly bytes: number;
}

function poolSize(text: string): PoolSize {
  const wide = !(text as string & { isWellFormed(): boolean }).isWellFormed();
  return { length: text.length, wide, bytes: wide ? text.length * 2 : Buffer.byteLength(text, 'utf8') };
}

/** Writes `text` as poolSize said into `into` (exactly its bytes long). */
function writePool(text: string, size: PoolSize, into: Uint8Array): void {
  if (size.bytes === 0) return;
  const buffer = Buffer.from(into.buffer, into.byteOffset, into.byteLength);
  buffer.write(text, 0, size.bytes, size.wide ? 'utf16le' : 'utf8');
}

function textOf(bytes: Uint8Array, wide: boolean): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return wide ? buffer.toString('utf16le') : buffer.toString('utf8');
}

/** Scratch columns for encodeEntries, grown as needed: a chunk's own buffer is cut once every size is known. */
let scratchInts = new Int32Array(512 * COLUMNS);
let scratchTimes = new Float64Array(512);
let scratchPids = new Float64Array(512);

export function encodeEntries(entries: readonly LogEntry[]): EncodedChunk {
  const n = entries.length;
  if (scratchTimes.length < n) {
    scratchInts = new Int32Array(n * COLUMNS);
    scratchTimes = new Float64Array(n);
    scratchPids = new Float64Array(n);
  }
  const ints = scratchInts;
  const times = scratchTimes;
  const pids = scratchPids;
  const strings = new StringTable();
  const locationIds = new Map<CodeLocation, number>();
  const locationRows: CodeLocation[] = [];
  const pieces: string[] = [];
  // Each string column's last value and its number, in locals: most entries repeat their neighbour's host, logger,
  // file and IDs, and a string the same as the last one (nearly always the same object) needs no lookup.
  let host: string | null = null;
  let hostId = -1;
  let logger: string | null = null;
  let loggerId = -1;
  let globalRequest: string | null = null;
  let globalRequestId = -1;
  let request: string | null = null;
  let requestId = -1;
  let user: string | null = null;
  let userId = -1;
  let project: string | null = null;
  let projectId = -1;
  let instance: string | null = null;
  let instanceId = -1;
  let file: string | null = null;
  let fileId = -1;
  let ident: string | null = null;
  let identId = -1;
  for (let i = 0; i < n; i++) {
    const e = entries[i] as ParsedEntry;
    const o = i * COLUMNS;
    let flags = 0;
    if (e.time === null) flags |= TIME_NULL;
    if (e.pid === null) flags |= PID_NULL;
    if ('ident' in e) flags |= HAS_IDENT;
    ints[o + FLAGS] = flags;
    times[i] = e.time ?? NaN;
    pids[i] = e.pid ?? NaN;
    ints[o + PRECISION] = e.precision;
    ints[o + SERVICE] = serviceIndex.get(e.service) as number;
    ints[o + LEVEL] = e.level === null ? -1 : levelIndex.get(e.level) as number;
    ints[o + DIALECT] = dialectIndex.get(e.dialect) as number;
    ints[o + LINE] = e.line;
    if (e.host !== host) hostId = strings.id(host = e.host);
    ints[o + HOST] = hostId;
    if (e.logger !== logger) loggerId = strings.id(logger = e.logger);
    ints[o + LOGGER] = loggerId;
    if (e.globalRequestId !== globalRequest) globalRequestId = strings.id(globalRequest = e.globalRequestId);
    ints[o + GLOBAL_REQUEST] = globalRequestId;
    if (e.requestId !== request) requestId = strings.id(request = e.requestId);
    ints[o + REQUEST] = requestId;
    if (e.user !== user) userId = strings.id(user = e.user);
    ints[o + USER] = userId;
    if (e.project !== project) projectId = strings.id(project = e.project);
    ints[o + PROJECT] = projectId;
    if (e.instance !== instance) instanceId = strings.id(instance = e.instance);
    ints[o + INSTANCE] = instanceId;
    if (e.file !== file) fileId = strings.id(file = e.file);
    ints[o + FILE] = fileId;
    const id = e.ident ?? null;
    if (id !== ident) identId = strings.id(ident = id);
    ints[o + IDENT] = identId;
    let location = -1;
    if (e.location !== null) {
      const known = locationIds.get(e.location);
      if (known === undefined) {
        location = locationRows.length;
        locationRows.push(e.location);
        locationIds.set(e.location, location);
      } else {
        location = known;
      }
    }
    ints[o + LOCATION] = location;
    ints[o + CONTINUATIONS] = e.continuation.length;
    pieces.push(e.message);
    for (const line of e.continuation) pieces.push(line);
  }
  const locationStrings = new Array<number>(locationRows.length * 2);
  locationRows.forEach((l, k) => {
    locationStrings[k * 2] = strings.id(l.func);
    locationStrings[k * 2 + 1] = strings.id(l.file);
  });
  const textPool = pieces.join('');
  const tablePool = strings.list.join('');
  const text = poolSize(textPool);
  const table = poolSize(tablePool);
  // Every section on one ArrayBuffer, each at a multiple of 8 bytes: one buffer to transfer (each transferred buffer
  // costs postMessage, and the receiving thread's collector, on its own).
  const sizes = [
    META_SIZE * 4, n * COLUMNS * 4, n * 8, n * 8, pieces.length * 4, text.bytes, strings.list.length * 4, table.bytes,
    locationRows.length * 2 * 4, locationRows.length * 8,
  ];
  let total = 0;
  for (const size of sizes) total += padded(size);
  const buffer = new ArrayBuffer(total);
  let at = 0;
  const cut = <T>(make: (offset: number) => T, size: number): T => {
    const view = make(at);
    at += padded(size);
    return view;
  };
  const meta = cut((o) => new Int32Array(buffer, o, META_SIZE), sizes[0] as number);
  const intsOut = cut((o) => new Int32Array(buffer, o, n * COLUMNS), sizes[1] as number);
  const timesOut = cut((o) => new Float64Array(buffer, o, n), sizes[2] as number);
  const pidsOut = cut((o) => new Float64Array(buffer, o, n), sizes[3] as number);
  const pieceEnds = cut((o) => new Int32Array(buffer, o, pieces.length), sizes[4] as number);
  const textBytes = cut((o) => new Uint8Array(buffer, o, text.bytes), sizes[5] as number);
  const stringEnds = cut((o) => new Int32Array(buffer, o, strings.list.length), sizes[6] as number);
  const tableBytes = cut((o) => new Uint8Array(buffer, o, table.bytes), sizes[7] as number);
  const locations = cut((o) => new Int32Array(buffer, o, locationRows.length * 2), sizes[8] as number);
  const locationLines = cut((o) => new Float64Array(buffer, o, locationRows.length), sizes[9] as number);
  intsOut.set(ints.subarray(0, n * COLUMNS));
  timesOut.set(times.subarray(0, n));
  pidsOut.set(pids.subarray(0, n));
  locations.set(locationStrings);
  locationRows.forEach((l, k) => {
    locationLines[k] = l.line;
  });
  let end = 0;
  for (let k = 0; k < pieces.length; k++) {
    end += (pieces[k] as string).length;
    pieceEnds[k] = end;
  }
  end = 0;
  strings.list.forEach((s, k) => {
    end += s.length;
    stringEnds[k] = end;
  });
  writePool(textPool, text, textBytes);
  writePool(tablePool, table, tableBytes);
  meta[META_COUNT] = n;
  meta[META_TEXT_LENGTH] = text.length;
  meta[META_TEXT_WIDE] = text.wide ? 1 : 0;
  meta[META_STRINGS_LENGTH] = table.length;
  meta[META_STRINGS_WIDE] = table.wide ? 1 : 0;
  return {
    meta, ints: intsOut, times: timesOut, pids: pidsOut, pieceEnds, text: textBytes, stringEnds, strings: tableBytes, locations, locationLines,
  };
}

/** The ArrayBuffers of a chunk (encodeEntries': one), to transfer it with postMessage. */
export function chunkBuffers(chunk: EncodedChunk): ArrayBuffer[] {
  return [...new Set(SECTIONS.map((s) => chunk[s].buffer as ArrayBuffer))];
}

/**
 * A number read from a Float64Array as V8 keeps a small integer (in the field itself) when it is one: read as a
 * double, a pid was a 16-byte heap number beside every decoded entry, which the young generation copied with it.
 */
function smallInteger(n: number): number {
  const int = n | 0;
  // (Not -0, which the codec keeps as it is: Object.is tells it from 0.)
  return Object.is(n, int) ? int : n;
}

/** The entries of a chunk; their code locations are the shared records of `locations`. */
export function decodeEntries(chunk: EncodedChunk, locations: CodeLocations): LogEntry[] {
  const { meta, ints, times, pids, pieceEnds } = chunk;
  const n = meta[META_COUNT] as number;
  const text = textOf(chunk.text, meta[META_TEXT_WIDE] === 1);
  if (text.length !== meta[META_TEXT_LENGTH]) throw new MalformedChunkError(`its text decodes to ${text.length} characters, not ${meta[META_TEXT_LENGTH]}`);
  const table = textOf(chunk.strings, meta[META_STRINGS_WIDE] === 1);
  if (table.length !== meta[META_STRINGS_LENGTH]) throw new MalformedChunkError(`its strings decode to ${table.length} characters, not ${meta[META_STRINGS_LENGTH]}`);
  const stringEnds = chunk.stringEnds;
  const strings = new Array<string>(stringEnds.length);
  for (let k = 0, start = 0; k < stringEnds.length; k++) {
    const end = stringEnds[k] as number;
    strings[k] = table.slice(start, end);
    start = end;
  }
  const str = (id: number): string | null => (id < 0 ? null : strings[id] as string);
  const locs = new Array<CodeLocation>(chunk.locationLines.length);
  for (let k = 0; k < locs.length; k++) {
    locs[k] = locations.intern(strings[chunk.locations[k * 2] as number] as string, strings[chunk.locations[k * 2 + 1] as number] as string, chunk.locationLines[k] as number);
  }
  const out = new Array<LogEntry>(n);
  let piece = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const o = i * COLUMNS;
    const flags = ints[o + FLAGS] as number;
    const messageEnd = pieceEnds[piece++] as number;
    const message = text.slice(at, messageEnd);
    at = messageEnd;
    const lines = ints[o + CONTINUATIONS] as number;
    let continuation: string[] = NO_LINES;
    if (lines > 0) {
      continuation = new Array<string>(lines);
      for (let k = 0; k < lines; k++) {
        const end = pieceEnds[piece++] as number;
        continuation[k] = text.slice(at, end);
        at = end;
      }
    }
    const level = ints[o + LEVEL] as number;
    const location = ints[o + LOCATION] as number;
    // Built with the parser's keys in the parser's order: one object shape for entries from either path.
    const entry = {
      time: (flags & TIME_NULL) !== 0 ? null : times[i] as number,
      precision: ints[o + PRECISION] as number,
      service: SERVICES[ints[o + SERVICE] as number] as Service,
      host: str(ints[o + HOST] as number),
      pid: (flags & PID_NULL) !== 0 ? null : smallInteger(pids[i] as number),
      level: level < 0 ? null : LEVELS[level] as Level,
      logger: str(ints[o + LOGGER] as number),
      globalRequestId: str(ints[o + GLOBAL_REQUEST] as number),
      requestId: str(ints[o + REQUEST] as number),
      user: str(ints[o + USER] as number),
      project: str(ints[o + PROJECT] as number),
      instance: str(ints[o + INSTANCE] as number),
      message,
      location: location < 0 ? null : locs[location] as CodeLocation,
      continuation,
      file: strings[ints[o + FILE] as number] as string,
      line: ints[o + LINE] as number,
      dialect: DIALECTS[ints[o + DIALECT] as number] as Dialect,
      ident: str(ints[o + IDENT] as number),
    };
    if ((flags & HAS_IDENT) === 0) delete (entry as { ident?: string | null }).ident;
    out[i] = entry;
  }
  return out;
}

/** Shared by the decoded entries without continuation lines, as the parser's are (frozen: a push cannot go unnoticed). */
const NO_LINES = Object.freeze([]) as unknown as string[];

// ---- Byte form: MAGIC, version, a byte-order mark, the byte length of each section, then the sections, each
// starting at a multiple of 8 bytes.

const SECTIONS = ['meta', 'ints', 'times', 'pids', 'pieceEnds', 'text', 'stringEnds', 'strings', 'locations', 'locationLines'] as const;
type Section = (typeof SECTIONS)[number];
const SECTION_TYPE: Record<Section, Int32ArrayConstructor | Float64ArrayConstructor | Uint8ArrayConstructor> = {
  meta: Int32Array, ints: Int32Array, times: Float64Array, pids: Float64Array, pieceEnds: Int32Array, text: Uint8Array,
  stringEnds: Int32Array, strings: Uint8Array, locations: Int32Array, locationLines: Float64Array,
};
const MAGIC = [0x4e, 0x54, 0x45, 0x43]; // "NTEC"
const BYTE_ORDER = 0x01020304;
/** Magic, version, byte-order mark, one length per section; padded to 8. */
const padded = (n: number): number => n + ((8 - (n % 8)) % 8);
const HEADER = padded(4 * (3 + SECTIONS.length));

/** One contiguous, versioned byte form of a chunk (the typed arrays' own byte order: a cache is read where it was written). */
export function chunkToBytes(chunk: EncodedChunk): Uint8Array {
  let total = HEADER;
  for (const s of SECTIONS) total += padded(chunk[s].byteLength);
  const bytes = new Uint8Array(total);
  bytes.set(MAGIC, 0);
  const words = new Uint32Array(bytes.buffer, 0, HEADER / 4);
  words[1] = CHUNK_FORMAT_VERSION;
  words[2] = BYTE_ORDER;
  let at = HEADER;
  SECTIONS.forEach((s, k) => {
    const a = chunk[s];
    words[3 + k] = a.byteLength;
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += padded(a.byteLength);
  });
  return bytes;
}

/** A copy of bytes [from, to) on an ArrayBuffer of its own (a Buffer's slice() is a view of its pool, not a copy). */
function copyOf(bytes: Uint8Array, from: number, to: number): ArrayBuffer {
  return Uint8Array.prototype.slice.call(bytes, from, to).buffer as ArrayBuffer;
}

/** The chunk of chunkToBytes' bytes; throws MalformedChunkError on anything truncated, extended or inconsistent. */
export function chunkFromBytes(bytes: Uint8Array): EncodedChunk {
  if (bytes.byteLength < HEADER) throw new MalformedChunkError(`${bytes.byteLength} bytes, shorter than its ${HEADER}-byte header`);
  if (MAGIC.some((b, k) => bytes[k] !== b)) throw new MalformedChunkError('it does not start with NTEC');
  const header = new Uint32Array(copyOf(bytes, 0, HEADER));
  if (header[1] !== CHUNK_FORMAT_VERSION) throw new MalformedChunkError(`format version ${header[1]}, this novatrace reads ${CHUNK_FORMAT_VERSION}`);
  if (header[2] !== BYTE_ORDER) throw new MalformedChunkError('written with the other byte order');
  let at = HEADER;
  const parts: Partial<Record<Section, Int32Array | Float64Array | Uint8Array>> = {};
  SECTIONS.forEach((s, k) => {
    const length = header[3 + k] as number;
    const type = SECTION_TYPE[s];
    if (length % type.BYTES_PER_ELEMENT !== 0) throw new MalformedChunkError(`its ${s} section has ${length} bytes, not a multiple of ${type.BYTES_PER_ELEMENT}`);
    if (at + length > bytes.byteLength) throw new MalformedChunkError(`truncated: its ${s} section ends at byte ${at + length} of ${bytes.byteLength}`);
    // A copy: a section of its own, aligned, transferable.
    parts[s] = new type(copyOf(bytes, at, at + length));
    at += padded(length);
  });
  if (at !== bytes.byteLength) throw new MalformedChunkError(`${bytes.byteLength - at} bytes after its last section`);
  const chunk = parts as EncodedChunk;
  checkChunk(chunk);
  return chunk;
}

/**
 * Every number of a chunk within its bounds (what decodeEntries relies on), so that corrupted bytes are refused
 * instead of read as other entries. The text itself is checked by its decoded length, when decoded.
 */
/** The columns that hold a string's number, or -1 for none. */
const STRING_COLUMNS: readonly number[] = [HOST, LOGGER, GLOBAL_REQUEST, REQUEST, USER, PROJECT, INSTANCE, IDENT];

/** Entry `i`'s `column` is in [low, high). */
function checkWithin(ints: Int32Array, i: number, column: number, low: number, high: number, what: string): void {
  const v = ints[i * COLUMNS + column] as number;
  if (v < low || v >= high) throw new MalformedChunkError(`entry ${i}'s ${what} is ${v}`);
}

export function checkChunk(chunk: EncodedChunk): void {
  const { meta, ints, times, pids, pieceEnds, stringEnds, locations, locationLines } = chunk;
  const fail = (what: string): never => {
    throw new MalformedChunkError(what);
  };
  if (meta.length !== META_SIZE) fail(`${meta.length} meta numbers, not ${META_SIZE}`);
  const n = meta[META_COUNT] as number;
  if (n < 0 || ints.length !== n * COLUMNS || times.length !== n || pids.length !== n) fail(`columns of ${ints.length / COLUMNS}, ${times.length} and ${pids.length} entries, not ${n}`);
  const wide = (slot: number, length: number, bytes: number, what: string): void => {
    const w = meta[slot];
    if (w !== 0 && w !== 1) fail(`its ${what} encoding is ${w}`);
    if (length < 0 || (w === 1 && bytes !== length * 2) || (w === 0 && (bytes < length || bytes > length * 3))) fail(`its ${what} has ${bytes} bytes for ${length} characters`);
  };
  const textLength = meta[META_TEXT_LENGTH] as number;
  const stringsLength = meta[META_STRINGS_LENGTH] as number;
  wide(META_TEXT_WIDE, textLength, chunk.text.byteLength, 'text');
  wide(META_STRINGS_WIDE, stringsLength, chunk.strings.byteLength, 'string table');
  const ascending = (ends: Int32Array, limit: number, what: string): void => {
    let last = 0;
    for (const e of ends) {
      if (e < last || e > limit) fail(`its ${what} offsets are out of order or past ${limit}`);
      last = e;
    }
    if (ends.length > 0 && last !== limit) fail(`its ${what} offsets end at ${last}, not ${limit}`);
  };
  ascending(pieceEnds, textLength, 'text');
  ascending(stringEnds, stringsLength, 'string');
  const strings = stringEnds.length;
  if (locations.length !== locationLines.length * 2) fail(`${locations.length / 2} code locations but ${locationLines.length} line numbers`);
  for (const s of locations) if (s < 0 || s >= strings) fail(`a code location names string ${s} of ${strings}`);
  let pieces = 0;
  // No closure or array per entry: a chunk of the cache is checked whole before it is decoded.
  for (let i = 0; i < n; i++) {
    const o = i * COLUMNS;
    const flags = ints[o + FLAGS] as number;
    if ((flags & ~KNOWN_FLAGS) !== 0) fail(`entry ${i} has flags ${flags}`);
    checkWithin(ints, i, SERVICE, 0, SERVICES.length, 'service');
    checkWithin(ints, i, LEVEL, -1, LEVELS.length, 'level');
    checkWithin(ints, i, DIALECT, 0, DIALECTS.length, 'dialect');
    checkWithin(ints, i, FILE, 0, strings, 'file');
    for (let c = 0; c < STRING_COLUMNS.length; c++) checkWithin(ints, i, STRING_COLUMNS[c] as number, -1, strings, 'string');
    checkWithin(ints, i, LOCATION, -1, locationLines.length, 'code location');
    checkWithin(ints, i, CONTINUATIONS, 0, pieceEnds.length + 1, 'continuation count');
    pieces += 1 + (ints[o + CONTINUATIONS] as number);
  }
  if (pieces !== pieceEnds.length) fail(`its entries have ${pieces} messages and lines, its text ${pieceEnds.length}`);
}
