// Issue 19, input hardening: inputs that once hung, ran in quadratic time, or dropped a whole file. Each case runs
// the built CLI under a kill timeout shorter than the test's, so a hang fails the test instead of holding CI.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-hardening-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The child is killed after this long: well inside the test's own timeout. */
const KILL_AFTER_MS = 8_000;
const TEST_TIMEOUT_MS = 10_000;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns `command` (the CLI unless given) with stdin from `input` (a Buffer, or nothing: closed at once). */
function run(args: readonly string[], input?: Buffer, command: readonly string[] = [process.execPath, CLI]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] as string, [...command.slice(1), ...args], {
      cwd: ROOT,
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', CI: '1', GITHUB_ACTIONS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: KILL_AFTER_MS,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    // A child that does not read all of its stdin (an early error) must not fail the test with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

interface StatsFile {
  readonly path: string;
  readonly lines: number;
  readonly entries: number;
  readonly unparsed: number;
  readonly cut: number;
  readonly cutSamples: readonly { line: number; bytes: number }[];
}
interface StatsReport {
  readonly files: readonly StatsFile[];
  readonly warnings: readonly string[];
}

function statsOf(r: Run): StatsReport {
  expect(r.signal, `killed: ${r.stderr}`).toBeNull();
  return JSON.parse(r.stdout) as StatsReport;
}

const API = readFileSync(join(ROOT, 'fixtures/zed-boot/n-api.log'));
const COND = readFileSync(join(ROOT, 'fixtures/zed-boot/n-cond.log'));
const CONDUCTOR = 'fixtures/zed-boot/n-cond.log';
const OTHERS = ['fixtures/zed-boot/n-cond.log', 'fixtures/zed-boot/n-cpu-compute1.log', 'fixtures/zed-boot/n-cpu-compute2.log', 'fixtures/zed-boot/n-sch.log'];
const COND_LINES = 32;
const HEAD = '2026-11-22 02:40:05.123 20764 DEBUG nova.compute.manager [-] ';

/** `bytes` bytes of one line (a real line's prefix, then 'x'), without its newline. */
function longLine(bytes: number): Buffer {
  const line = Buffer.alloc(bytes, 'x');
  line.write(HEAD);
  return line;
}

/** The conductor's 32 real lines with a `bytes`-long line after the 16th: 33 lines, the long one line 17. */
function aroundLongLine(bytes: number): Buffer {
  const text = COND.toString('utf8');
  let cut = 0;
  for (let k = 0; k < 16; k++) cut = text.indexOf('\n', cut) + 1;
  return Buffer.concat([COND.subarray(0, cut), longLine(bytes), Buffer.from('\n'), COND.subarray(cut)]);
}

function mkfifo(path: string): void {
  const r = spawnSync('mkfifo', [path]);
  if (r.status !== 0) throw new Error(`mkfifo ${path}: ${r.stderr.toString()}`);
}

/** Writes `bytes` into the FIFO at `path` from a child process (a writer of its own, as a shell's would be). */
function feedFifo(path: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const writer = spawn('sh', ['-c', 'cat > "$1"', 'sh', path], { stdio: ['pipe', 'ignore', 'inherit'], timeout: KILL_AFTER_MS, killSignal: 'SIGKILL' });
    writer.on('error', reject);
    writer.on('close', () => resolve());
    writer.stdin.on('error', () => undefined);
    writer.stdin.end(bytes);
  });
}

describe('compressed and piped input is decompressed in linear time and bounded memory', () => {
  // 256 MB of NUL bytes in 250 KB of gzip (16 members of 16 MB each, as `cat a.gz b.gz` makes, so that the test
  // need not hold 256 MB): one line with no newline, cut at --max-line, its whole length counted.
  const NULS = 256 * 1024 * 1024;
  const member = gzipSync(Buffer.alloc(NULS / 16), { level: 9 });
  const bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
  const bombFile = join(tmp, 'bomb.log.gz');
  writeFileSync(bombFile, bomb);

  it.each([
    ['a .gz file', [bombFile], undefined],
    ['stdin', ['-'], bomb],
  ])('a gzip bomb of 256 MB of NULs is read to its end and its one line cut and counted: %s', async (_, paths, input) => {
    const r = await run(['stats', '--json', ...paths], input);
    expect(r.code).toBe(0);
    const file = statsOf(r).files[0];
    expect(file).toMatchObject({ lines: 1, entries: 0, unparsed: 1, cut: 1, cutSamples: [{ line: 1, bytes: NULS }] });
  }, TEST_TIMEOUT_MS);

  it('a 64 MB line between two real lines, gzipped on stdin: three lines, the long one cut and counted', async () => {
    const content = Buffer.concat([COND.subarray(0, COND.indexOf('\n') + 1), longLine(64 * 1024 * 1024), Buffer.from('\n'), COND.subarray(COND.indexOf('\n') + 1)]);
    const r = await run(['stats', '--json', '-'], gzipSync(content, { level: 1 }));
    expect(r.code).toBe(0);
    expect(statsOf(r).files[0]).toMatchObject({ lines: COND_LINES + 1, entries: COND_LINES + 1, unparsed: 0, cut: 1, cutSamples: [{ line: 2, bytes: 64 * 1024 * 1024 }] });
  }, TEST_TIMEOUT_MS);
});

