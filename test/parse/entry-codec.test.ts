// The entry codec: entries -> typed arrays -> entries gives every field back exactly (null against undefined, -0,
// NaN against null, empty strings, non-ASCII text and lone surrogates, code locations shared through the
// reading's table), on every fixture and on hand-made edge cases; its byte form refuses anything truncated or
// corrupted; FileStats go to JSON and back.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../src/io/read-source.js';
import type { CodeLocation, LogEntry } from '../../src/model/entry.js';
import type { FileStats } from '../../src/model/file-stats.js';
import { CodeLocations } from '../../src/parse/code-locations.js';
import { MalformedChunkError, chunkBuffers, chunkFromBytes, chunkToBytes, decodeEntries, encodeEntries } from '../../src/parse/entry-codec.js';
import type { EncodedChunk } from '../../src/parse/entry-codec.js';
import { fileStatsFromJson, fileStatsToJson } from '../../src/parse/file-stats-json.js';
import { OPTIONS, ROOT, parseLines } from '../helpers.js';
import { expectSameEntries } from './same-entries.js';

function roundTrip(entries: readonly LogEntry[], locations = new CodeLocations()): LogEntry[] {
  return decodeEntries(encodeEntries(entries), locations);
}

function viaBytes(chunk: EncodedChunk): EncodedChunk {
  return chunkFromBytes(chunkToBytes(chunk));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return name === 'README.md' || name.endsWith('.json') ? [] : [path];
  });
}

async function parseFile(path: string, batch: number): Promise<{ batches: LogEntry[][]; stats: FileStats[] }> {
  const opened = openSource({ path, stdin: false, modified: new Date(Date.UTC(2026, 0, 31)) }, OPTIONS, { live: false, blocking: true, batch });
  const batches: LogEntry[][] = [];
  for await (const b of opened.batches) batches.push(b);
  return { batches, stats: opened.stats() };
}

const FIXTURE_FILES = filesUnder(join(ROOT, 'fixtures')).filter((f) => !f.endsWith('LICENSE-Apache-2.0'));

describe('entry codec on every fixture', () => {
  it.each(FIXTURE_FILES.map((f) => relative(ROOT, f)))('%s', async (file) => {
    const { batches, stats } = await parseFile(join(ROOT, file), 97);
    const locations = new CodeLocations();
    const decoded = batches.map((b) => decodeEntries(viaBytes(encodeEntries(b)), locations));
    expectSameEntries(decoded.flat(), batches.flat());
    // The same location decodes to one record, in every chunk.
    const byText = new Map<string, CodeLocation>();
    for (const e of decoded.flat()) {
      if (e.location === null) continue;
      const key = JSON.stringify(e.location);
      expect(byText.get(key) ?? e.location).toBe(e.location);
      byText.set(key, e.location);
    }
    for (const s of stats) expect(fileStatsFromJson(JSON.parse(JSON.stringify(fileStatsToJson(s))))).toStrictEqual(s);
  });
});

const BASE: LogEntry & { ident: string | null } = {
  time: 1_700_000_000_123.456, precision: 6, service: 'compute', host: 'cmp1', pid: 4242, level: 'INFO',
  logger: 'nova.compute.manager', globalRequestId: 'req-g', requestId: 'req-r', user: 'u', project: 'p',
  instance: 'inst', message: 'hello', location: null, continuation: [], file: '/x/n-cpu.log', line: 7,
  dialect: 'oslo', ident: null,
};

