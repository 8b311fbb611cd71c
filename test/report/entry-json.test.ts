// merge --json's formatter against the record it writes: safeJson(entryRecord(entry)) is the definition (the schema
// of docs/json.md), the formatter writes the same text's UTF-8 bytes field by field and keeps the texts entries
// repeat; on hand-made edge cases and on every fixture's entries, as parsed and as decoded from a worker's chunk.

import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/model/entry.js';
import type { LogEntry } from '../../src/model/entry.js';
import { EntryJson, entryRecord } from '../../src/report/entry-json.js';
import { safeJson } from '../../src/format/escape.js';
import { openSource } from '../../src/io/read-source.js';
import { CodeLocations } from '../../src/parse/code-locations.js';
import { chunkFromBytes, chunkToBytes, decodeEntries, encodeEntries } from '../../src/parse/entry-codec.js';
import { OPTIONS, ROOT } from '../helpers.js';

const T = Date.UTC(2016, 5, 28, 13, 56, 12, 345);

function entry(more: Partial<LogEntry> = {}): LogEntry {
  return {
    time: T, precision: 3, service: 'compute', host: 'cmp1.example.org', pid: 4242, level: 'INFO', logger: 'nova.compute.manager',
    globalRequestId: null, requestId: 'req-11111111-2222-3333-4444-555555555555', user: 'demo', project: 'admin',
    instance: '0f4e5c2a-1b2c-4d5e-8f90-123456789abc', message: 'Took 3.2 seconds to spawn the instance on the hypervisor.',
    location: { func: '_build_and_run_instance', file: '/opt/stack/nova/nova/compute/manager.py', line: 2200 },
    continuation: [], file: '/logs/n-cpu.log', line: 17, dialect: 'oslo', ...more,
  };
}