describe('a .gz that breaks off is read up to the break, beside good files', () => {
  // Stored blocks (level 0) so that the break falls inside the API log's text, not at a block's edge.
  const whole = gzipSync(API, { level: 0 });
  const cutAt = Math.floor(whole.length * 0.6);
  const truncated = whole.subarray(0, cutAt);
  const broken = join(tmp, 'n-api.log.gz');
  writeFileSync(broken, truncated);
  // What is readable of it, decompressed by zlib itself without asking for the end: a partial last line is a line.
  const readable = gunzipSync(truncated, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  const readableLines = readable.split('\n').length - (readable.endsWith('\n') ? 1 : 0);
  const warning = `novatrace: warning: ${broken}: the gzip data breaks off at compressed byte ${cutAt.toLocaleString('en-US')} `
    + `(unexpected end of file): read the ${readableLines.toLocaleString('en-US')} lines before it\n`;

  it('stats counts its readable lines and warns once, with the compressed offset', async () => {
    expect(readableLines).toBeGreaterThan(10);
    const r = await run(['stats', '--json', broken, CONDUCTOR]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(warning);
    const report = statsOf(r);
    expect(report.files.map((f) => [f.path, f.lines])).toEqual([[broken, readableLines], [CONDUCTOR, COND_LINES]]);
    expect(report.warnings).toEqual([warning.slice('novatrace: warning: '.length, -1)]);
  }, TEST_TIMEOUT_MS);

  it('stats on worker threads (over 8 MB of input) does the same', async () => {
    const big = join(tmp, 'n-cond-9mb.log');
    writeFileSync(big, Buffer.concat(Array.from({ length: Math.ceil((9 * 1024 * 1024) / COND.length) }, () => COND)));
    const r = await run(['stats', '--json', broken, big]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(warning);
    expect(statsOf(r).files[0]).toMatchObject({ path: broken, lines: readableLines });
  }, TEST_TIMEOUT_MS);

  it('merge prints its readable entries and warns once', async () => {
    const r = await run(['merge', broken, CONDUCTOR]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(warning);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(readableLines + COND_LINES);
  }, TEST_TIMEOUT_MS);

  it.each([
    ['analyze', ['analyze', '--json'], 0],
    ['check', ['check', '--format', 'json'], null],
  ])('%s reads its lines (the API log is among the inputs) and warns once', async (_, command, code) => {
    const r = await run([...command, broken, ...OTHERS]);
    if (code !== null) expect(r.code).toBe(code);
    else expect([0, 1]).toContain(r.code);
    expect(r.stderr.startsWith(warning)).toBe(true);
    expect(r.stderr.split(warning)).toHaveLength(2);
    expect(r.stderr).not.toContain('no nova-api log among the inputs');
  }, TEST_TIMEOUT_MS);

  it('analyze --json counts its lines in the parse totals', async () => {
    const r = await run(['analyze', '--json', broken, ...OTHERS]);
    const report = JSON.parse(r.stdout) as { parse: { files: number; lines: number } };
    expect(report.parse).toMatchObject({ files: 5, lines: readableLines + 184 });
  }, TEST_TIMEOUT_MS);

  it('trace warns once and reads on', async () => {
    const r = await run(['trace', 'req-0947ca7b-8d96-4694-aa35-a8881188621d', broken, ...OTHERS]);
    expect(r.stderr.split(warning)).toHaveLength(2);
    expect(r.stderr).not.toContain('no nova-api log among the inputs');
  }, TEST_TIMEOUT_MS);

  it('a .gz on stdin that breaks off is read up to the break too', async () => {
    const r = await run(['stats', '--json', '-'], truncated);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`novatrace: warning: <stdin>: the gzip data breaks off at compressed byte ${cutAt.toLocaleString('en-US')} `
      + `(unexpected end of file): read the ${readableLines} lines before it\n`);
    expect(statsOf(r).files[0]).toMatchObject({ lines: readableLines });
  }, TEST_TIMEOUT_MS);
});

describe('a line longer than --max-line keeps its file\'s other lines, each way in', () => {
  const LONG = 3 * 1024 * 1024;
  const content = aroundLongLine(LONG);
  const plain = join(tmp, 'n-cond-long.log');
  writeFileSync(plain, content);
  const gz = join(tmp, 'n-cond-long.log.gz');
  writeFileSync(gz, gzipSync(content, { level: 1 }));
  const expected = { lines: COND_LINES + 1, entries: COND_LINES + 1, unparsed: 0, cut: 1, cutSamples: [{ line: 17, bytes: LONG }] };

  it.each([
    ['a plain file', [plain], undefined],
    ['a .gz file', [gz], undefined],
    ['stdin', ['-'], content],
    ['gzip on stdin', ['-'], gzipSync(content, { level: 1 })],
  ])('%s', async (_, paths, input) => {
    const r = await run(['stats', '--json', '--max-line', '64KB', ...paths], input);
    expect(r.code).toBe(0);
    expect(statsOf(r).files[0]).toMatchObject(expected);
  }, TEST_TIMEOUT_MS);

  it('a FIFO', async () => {
    const fifo = join(tmp, 'long.fifo');
    mkfifo(fifo);
    const [r] = await Promise.all([run(['stats', '--json', '--max-line', '64KB', fifo]), feedFifo(fifo, content)]);
    expect(r.code).toBe(0);
    expect(statsOf(r).files[0]).toMatchObject({ path: fifo, ...expected });
  }, TEST_TIMEOUT_MS);
});

describe('named pipes, /dev/stdin and process substitution are read once, as streams', () => {
  const gz = join(tmp, 'n-cond.log.gz');
  writeFileSync(gz, gzipSync(COND));

  it.each([
    ['plain', COND],
    ['gzip', gzipSync(COND)],
  ])('a FIFO (%s) beside a file: both read, in time order', async (_, bytes) => {
    const fifo = join(tmp, `cond-${_}.fifo`);
    mkfifo(fifo);
    const [r] = await Promise.all([run(['stats', '--json', fifo, 'fixtures/zed-boot/n-api.log']), feedFifo(fifo, bytes)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(statsOf(r).files.map((f) => [f.path, f.lines])).toEqual([[fifo, COND_LINES], ['fixtures/zed-boot/n-api.log', 43]]);
    // merge: the FIFO is not peeked at first (a second read would find it empty), and its lines are merged.
    const fifo2 = `${fifo}.2`;
    mkfifo(fifo2);
    const [m] = await Promise.all([run(['merge', fifo2, 'fixtures/zed-boot/n-api.log']), feedFifo(fifo2, bytes)]);
    expect(m.code).toBe(0);
    expect(m.stdout.split('\n').filter(Boolean)).toHaveLength(COND_LINES + 43);
  }, TEST_TIMEOUT_MS);

  it.each([
    ['/dev/stdin (a socket, as node spawns it)', ['stats', '--json', '/dev/stdin'], COND],
    ['/dev/stdin (a socket), gzip', ['stats', '--json', '/dev/stdin'], gzipSync(COND)],
    ['- with gzip', ['stats', '--json', '-'], gzipSync(COND)],
  ])('%s', async (_, args, input) => {
    const r = await run(args, input);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(statsOf(r).files[0]).toMatchObject({ lines: COND_LINES, entries: COND_LINES, unparsed: 0 });
  }, TEST_TIMEOUT_MS);

  const cli = `"${process.execPath}" "${CLI}"`;
  it.each([
    ['stats', `${cli} stats --json <(cat ${CONDUCTOR})`],
    ['stats of a .gz', `${cli} stats --json <(cat ${gz})`],
    ['analyze', `${cli} analyze --json <(cat fixtures/zed-boot/n-api.log) <(cat ${gz}) fixtures/zed-boot/n-cpu-compute2.log`],
    ['stats of /dev/stdin from a shell pipe', `cat ${gz} | ${cli} stats --json /dev/stdin`],
  ])('bash process substitution <(cmd) and pipes: %s', async (name, line) => {
    const r = await run([], undefined, ['bash', '-c', line]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    if (name === 'analyze') {
      const report = JSON.parse(r.stdout) as { parse: { files: number; lines: number }; operations: { type: string; outcome: string }[] };
      expect(report.parse).toMatchObject({ files: 3, lines: 43 + COND_LINES + 44 });
      expect(report.operations.map((o) => [o.type, o.outcome])).toEqual([['boot', 'succeeded']]);
    } else {
      expect(r.stderr).toBe('');
      expect(statsOf(r).files[0]).toMatchObject({ path: expect.stringMatching(/^\/dev\/(fd\/\d+|stdin)$/) as unknown, lines: COND_LINES });
    }
  }, TEST_TIMEOUT_MS);

  it('the bytes are counted once: a FIFO\'s size is not read, and it is not hashed against other inputs', async () => {
    const fifo = join(tmp, 'same.fifo');
    mkfifo(fifo);
    const [r] = await Promise.all([run(['stats', '--json', fifo, CONDUCTOR]), feedFifo(fifo, COND)]);
    expect(r.code).toBe(0);
    expect(statsOf(r).files.map((f) => f.lines)).toEqual([COND_LINES, COND_LINES]);
    expect(statSync(fifo).isFIFO()).toBe(true);
  }, TEST_TIMEOUT_MS);
});