const EDGES: ReadonlyArray<readonly [string, Partial<LogEntry> & { ident?: string | null }]> = [
  ['a null time', { time: null }],
  ['a NaN time', { time: NaN }],
  ['a time of -0', { time: -0 }],
  ['a null pid', { pid: null }],
  ['a pid of -0', { pid: -0 }],
  ['a null level', { level: null }],
  ['every string null', { host: null, logger: null, globalRequestId: null, requestId: null, user: null, project: null, instance: null }],
  ['every string empty', { host: '', logger: '', globalRequestId: '', requestId: '', user: '', project: '', instance: '', message: '', file: '' }],
  ['non-ASCII text', { message: 'Größe überschritten: 日本語 🚀', continuation: ['  ⟶ naïve', ''], host: 'hôte' }],
  ['a lone high surrogate in the message', { message: 'before \uD83D after' }],
  ['a lone low surrogate in a continuation line', { continuation: ['ok', '\uDE80 lone', 'end'] }],
  ['a lone surrogate in a string field', { user: 'u\uD800' }],
  ['empty continuation lines', { continuation: ['', '', ''] }],
  ['a code location', { location: { func: 'f', file: '/a/b.py', line: 12 } }],
  ['a code location on line -0', { location: { func: 'f', file: '/a/b.py', line: -0 } }],
  ['an identifier', { ident: 'nova-compute' }],
];

describe('entry codec on edge cases', () => {
  it.each(EDGES)('%s', (_name, change) => {
    const entry = { ...BASE, ...change };
    const other = { ...BASE, message: 'next', line: 8 };
    expectSameEntries(roundTrip([entry, other]), [entry, other]);
    expectSameEntries(decodeEntries(viaBytes(encodeEntries([entry, other])), new CodeLocations()), [entry, other]);
  });

  it('keeps an entry without the parser identifier without one', () => {
    const { ident: _ident, ...bare } = BASE;
    const [decoded] = roundTrip([bare]);
    expect('ident' in (decoded as object)).toBe(false);
    expectSameEntries([decoded as LogEntry], [bare]);
  });

  it('gives an empty list of entries back empty', () => {
    expect(roundTrip([])).toEqual([]);
    expect(decodeEntries(viaBytes(encodeEntries([])), new CodeLocations())).toEqual([]);
  });

  it.each([
    ['UTF-8 text', [BASE, { ...BASE, message: 'é and 漢字', continuation: ['x', 'y'] }]],
    ['UTF-16 text (a lone surrogate)', [BASE, { ...BASE, message: 'lone \uD83D', user: 'u\uD800' }]],
    ['no entry', []],
  ] as const)('puts every section of a chunk of %s on one ArrayBuffer, each at a multiple of 8 bytes, none overlapping', (_name, entries) => {
    const chunk = encodeEntries(entries);
    // One buffer to transfer: postMessage pays for each transferred buffer on its own.
    expect(chunkBuffers(chunk)).toHaveLength(1);
    const sections = [chunk.meta, chunk.ints, chunk.times, chunk.pids, chunk.pieceEnds, chunk.text, chunk.stringEnds, chunk.strings, chunk.locations, chunk.locationLines];
    let end = 0;
    for (const section of sections) {
      expect(section.byteOffset % 8).toBe(0);
      expect(section.byteOffset).toBeGreaterThanOrEqual(end);
      end = section.byteOffset + section.byteLength;
    }
    expectSameEntries(decodeEntries(chunk, new CodeLocations()), entries);
    expectSameEntries(decodeEntries(viaBytes(chunk), new CodeLocations()), entries);
  });

  it("shares code locations with the reading's table, whoever made them first", () => {
    const locations = new CodeLocations();
    const [parsed] = parseLines(['2026-01-31 10:00:00.000 1 DEBUG nova.x [-] hi _run /opt/nova/x.py:42'], 'a.log').entries;
    const found = locations.find('hi _run /opt/nova/x.py:42', 2, 7, 'hi _run /opt/nova/x.py'.length, 42);
    expect(parsed?.location).toEqual(found);
    const one = roundTrip([parsed as LogEntry], locations);
    const two = roundTrip([parsed as LogEntry, parsed as LogEntry], locations);
    expect(one[0]?.location).toBe(found);
    expect(two[0]?.location).toBe(found);
    expect(two[1]?.location).toBe(found);
  });
});