/** Text a terminal or a JSON reader must see escaped, one case each. */
const AWKWARD: readonly (readonly [string, string])[] = [
  ['a quote', 'said "no"'],
  ['a backslash', 'C:\\path\\to'],
  ['a tab and a newline', 'a\tb\nc'],
  ['ESC (a colour)', '\u001b[31mred\u001b[0m'],
  ['NUL and BEL', 'a\u0000b\u0007c'],
  ['DEL and C1', 'a\u007fb\u0085c\u009bd'],
  ['a bidirectional override', 'user=admin\u202eevil'],
  ['zero-width and BOM', 'a\u200bb\ufeffc\u2028d'],
  ['a lone high surrogate', 'a\ud800b'],
  ['a lone low surrogate', 'a\udc00b'],
  ['a surrogate pair', 'ok 😀 done'],
  ['accents and CJK', "l'istanza è già in uso; 実行中"],
  ['nothing', ''],
  ['Latin-1 letters (one byte each in a string, two in UTF-8)', 'café \u00ff\u00a0x'],
  ['the first C1 character', 'a\u0080b'],
  ['the last printable ASCII character and DEL', '~\u007f~'],
  ['DEL alone', '\u007f'],
  ['only quotes and backslashes', '"\\"\\\\""'],
  ['a quote and an accent', 'said "é"'],
  ['a quote and a control character', 'said "a\u0001b"'],
  ['a quote far into a long text', `${'x'.repeat(100_000)}"`],
  ['an accent far into a long text', `${'x'.repeat(100_000)}é`],
  ['every printable ASCII character', Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')],
];

const CASES: readonly (readonly [string, LogEntry])[] = [
  ['a plain entry', entry()],
  ['no time (message-only)', entry({ time: null, precision: 0, dialect: 'message-only', level: null, logger: null })],
  ['whole seconds', entry({ time: Date.UTC(2016, 5, 28, 13, 56, 12), precision: 0 })],
  ['microseconds', entry({ time: T + 0.678, precision: 6 })],
  ['microseconds that round up', entry({ time: T + 0.9996, precision: 6 })],
  ['a fraction at precision 3', entry({ time: T + 0.5, precision: 3 })],
  ['the first second of the epoch', entry({ time: 999 })],
  ['a second after the epoch', entry({ time: 1000 })],
  ['before the epoch', entry({ time: -1500 })],
  ['beyond 1e15 ms', entry({ time: 1e15 + 1234 })],
  ['a year past 9999 (a longer date)', entry({ time: Date.UTC(10_000, 0, 1, 0, 0, 1, 234) })],
  ['the last second with nine digits', entry({ time: 999_999_999_987 })],
  ['the first second with ten digits', entry({ time: 1_000_000_000_012 })],
  ['no pid, no host', entry({ pid: null, host: null })],
  ['no level, a logger', entry({ level: null })],
  ['a level, no logger', entry({ logger: null })],
  ['every ID', entry({ globalRequestId: 'req-aaaaaaaa-2222-3333-4444-555555555555' })],
  ['no IDs and no people', entry({ requestId: null, user: null, project: null, instance: null })],
  ['only an instance', entry({ user: null, project: null })],
  ['no location', entry({ location: null })],
  ['continuation lines', entry({ continuation: ['Traceback (most recent call last):', '  File "x.py", line 1', 'Error: \u001b[1mboom\\'] })],
  ['a file name to escape', entry({ file: '/logs/"odd"\\n-cpu\u202e.log' })],
  ['a pid and a line of 0', entry({ pid: 0, line: 0 })],
  ['a pid of -0', entry({ pid: -0 })],
  ['a negative pid', entry({ pid: -12 })],
  ['a fractional pid', entry({ pid: 1.5 })],
  ['the largest safe integer', entry({ pid: Number.MAX_SAFE_INTEGER, line: Number.MAX_SAFE_INTEGER })],
  ['numbers past the safe integers', entry({ pid: 2 ** 60, line: 1e21 })],
  ['one-digit and ten-digit numbers', entry({ pid: 7, line: 1_234_567_890 })],
  ['an epoch millisecond ending in zeros', entry({ time: Date.UTC(2016, 5, 28, 13, 56, 12, 5) })],
  ...DIALECTS.map((dialect) => [`dialect ${dialect}`, entry({ dialect })] as const),
  ...AWKWARD.flatMap(([name, text]) => [
    [`${name} in the message`, entry({ message: text })] as const,
    [`${name} in the logger`, entry({ logger: text })] as const,
    [`${name} in the host`, entry({ host: text })] as const,
    [`${name} in the request ID`, entry({ requestId: text, globalRequestId: text })] as const,
    [`${name} in the user, project and instance`, entry({ user: text, project: text, instance: text })] as const,
    [`${name} in a continuation line`, entry({ continuation: ['first', text] })] as const,
    [`${name} in the code location`, entry({ location: { func: text, file: text, line: 1 } })] as const,
  ]),
];

const expected = (e: LogEntry): string => safeJson(entryRecord(e));

/**
 * An entry written by EntryJson at an offset into a buffer of exactly the room measure() asked for, filled with a
 * mark: the bytes it wrote, after checking it wrote nothing before its offset and ended within the room.
 */
function written(json: EntryJson, e: LogEntry, at = 5): Buffer {
  const room = json.measure(e);
  const into = Buffer.alloc(at + room, 0xff);
  const end = json.write(into, at);
  expect(end).toBeLessThanOrEqual(at + room);
  expect(into.subarray(0, at).every((b) => b === 0xff)).toBe(true);
  return into.subarray(at, end);
}

/** One EntryJson's lines as text, an entry after the other, each written as written() writes it. */
function entryJsonFormatter(): (e: LogEntry) => string {
  const json = new EntryJson();
  return (e) => written(json, e).toString('utf8');
}

describe('entryJsonFormatter', () => {
  it.each(CASES)('%s: the text of safeJson(entryRecord(entry))', (_name, e) => {
    expect(entryJsonFormatter()(e)).toBe(expected(e));
  });

  it('gives each entry its own text when one formatter writes them all, in either order (its kept texts are keyed right)', () => {
    const entries = CASES.map(([, e]) => e);
    for (const order of [entries, [...entries].reverse()]) {
      const format = entryJsonFormatter();
      for (const e of order) expect(format(e)).toBe(expected(e));
    }
  });

  it('writes a number JSON cannot carry as null, as JSON.stringify does', () => {
    const e = entry({ pid: Number.NaN, line: Number.POSITIVE_INFINITY });
    expect(entryJsonFormatter()(e)).toBe(expected(e));
  });

  it('stays right past the bound of its kept texts (more distinct loggers, hosts and files than it keeps)', () => {
    const format = entryJsonFormatter();
    for (let i = 0; i < 5000; i++) {
      const e = entry({ logger: `nova.logger${i % 4500}`, host: `cmp${i}`, file: `/logs/${i % 4100}.log`, time: T + i * 7 });
      expect(format(e)).toBe(expected(e));
    }
  });
});

describe('EntryJson', () => {
  it.each(CASES)('%s: the UTF-8 bytes of safeJson(entryRecord(entry)), within the room it measured', (_name, e) => {
    expect(written(new EntryJson(), e).toString('utf8')).toBe(expected(e));
    expect(written(new EntryJson(), e).equals(Buffer.from(expected(e)))).toBe(true);
  });

  it('stays right past the bound of its kept texts for the IDs, users, projects and instances', () => {
    const json = new EntryJson();
    for (let i = 0; i < 9000; i++) {
      const e = entry({
        requestId: `req-${i}`, globalRequestId: i % 3 === 0 ? null : `req-g${i % 5000}`, user: `u${i % 4500}`, project: i % 7 === 0 ? null : `p${i % 4200}`,
        instance: i % 2 === 0 ? null : `inst-${i}"`, time: T + i * 7,
      });
      expect(written(json, e).toString('utf8')).toBe(expected(e));
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return name === 'README.md' || name.endsWith('.json') || name.startsWith('LICENSE') ? [] : [path];
  });
}

async function parseFile(path: string): Promise<LogEntry[][]> {
  const opened = openSource({ path, stdin: false, modified: new Date(Date.UTC(2026, 0, 31)) }, OPTIONS, { live: false, blocking: true, batch: 97 });
  const batches: LogEntry[][] = [];
  for await (const b of opened.batches) batches.push(b);
  return batches;
}

describe('EntryJson on every fixture', () => {
  const files = filesUnder(join(ROOT, 'fixtures')).map((f) => relative(ROOT, f));

  it.each(files)('%s: as parsed and as decoded from a chunk, the bytes of safeJson(entryRecord(entry))', async (file) => {
    const batches = await parseFile(join(ROOT, file));
    const locations = new CodeLocations();
    // A worker's entries: strings cut from each chunk's text, as merge reads a large file.
    const decoded = batches.map((b) => decodeEntries(chunkFromBytes(chunkToBytes(encodeEntries(b))), locations));
    for (const entries of [batches.flat(), decoded.flat()]) {
      const json = new EntryJson();
      const format = entryJsonFormatter();
      for (const e of entries) {
        const want = expected(e);
        expect(written(json, e).toString('utf8')).toBe(want);
        expect(format(e)).toBe(want);
      }
    }
  });
});
