// Counting from bytes (io/count-lines.ts, parse/oslo-bytes.ts) counts exactly what full parsing of the lines' text
// counts: every dialect's fixture and real files of each kind, read in chunks of many sizes (lines and characters
// split between reads), and the edge cases of the line splitter and of the parser's first tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { BLANK, CountLines, NOT_NOISE, XTRACE_LINE, noiseOf, startsEntry } from '../../src/io/count-lines.js';
import { LineSplitter } from '../../src/io/line-splitter.js';
import type { FileStats } from '../../src/model/file-stats.js';
import { DEFAULT_MAX_LINE, EntryParser } from '../../src/parse/entry-parser.js';
import type { ParseOptions } from '../../src/parse/entry-parser.js';
import { HAS_REALDATA, OPTIONS, REALDATA, ROOT } from '../helpers.js';
import { comparable } from './whole-stats.js';

if (!HAS_REALDATA) console.warn(`count-lines tests on real files skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);

const MODIFIED = new Date(Date.UTC(2026, 0, 31));

/** Full parsing (not counting) of the lines the line splitter makes of `bytes`: the reference. */
export function parsedStats(path: string, bytes: Buffer, options: ParseOptions = OPTIONS): FileStats {
  const parser = new EntryParser(path, MODIFIED, { ...options, countOnly: false }, () => undefined);
  const splitter = new LineSplitter({ maxLine: options.maxLine ?? DEFAULT_MAX_LINE });
  splitter.push(bytes);
  splitter.end();
  for (let line = splitter.next(); line !== null; line = splitter.next()) parser.push(line, splitter.cutBytes);
  parser.flush();
  return parser.stats;
}

/**
 * Counting from bytes, handed over `chunk` bytes at a time in one buffer overwritten after each push (as the
 * readers do); with how many lines reached the parser as text.
 */
export function countedStats(path: string, bytes: Buffer, chunk: number, options: ParseOptions = OPTIONS): { stats: FileStats; texts: number } {
  const parser = new EntryParser(path, MODIFIED, { ...options, countOnly: true }, () => undefined);
  let texts = 0;
  const push = parser.push.bind(parser);
  parser.push = (line, cutBytes) => {
    texts++;
    push(line, cutBytes);
  };
  const lines = new CountLines(parser, { ...options, countOnly: true });
  const buffer = Buffer.alloc(chunk);
  for (let at = 0; at < bytes.length; at += chunk) {
    const n = bytes.copy(buffer, 0, at, at + chunk);
    lines.push(buffer.subarray(0, n));
    buffer.fill(0x5d /* ] */);
  }
  lines.end();
  parser.flush();
  return { stats: parser.stats, texts };
}

const T = '2026-11-22 02:40:05.123';
const REQ = '[req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - -]';
const EDGES: readonly (readonly [string, string])[] = [
  ['CRLF and a double \\r', `${T} 1 INFO nova.compute.manager ${REQ} a\r\n${T} 1 INFO nova.compute.manager [-]\r\r\n${T} 1 INFO nova.x\r\n`],
  ['colours', `\u001b[00;32m${T} 1 DEBUG nova.compute.manager [\u001b[01;36mreq-1 u p\u001b[00;32m] x\u001b[00m\n${T} 1 INFO nova.y [-] y\n`],
  ['a last line without \\n, and a last \\r', `${T} 1 INFO nova.compute.manager [-] a\n${T} 2 INFO nova.api [-] b`],
  ['only a \\r at the end', `${T} 1 INFO nova.compute.manager [-] a\n\r`],
  ['non-ASCII in the message and the bracket', `${T} 1 INFO nova.compute.manager [req-1 üser p] é\n${T} 1 INFO nova.a [x ü req-2] y\n`],
  ['non-ASCII in the stamp', `2026-11\u00e922 02:40:05.123 1 INFO nova.compute.manager [-] a\n2026-11-22\u00e902:40:05 1 INFO nova.b [-] b\n`],
  ['loggers that are none', `${T} 1 INFO .nova [-] a\n${T} 1 INFO nova/x [-] b\n${T} 1 INFO  [-] c\n${T} 1 INFO -x\n${T} 1 INFO x-.y_z9 [-] d\n`],
  ['an empty logger first (parseBody remembers none yet)', `${T} 1 INFO  [-] a\n${T} 1 INFO nova.a [-] b\n${T} 1 INFO  [-] c\n`],
  ['levels, and words that are none', `${T} 1 AUDIT nova.a [-] a\n${T} 1 CRITICAL nova.a [-] b\n${T} 1 WARN nova.a [-] c\n${T} 1 DEBUGX nova.a [-] d\n${T} 1 INFO\n${T} 1 TRACE nova.a x\n`],
  ['stamps: T, comma, no fraction, 9 and 10 digits, no pid, a bad minute, year 0001', `2026-11-22T02:40:05.123 1 INFO nova.a [-] a\n2026-11-22 02:40:05,123456 INFO nova.a [-] b\n2026-11-22 02:40:05 7 INFO nova.a [-] c\n2026-11-22 02:40:05.123456789 1 INFO nova.a [-] d\n2026-11-22 02:40:05.1234567890 1 INFO nova.a [-] e\n2026-11-22 02:61:05.1 1 INFO nova.a [-] f\n0001-01-01 00:00:00.000 1 INFO nova.a [-] g\n2026-11-22 02:40:61.1 1 INFO nova.a [-] h\n2026-11-22 02:40:05. 1 INFO nova.a [-] i\n`],
  // An ERROR line without a context bracket folds into the ERROR entry before it: each bracket's reading shows.
  ['context brackets', ['[ - ] a', '[-x] b', '[None] c', '[instance: 1] d', '[a b req-1] e', '[a b] req-1] f', '[req-1', '[', '', '[-]', '[ -]', '[\u00e9 req-1]', '[None', '[x]', '[\t- ]', '[\u00a0-]', '[-\u00a0]', '[\u3000req-1]']
    .map((bracket) => `${T} 1 ERROR nova.a [-] first\n${T} 1 ERROR nova.a ${bracket}\n`).join('')],
  ['tracebacks fold, interleaved processes', `${T} 1 ERROR nova.compute.manager ${REQ} Failed\n${T} 1 ERROR nova.compute.manager Traceback (most recent call last):\n${T} 2 INFO nova.compute.manager ${REQ} other\n${T} 1 ERROR nova.compute.manager   File "x.py", line 1\n${T} 1 TRACE nova.compute.manager x\n`],
  ['continuation lines and what looks like a start', `${T} 1 INFO nova.virt.libvirt.driver [-] xml\n  <disk type="file">\n</disk>\n _get_guest_xml /a/b.py:1\n\tx.log 2026\n\t\ta.log ${T} 1 INFO nova.a [-] x\n2026-11-22 not a stamp\nJun 28 13:54:07 x\n{"a": 1}\nNova.log ${T} 1 INFO nova.a [-] x\nabc.log ${T} 1 INFO nova.a [-] src\n+ functions-common:_run_process:1440       :   [[ -n libvirtd ]]\n+x\n   \n\t\n\n \u00a0\n`],
  // The first space is in the colour code: stripped, the line's first word names a file (source-column).
  ['a colour code in the first word', `${T} 1 INFO nova.a [-] a\nxx\u001b[ @foo.log ${T} 1 INFO nova.b [-] b\n`],
  ['unparsed lines before any entry', `</disk>\n<a b>\n~x\n${T} 1 INFO nova.a [-] a\n`],
  ['the resource tracker names the host', `${T} 1 DEBUG nova.compute.resource_tracker [-] Auditing locally available compute resources for node1 (node: n)\n${T} 1 INFO nova.compute.resource_tracker [-] Compute_service record updated for node1:node1\n${T} 1 INFO nova.compute.resource_tracker [-] x\n`],
  ['xtrace preambles and lines like them', ['+ functions-common:_run_process:1440       :   [[ -n libvirtd ]]', '+++ a/b.c:d-e.f_9:12 :', '+ a:b:1:', '+ a:b:1  ',
    '+  a:b:1 :', '+ a b:c:1 :', '+ :b:1 :', '+ a::1 :', '+ a:b: :', '+ a:b/c:1 :', '+ a:b:1x :', '+ é:b:1 :', '+ a:b:1 :\r', '+ a:b:1 :\r\r', '+', '+ ',
    '+\ta:b:1 :', '+ a:b:1\t:', 'x+ a:b:1 :', ' + a:b:1 :'].map((line) => `${T} 1 INFO nova.a [-] a\n${line}\n`).join('')],
  ['blank lines, before and after an entry', ['', ' ', '\t', ' \t  ', '\r', ' \r', '\v', '\f', ' \f', '\u00a0', '\u3000', '\u2028', '\ufeff', '\u0085']
    .map((line) => `${line}\n${T} 1 INFO nova.a [-] a\n${line}\n  more\n`).join('')],
  ['journald, JSON and source-column lines after oslo ones', `${T} 1 INFO nova.a [-] a\nNov 22 02:40:06 host1 nova-compute[1]: INFO nova.compute.manager [-] j\n{"@timestamp": "2026-11-22T02:40:07.000Z", "levelname": "INFO", "name": "nova.a", "message": "m", "process": 3}\nn-cpu.log ${T} 1 INFO nova.a [-] s\n${T} 1 INFO nova.a [-] a\n`],
];

describe('counting from bytes counts as full parsing of the text', () => {
  it.each(EDGES)('%s', (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const expected = comparable(parsedStats('screen-n-cpu.txt', bytes));
    for (const chunk of [1, 2, 3, 7, 64, 4096]) expect(comparable(countedStats('screen-n-cpu.txt', bytes, chunk).stats), `chunks of ${chunk}`).toEqual(expected);
  });

  // Loggers are kept per thread, bounded by keys and by loggers a key (the key: a length and three bytes).
  it('reads loggers past the bound of those kept, and many under one key, as full parsing does', () => {
    const loggers = [...Array.from({ length: 5000 }, (_, k) => `nova.l${k}`), ...Array.from({ length: 40 }, (_, k) => `nova.a${String.fromCharCode(k < 26 ? 65 + k : 71 + k)}.zz`)];
    // An ERROR line without a context folds into the ERROR entry before it when their loggers are the same.
    const all = [...loggers, ...loggers.slice(4990)];
    const text = all.map((logger, k) => `${T} 1 ERROR ${logger} [-] m\n${T} 1 ERROR ${k % 2 ? logger : all[(k + 1) % all.length]} x\n`).join('');
    const bytes = Buffer.from(text, 'utf8');
    const expected = parsedStats('x.log', bytes);
    expect(expected.continuations).toBe(all.length / 2);
    for (const chunk of [4096, bytes.length]) expect(comparable(countedStats('x.log', bytes, chunk).stats), `chunks of ${chunk}`).toEqual(comparable(expected));
  });

  it('cuts lines longer than --max-line as the line splitter does, within a read and across reads', () => {
    const long = (n: number): string => `${T} 1 INFO nova.a [-] ${'é'.repeat(n)}`;
    const text = `${long(10)}\n${long(300)}\r\n${long(40)}\n${long(200_000)}\n${T} 1 INFO nova.b [-] b\n${long(5000)}`;
    const bytes = Buffer.from(text, 'utf8');
    for (const maxLine of [100, 101, 4096, 100_000, DEFAULT_MAX_LINE]) {
      const options = { ...OPTIONS, maxLine };
      const expected = comparable(parsedStats('n-cpu.log', bytes, options));
      for (const chunk of [5, 99, 4096, 1 << 16, bytes.length]) {
        expect(comparable(countedStats('n-cpu.log', bytes, chunk, options).stats), `max ${maxLine}, chunks of ${chunk}`).toEqual(expected);
      }
    }
  });

  it.each(fg.sync('fixtures/dialects/*', { cwd: ROOT }).sort())('%s', (file) => {
    const bytes = readFileSync(join(ROOT, file));
    const expected = comparable(parsedStats(file, bytes));
    for (const chunk of [1, 13, 4096, 1 << 16]) expect(comparable(countedStats(file, bytes, chunk).stats), `chunks of ${chunk}`).toEqual(expected);
  });

  it('makes no string for the lines of a devstack screen log, its xtrace preamble included', () => {
    const bytes = readFileSync(join(ROOT, 'fixtures/dialects/kilo-mitaka-screen-n-sch.txt'));
    const { stats, texts } = countedStats('screen-n-sch.txt', bytes, 1 << 16);
    expect(stats.entries).toBeGreaterThan(10);
    expect(stats.noise).toBeGreaterThan(0);
    expect(texts).toBe(0);
  });

  // Random lines of the bytes the noise tests look at, each after an entry and before a line that may continue it.
  it('tells noise from its bytes as push() tells it from the text, on random lines', () => {
    const alphabet = ['+', '+', ' ', ' ', ':', ':', 'a', '1', '.', '/', '-', '_', '\t', '\u00e9', '\r', '\v', 'x'];
    let seed = 22;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const lines = Array.from({ length: 3000 }, () => {
      const length = next(16);
      let line = next(3) === 0 ? '+ ' : '';
      for (let k = 0; k < length; k++) line += alphabet[next(alphabet.length)] as string;
      return line;
    });
    const bytes = Buffer.from(lines.map((line) => `${T} 1 INFO nova.a [-] a\n${line}\n  b\n`).join(''), 'utf8');
    const expected = parsedStats('screen-n-cpu.txt', bytes);
    expect(expected.noise).toBeGreaterThan(300);
    for (const chunk of [7, 4096]) expect(comparable(countedStats('screen-n-cpu.txt', bytes, chunk).stats), `chunks of ${chunk}`).toEqual(comparable(expected));
  });

  it.each([
    ['+ functions-common:_run_process:1440       :   [[ -n \'\' ]]', XTRACE_LINE],
    ['++ stack.sh:main:12 : x', XTRACE_LINE],
    ['+ a:b:1 :', XTRACE_LINE],
    ['', BLANK],
    [' \t ', BLANK],
    ['+ a:b:1', NOT_NOISE],
    ['+ a:b:c :', NOT_NOISE],
    ['\v', NOT_NOISE],
    ['a', NOT_NOISE],
  ] as const)('tells %j from its bytes', (line, kind) => {
    const b = Buffer.from(`>${line}<`);
    expect(noiseOf(b, 1, b.length - 1)).toBe(kind);
  });

  it('tells the lines no dialect reads by their first bytes', () => {
    const starts = (text: string): boolean => startsEntry(Buffer.from(text), 0, Buffer.byteLength(text));
    const none = ['</disk>', '  <disk a="b">', ' _x /a.py:1', '\tabc def', '~', 'ab.', 'abc def.log'];
    expect(none.filter(starts)).toEqual([]);
    const maybe = ['', '   ', '1', 'A', '{', '+ x', ' ', '\u00e9', '\u0001', 'abcd.log x', '\tab.log x', '  INFO nova.a x'];
    expect(maybe.filter((t) => !starts(t))).toEqual([]);
  });
});

describe("the resource tracker's lines that may name the host, read from their bytes", () => {
  const UUID = '0c7c6d3e-5b1a-4c5e-9f0e-1a2b3c4d5e6f';
  // [level, what follows the logger, whether the bytes tell]: only a DEBUG message that begins as a host line is not.
  const LINES: readonly (readonly [string, string, boolean])[] = [
    ['INFO', `${REQ} Compute_service record updated for d-p-c-local-01-19:d-p-c-local-01-19`, true],
    ['INFO', `${REQ} Auditing locally available compute resources for node d-p-c-local-01-19`, true],
    ['INFO', `${REQ} Auditing locally available compute resources for host1 (node: n1)`, true],
    ['INFO', '[-] Compute_service record updated for h.-_9', true],
    ['INFO', '[-] Compute_service record updated for h1 x', true],
    ['INFO', '[-] Compute_service record updated for h\u00e9:x', true],
    ['INFO', '[-] Compute_service record updated for :x', true],
    ['INFO', '[-] Compute_service record updated for', true],
    ['INFO', '[-] Compute_service record updated forh1:x', true],
    ['INFO', '[-]Compute_service record updated for h2:x', true],
    ['INFO', '[-]  Compute_service record updated for h3:x', true],
    ['INFO', `[-] [instance: ${UUID}] Compute_service record updated for h4:x`, true],
    ['INFO', `[instance: ${UUID}] Compute_service record updated for h5:x`, true],
    ['INFO', `[instance: ${UUID.toUpperCase()}]Compute_service record updated for h6:x`, true],
    ['INFO', `[instance: ${UUID.slice(1)}] Compute_service record updated for h7:x`, true],
    ['INFO', '[instance: x] Compute_service record updated for h8:x', true],
    ['INFO', '[x] Compute_service record updated for h9:x', true],
    ['INFO', '[-]', true],
    ['INFO', '', true],
    ['INFO', 'Compute_service record updated for h10:x', true],
    ['WARNING', `${REQ} No compute node record for d-p-c-local-01-19:d-p-c-local-01-19`, true],
    ['DEBUG', `${REQ} Hypervisor: free VCPUs: 8 _report_hypervisor_resource_view /opt/stack/new/nova/nova/compute/resource_tracker.py:611`, true],
    ['DEBUG', '[-] Compute_service record updated for h11 _update /a/b.py:12', false],
    ['DEBUG', '[-] Compute_service record updated for h12:x', false],
    ['ERROR', '[-] Compute_service record updated for h13:x', true],
  ];

  it.each(LINES)('%s %s', (level, rest, fromBytes) => {
    const line = `${T} 1 ${level} nova.compute.resource_tracker ${rest}`;
    // After an ERROR entry of the same logger (a line without a context folds into it), and alone.
    for (const text of [`${T} 1 INFO nova.a [-] a\n${line}\n${T} 1 INFO nova.compute.resource_tracker [-] b\n`,
      `${T} 1 ERROR nova.compute.resource_tracker [-] a\n${line}\r\n`]) {
      const bytes = Buffer.from(text, 'utf8');
      const expected = comparable(parsedStats('screen-n-cpu.txt', bytes));
      for (const chunk of [5, 4096]) {
        const { stats, texts } = countedStats('screen-n-cpu.txt', bytes, chunk);
        expect(comparable(stats), `chunks of ${chunk}`).toEqual(expected);
        if (chunk === 4096) expect(texts).toBe(fromBytes ? 0 : 1);
      }
    }
  });

  it('the host the first such line names (as a host line says it)', () => {
    const bytes = Buffer.from(LINES.map(([level, rest]) => `${T} 1 ${level} nova.compute.resource_tracker ${rest}\n`).join(''), 'utf8');
    const { stats, texts } = countedStats('screen-n-cpu.txt', bytes, 4096);
    expect([...stats.hosts]).toEqual(['d-p-c-local-01-19']);
    expect(texts).toBe(0);
    expect(comparable(stats)).toEqual(comparable(parsedStats('screen-n-cpu.txt', bytes)));
  });
});

describe.skipIf(!HAS_REALDATA)('counting from bytes on real files of each kind', () => {
  // oslo file format (zed), devstack screen (gz), journald short, os-log-merger, oslo with source column.
  const files = [
    'zed-rig/01-boot/n-cpu-compute1.log', 'zed-rig/19-storm/n-api.log', 'devstack-ci-mitaka/screen-n-cpu.txt.gz',
    'devstack-ci-mitaka/screen-n-api.txt.gz', 'devstack-journal-2023/n-cpu.log', 'devstack-journal-2023/c-vol.log',
    ...fg.sync('live-migration-juno/logs/*/**/*.log', { cwd: REALDATA }).sort().slice(0, 2),
  ];

  it.each(files)('%s', (file) => {
    const raw = readFileSync(join(REALDATA, file));
    const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
    const whole = parsedStats(file, bytes);
    expect(whole.entries).toBeGreaterThan(0);
    const expected = comparable(whole);
    for (const chunk of [1000, 1 << 15]) expect(comparable(countedStats(file, bytes, chunk).stats), `chunks of ${chunk}`).toEqual(expected);
  });

  it("reads every line of a devstack job's nova-compute log from its bytes: xtrace preamble, blank lines, resource tracker", () => {
    const bytes = gunzipSync(readFileSync(join(REALDATA, 'devstack-ci-mitaka/screen-n-cpu.txt.gz')));
    const { stats, texts } = countedStats('screen-n-cpu.txt', bytes, 1 << 15);
    expect(stats.noise).toBeGreaterThan(4);
    expect(stats.hosts.size).toBe(1);
    expect(texts).toBe(0);
  });
});