describe("entry chunks' byte form", () => {
  const entries = [{ ...BASE, location: { func: 'f', file: '/a.py', line: 3 }, continuation: ['x', 'é'] }, { ...BASE, time: null, message: '\uD800' }];
  const bytes = chunkToBytes(encodeEntries(entries));

  it('reads back what it wrote', () => {
    expectSameEntries(decodeEntries(chunkFromBytes(bytes), new CodeLocations()), entries);
  });

  it('is the same bytes whether its sections lie on the encoder\'s one buffer or each on its own (read back)', () => {
    const chunk = encodeEntries(entries);
    const apart = chunkFromBytes(bytes);
    expect(apart.ints.buffer).not.toBe(apart.meta.buffer);
    expect([...chunkToBytes(apart)]).toEqual([...chunkToBytes(chunk)]);
    expect([...chunkToBytes(chunk)]).toEqual([...bytes]);
  });

  it('refuses every truncation', () => {
    for (let n = 0; n < bytes.length; n++) expect(() => chunkFromBytes(bytes.subarray(0, n))).toThrow(MalformedChunkError);
  });

  it('refuses bytes after its end', () => {
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(() => chunkFromBytes(longer)).toThrow(/after its last section/);
  });

  it.each([
    ['another magic', 0, 0x58, /does not start with NTEC/],
    ['another version', 4, 99, /format version 99/],
    ['another byte order', 8, 0xff, /other byte order/],
  ] as const)('refuses %s', (_name, at, value, message) => {
    const changed = bytes.slice();
    changed[at] = value;
    expect(() => chunkFromBytes(changed)).toThrow(message);
  });

  it('refuses numbers out of their bounds', () => {
    const chunk = encodeEntries(entries);
    const corrupt = (edit: (c: EncodedChunk) => void): Uint8Array => {
      const c = chunkFromBytes(chunkToBytes(chunk));
      edit(c);
      return chunkToBytes(c);
    };
    expect(() => chunkFromBytes(corrupt((c) => { c.ints[6] = 1000; }))).toThrow(/string is 1000/);
    expect(() => chunkFromBytes(corrupt((c) => { c.ints[2] = 9; }))).toThrow(/service is 9/);
    expect(() => chunkFromBytes(corrupt((c) => { c.pieceEnds[0] = 1 << 20; }))).toThrow(/text offsets/);
    expect(() => chunkFromBytes(corrupt((c) => { c.meta[0] = 3; }))).toThrow(/not 3/);
    expect(() => chunkFromBytes(corrupt((c) => { c.locations[0] = -1; }))).toThrow(/code location names string -1/);
    expect(() => decodeEntries(shortened(encodeEntries([BASE])), new CodeLocations())).toThrow(/decodes to 4 characters, not 5/);
  });
});

/** A chunk whose UTF-8 text (`hello`) has its first two bytes changed to one 2-byte character: one character fewer. */
function shortened(chunk: EncodedChunk): EncodedChunk {
  const c = chunkFromBytes(chunkToBytes(chunk));
  c.text[0] = 0xc3;
  c.text[1] = 0xa9;
  return c;
}

describe('file stats as JSON', () => {
  it('refuses a malformed record', () => {
    const good = fileStatsToJson(parseLines(['2026-01-31 10:00:00.000 1 INFO nova.x [-] hi'], 'a.log').stats);
    expect(fileStatsFromJson(JSON.parse(JSON.stringify(good)))).toBeTruthy();
    expect(() => fileStatsFromJson(null)).toThrow(/not an object/);
    expect(() => fileStatsFromJson({ ...good, lines: -1 })).toThrow(/lines is not a count/);
    expect(() => fileStatsFromJson({ ...good, dialects: ['klingon'] })).toThrow(/dialects/);
    expect(() => fileStatsFromJson({ ...good, start: 'x' })).toThrow(/start is not a time/);
    expect(() => fileStatsFromJson({ ...good, yearGuess: { year: 2020, from: 'moon' } })).toThrow(/yearGuess/);
  });
});
