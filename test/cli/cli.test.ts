// The built binary, spawned as a user runs it (TZ=UTC, NO_COLOR=1, CI=1): help, exit codes, one-line errors.

import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NO_API_WARNING, runCli } from '../helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'novatrace-cli-'));
const GOOD = 'fixtures/zed-boot/n-cond.log';

describe('novatrace --help', () => {
  it('lists every command', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/stats \[options\] <paths\.\.\.>/);
    expect(r.stdout).toMatch(/merge \[options\] <paths\.\.\.>/);
    expect(r.stdout).toMatch(/export \[options\] <paths\.\.\.>/);
  });

  it('--version prints package.json\'s version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it.each([
    ['stats', ['--json', '--tz', '--year', '--alias', '--max-line']],
    ['merge', ['--json', '--request', '--instance', '--level', '--since', '--until', '--tz', '--year', '--alias', '--max-line']],
    ['analyze', ['--json', '--no-tui', '--type', '--outcome', '--instance', '--request', '--host', '--since', '--until', '--max-line']],
    ['follow', ['--from-start', '--idle-timeout', '--keep', '--no-tui', '--tz', '--year', '--alias', '--max-line']],
    ['export', ['--format', '--output', '--type', '--outcome', '--instance', '--request', '--host', '--since', '--until', '--tz', '--max-line']],
    ['trace', ['--json', '--max-line']],
    ['check', ['--rules', '--max-line']],
  ])('%s --help explains every option', async (command, options) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    for (const option of options) expect(r.stdout).toMatch(new RegExp(`${option}\\b.*\\S.*\\n`));
  });
});

describe('an instance named by its first characters, as the tables show it', () => {
  // Two copies of the zed-boot launch whose UUIDs (request IDs included) differ only in their last 12 characters:
  // both instances begin 2af41595-5a28-418d-8ca0-.
  const VM = '2af41595-5a28-418d-8ca0-6fabdcf463c8';
  const twins = join(tmp, 'twins');
  const copyOf = (k: number): string => `${VM.slice(0, 24)}${k}c0c0c0c0c0c`;
  for (const k of [1, 2]) {
    mkdirSync(join(twins, `copy${k}`), { recursive: true });
    for (const name of ['n-api.log', 'n-cond.log', 'n-cpu-compute1.log', 'n-cpu-compute2.log', 'n-sch.log']) {
      const text = readFileSync(join('fixtures/zed-boot', name), 'utf8')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (u) => `${u.slice(0, 24)}${k}c0c0c0c0c0c`);
      writeFileSync(join(twins, `copy${k}`, name), text);
    }
  }

  it('trace takes the first 8 characters or more, when they name one instance', async () => {
    const r = await runCli(['trace', '--json', copyOf(2).slice(0, 30), twins, 'no/such.log']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { operations: { type: string; instance: string }[]; warnings: string[] };
    expect(doc.operations.map((op) => [op.type, op.instance])).toEqual([['boot', copyOf(2)]]);
    expect(doc.warnings).toEqual(['no/such.log: no such file or directory']);
  });

  it('trace refuses a beginning that several instances share, and names them', async () => {
    const r = await runCli(['trace', VM.slice(0, 8), twins]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`novatrace: "${VM.slice(0, 8)}" begins the IDs of 2 requests or instances: instance ${copyOf(1)} (boot); `
      + `instance ${copyOf(2)} (boot): give more of it\n`);
  });

  it('trace refuses a request ID beginning that several requests share, and names them', async () => {
    const request = 'req-0947ca7b-8d96-4694-aa35-a8881188621d';
    const twin = (k: number): string => `${request.slice(0, 28)}${k}c0c0c0c0c0c`;
    const r = await runCli(['trace', request.slice(0, 12), twins]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`novatrace: "${request.slice(0, 12)}" begins the IDs of 2 requests or instances: request ${twin(1)} (boot); `
      + `request ${twin(2)} (boot): give more of it\n`);
    const one = await runCli(['trace', '--json', twin(2).slice(0, 30), twins]);
    expect(one.code).toBe(0);
    expect((JSON.parse(one.stdout) as { operations: { requestIds: string[] }[] }).operations.map((op) => op.requestIds[0])).toEqual([twin(2)]);
  });

  it('analyze --instance and merge --instance take a beginning too', async () => {
    const a = await runCli(['analyze', '--json', '--instance', VM.slice(0, 8).toUpperCase(), twins]);
    expect(a.code).toBe(0);
    expect((JSON.parse(a.stdout) as { operations: { instance: string }[] }).operations.map((op) => op.instance).sort()).toEqual([copyOf(1), copyOf(2)]);
    const m = await runCli(['merge', '--json', '--instance', copyOf(1).slice(0, 35), twins]);
    expect(m.code).toBe(0);
    const instances = new Set(m.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { instance: string }).instance));
    expect([...instances]).toEqual([copyOf(1)]);
  });

  it.each([['trace', 'abc'], ['trace', 'req-2af'], ['trace', '2af4159x']])('%s refuses %s', async (...args) => {
    const r = await runCli([...args, twins]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`novatrace: "${args[1]}" is neither a request ID (req-<uuid>) nor an instance UUID, nor the first 4 characters or more of one\n`);
    expect(r.stdout).toBe('');
  });

  it.each([['analyze', '--instance', '2af4159'], ['merge', '--instance', '2af41595x']])('%s refuses %s %s', async (...args) => {
    const r = await runCli([...args, twins]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/instance UUID,? (?:\(or|or) its first 8 characters or more/);
    expect(r.stdout).toBe('');
  });
});

describe('an input of which no line is a log entry', () => {
  // The fault-injection campaign's workload output, as it sits beside the Nova logs it drove.
  const workload = join(tmp, 'openstack_demo_workload.out.log');
  writeFileSync(workload, [
    '2018-06-27 06:39:59.790556 INFO [sample_workload.sh]: Workload started!',
    '+------------------+------------------------------------------------------+',
    '| Field            | Value                                                |',
  ].join('\n'));
  const WARNING = `${workload}: no line reads as a log entry (3 unparsed; novatrace stats shows the first ones)`;

  it.each([['analyze', '--json'], ['merge']])('%s names it in a warning and reads the rest', async (...command) => {
    const r = await runCli([...command, workload, GOOD]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`novatrace: warning: ${WARNING}\n`);
    expect(r.stdout).not.toBe('');
  });

  it('analyze --json, check --format json and check --format github carry the warning too', async () => {
    const a = await runCli(['analyze', '--json', workload, GOOD]);
    expect((JSON.parse(a.stdout) as { warnings: string[] }).warnings).toEqual([WARNING]);
    const c = await runCli(['check', '--format', 'json', workload, GOOD]);
    expect((JSON.parse(c.stdout) as { warnings: string[] }).warnings).toEqual([WARNING]);
    // GitHub Actions: an annotation of its own, before the verdict.
    const g = await runCli(['check', '--format', 'github', workload, GOOD]);
    const lines = g.stdout.trim().split('\n');
    expect(lines.slice(-2)[0]).toBe(`::warning title=novatrace input::${WARNING}`);
    expect(lines.slice(-1)[0]).toMatch(/^::notice title=novatrace check::/);
  });

  it('a file that has entries is not named, whatever its unparsed lines', async () => {
    const r = await runCli(['analyze', '--json', GOOD]);
    expect(r.stderr).toBe('');
  });
});

describe('a service\'s log missing from the inputs', () => {
  const zed = (...names: string[]): string[] => names.map((n) => `fixtures/zed-boot/${n}.log`);
  const warning = (r: { stderr: string }): string => r.stderr.replace(/^novatrace: warning: /, '').replace(/\n$/, '');

  it('only the API log: the outcome rests on the API\'s answer alone', async () => {
    const r = await runCli(['analyze', '--json', ...zed('n-api')]);
    expect(r.code).toBe(0);
    expect(warning(r)).toBe("no conductor or compute log among the inputs: an accepted request's outcome rests on the API's answer alone (a boot the scheduler refused reads as succeeded)");
    const report = JSON.parse(r.stdout) as { warnings: string[]; operations: { type: string; outcome: string }[] };
    expect(report.warnings).toEqual([warning(r)]);
    // Accepted (202), and no compute log to be silent: judged by the answer, not called incomplete because the
    // API log ends within a minute of it.
    expect(report.operations.map((o) => [o.type, o.outcome])).toEqual([['boot', 'succeeded']]);
  });

  it('the API and the conductor, no compute log', async () => {
    const r = await runCli(['trace', 'req-0947ca7b-8d96-4694-aa35-a8881188621d', ...zed('n-api', 'n-cond')]);
    expect(r.code).toBe(0);
    expect(warning(r)).toBe("no nova-compute log among the inputs: an accepted request's outcome rests on the API's and the conductor's lines (a spawn that failed on compute reads as succeeded)");
  });

  it('only compute logs, named by check\'s GitHub annotations too', async () => {
    const r = await runCli(['analyze', '--json', ...zed('n-cpu-compute1', 'n-cpu-compute2')]);
    expect(r.stderr).toBe(NO_API_WARNING);
    const g = await runCli(['check', '--format', 'github', ...zed('n-cpu-compute1', 'n-cpu-compute2')]);
    expect(g.stdout).toContain(`::warning title=novatrace input::${NO_API_WARNING.replace(/^novatrace: warning: /, '').trimEnd()}\n`);
  });

  it('every service: no warning; an empty file named for a service counts as given', async () => {
    expect((await runCli(['analyze', '--json', 'fixtures/zed-boot'])).stderr).toBe('');
    const empty = join(tmp, 'n-cpu-compute9.log');
    writeFileSync(empty, '');
    expect((await runCli(['analyze', '--json', ...zed('n-api', 'n-cond'), empty])).stderr).toBe('');
  });
});

describe('logs that begin in the middle of an operation (its first lines rotated away)', () => {
  // zed-boot's five logs from 02:40:06.600 on: the compute host took the boot's instance lock at 02:40:06.450 and
  // releases it at 02:40:06.839, after the build's last lines.
  const cut = join(tmp, 'rotated');
  mkdirSync(cut);
  for (const name of ['n-api', 'n-cond', 'n-sch', 'n-cpu-compute1', 'n-cpu-compute2']) {
    const lines = readFileSync(`fixtures/zed-boot/${name}.log`, 'utf8').split('\n');
    writeFileSync(join(cut, `${name}.log`), lines.filter((l) => l.slice(11, 23) >= '02:40:06.600').join('\n'));
  }
  const REQUEST = 'req-0947ca7b-8d96-4694-aa35-a8881188621d';

  it('names the operation by its last lines, and warns that it began before the logs', async () => {
    const r = await runCli(['analyze', '--json', cut]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { warnings: string[]; operations: { type: string; instance: string; requestIds: string[]; outcome: string; start: string }[] };
    expect(report.operations.map((o) => [o.type, o.instance, o.requestIds[0], o.outcome])).toEqual([['boot', '2af41595-5a28-418d-8ca0-6fabdcf463c8', REQUEST, 'succeeded']]);
    expect(Date.parse(report.operations[0]?.start ?? '')).toBeGreaterThanOrEqual(Date.parse('2026-11-22T02:40:06.600Z'));
    expect(report.warnings).toEqual([`1 operation began before the logs do (compute releases the instance's lock it never took here: an earlier, rotated file?); start and duration count from the first line given (${REQUEST})`]);
  });

  it('says nothing of the kind for the whole logs', async () => {
    const r = await runCli(['analyze', '--json', 'fixtures/zed-boot']);
    expect((JSON.parse(r.stdout) as { warnings: string[] }).warnings).toEqual([]);
  });
});

describe('year-less journald stamps', () => {
  // fixtures/dialects/devstack-journal-short.txt starts `Dec 31 23:59:41` and steps into January.
  const copy = join(tmp, 'n-cpu-journal.txt');
  writeFileSync(copy, readFileSync('fixtures/dialects/devstack-journal-short.txt'));
  utimesSync(copy, new Date(Date.UTC(2019, 0, 1, 12)), new Date(Date.UTC(2019, 0, 1, 12)));

  it.each([['stats'], ['merge'], ['analyze', '--json']])('%s warns that the year comes from the modification time', async (...command) => {
    const r = await runCli([...command, copy]);
    expect(r.code).toBe(0);
    // Last written in January 2019, first stamp in December: 2018.
    // analyze also says that a compute log alone cannot show everything.
    expect(r.stderr).toBe(`novatrace: warning: ${copy}: its journald stamps carry no year; read as 2018, from the file's modification time (--year YYYY sets it)\n`
      + (command[0] === 'analyze' ? NO_API_WARNING : ''));
  });

  it('on stdin, the year comes from today\'s date and the warning says so', async () => {
    const r = await runCli(['stats', '-'], readFileSync(copy));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^novatrace: warning: <stdin>: its journald stamps carry no year; read as \d{4}, from today's date \(--year YYYY sets it\)\n$/);
  });

  it('--year silences it', async () => {
    const r = await runCli(['stats', '--year', '2016', copy]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2016-12-31T23:59:41');
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace', () => {
  const emptyDir = join(tmp, 'empty');
  mkdirSync(emptyDir);
  writeFileSync(join(emptyDir, 'notes.md'), '# not a log\n');

  it.each([
    ['a missing file', ['stats', 'no/such/nova-api.log'], /^novatrace: no\/such\/nova-api\.log: no such file or directory\n$/],
    ['a folder with no logs', ['stats', emptyDir], new RegExp(`^novatrace: ${emptyDir}: no log files in this directory`)],
    ['a glob matching nothing', ['merge', 'fixtures/**/*.nothing'], /^novatrace: fixtures\/\*\*\/\*\.nothing: the pattern matches no file\n$/],
    ['an unknown level', ['merge', '--level', 'LOUD', GOOD], /^novatrace: unknown level "LOUD"/],
    ['an unreadable time', ['merge', '--since', 'yesterday', GOOD], /^novatrace: cannot read time "yesterday"/],
    ['an unknown zone', ['stats', '--tz', 'Mars/Olympus', GOOD], /^novatrace: unknown time zone "Mars\/Olympus"/],
    ['a bad alias', ['stats', '--alias', 'nohost', GOOD], /^novatrace: --alias "nohost": expected PATTERN=HOST/],
    ['an unknown option', ['stats', '--frobnicate', GOOD], /unknown option '--frobnicate'/],
    ['a --max-line of zero', ['stats', '--max-line', '0', GOOD], /^novatrace: --max-line "0": expected a size in bytes such as 1MB, 512KB or 1048576, from 1 byte to 256 MB\n$/],
    ['a --max-line that is no size', ['analyze', '--json', '--max-line', 'big', GOOD], /^novatrace: --max-line "big": expected a size/],
    ['a negative --max-line', ['merge', '--max-line', '-5', GOOD], /^novatrace: --max-line "-5": expected a size/],
    ['a --max-line over 256 MB', ['trace', '--max-line', '1GB', 'req-x', GOOD], /^novatrace: --max-line "1GB": expected a size/],
    ['a --max-line with an unknown unit', ['check', '--max-line', '12XB', GOOD], /^novatrace: --max-line "12XB": expected a size/],
  ])('%s', async (_name, args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('a missing path beside a good one is a warning, and the good one is read', async () => {
    const r = await runCli(['stats', '--json', 'no/such.log', GOOD]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('novatrace: warning: no/such.log: no such file or directory\n');
    const report = JSON.parse(r.stdout) as { files: { path: string; lines: number }[]; warnings: string[] };
    expect(report.files).toEqual([expect.objectContaining({ path: GOOD, lines: 32 })]);
    expect(report.warnings).toEqual(['no/such.log: no such file or directory']);
  });

  it('a corrupt .gz beside a good file is a warning naming the path', async () => {
    const bad = join(tmp, 'nova-compute.log.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]));
    const r = await runCli(['stats', bad, GOOD]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^novatrace: warning: ${bad}: (corrupt gzip data|unexpected end of file)`));
    expect(r.stdout).toMatch(/total: 1 files, 32 lines/);
  });

  it('a corrupt .gz alone is an error (exit 2)', async () => {
    const bad = join(tmp, 'only.log.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff, 0xff]));
    const r = await runCli(['stats', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^novatrace: ${bad}: `));
  });
});

describe('novatrace stats', () => {
  it('reads a file named twice once: another spelling of its path, or a symlink to its folder', async () => {
    const link = join(tmp, 'zed-boot-link');
    symlinkSync(resolve('fixtures/zed-boot'), link);
    const r = await runCli(['stats', '--json', 'fixtures/zed-boot', './fixtures/../fixtures/zed-boot/n-api.log', link]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { files: { path: string }[]; totals: { files: number; lines: number } };
    expect(report.files.map((f) => f.path).sort()).toEqual(['n-api', 'n-cond', 'n-cpu-compute1', 'n-cpu-compute2', 'n-sch'].map((n) => `fixtures/zed-boot/${n}.log`));
    expect(report.totals.lines).toBe(227);
  });

  it('counts the zed-boot fixture set per file (227 lines, all entries)', async () => {
    const r = await runCli(['stats', '--json', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      files: { path: string; dialects: string[]; lines: number; entries: number; services: string[]; hosts: string[]; start: string; end: string }[];
      totals: Record<string, number>;
    };
    // Line counts from `wc -l` of the files; every line of these Zed logs is one entry.
    expect(report.files.map((f) => [f.path, f.lines, f.entries])).toEqual([
      ['fixtures/zed-boot/n-api.log', 43, 43],
      ['fixtures/zed-boot/n-cond.log', 32, 32],
      ['fixtures/zed-boot/n-cpu-compute1.log', 28, 28],
      ['fixtures/zed-boot/n-cpu-compute2.log', 44, 44],
      ['fixtures/zed-boot/n-sch.log', 80, 80],
    ]);
    expect(report.files.map((f) => f.services[0])).toEqual(['api', 'conductor', 'compute', 'compute', 'scheduler']);
    expect(report.files.map((f) => f.hosts)).toEqual([[], [], ['compute1'], ['compute2'], []]);
    expect(report.files[0]?.dialects).toEqual(['oslo']);
    // First and last lines of n-api.log.
    expect(report.files[0]?.start).toBe('2026-11-22T02:40:02.390Z');
    expect(report.files[0]?.end).toBe('2026-11-22T02:40:08.046Z');
    expect(report.totals).toEqual({ lines: 227, entries: 227, continuations: 0, noise: 0, unparsed: 0, cut: 0 });
  });

  it('shows the first unparsed lines with their numbers', async () => {
    const path = join(tmp, 'mixed.log');
    writeFileSync(path, [
      '2026-11-22 02:40:06.318 22568 INFO nova.conductor.manager [-] ok',
      '2026-11-22 garbage that starts like a log line',
      '2026-11-22 02:40:06.400 22568 INFO nova.conductor.manager [-] ok again',
    ].join('\n'));
    const r = await runCli(['stats', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 lines: 2 entries, 0 continuation, 0 noise, 1 unparsed');
    expect(r.stdout).toContain('unparsed line 2: 2026-11-22 garbage that starts like a log line');
  });
});

describe('lines longer than --max-line', () => {
  // Two 3000-byte lines (lines 2 and 4) among real ones; CRLF line ends and no final newline.
  const lines = readFileSync(GOOD, 'utf8').split('\n').slice(0, 4);
  const long = (k: number): string => `${lines[k]?.slice(0, 80)}${'x'.repeat(3000 - 80)}`;
  const content = [lines[0], long(1), lines[2], long(3)].join('\r\n');
  const plain = join(tmp, 'n-cond-long.log');
  writeFileSync(plain, content);
  const gz = join(tmp, 'n-cond-long.log.gz');
  writeFileSync(gz, gzipSync(content));

  it.each([
    ['a plain file', [plain], undefined],
    ['a .gz file', [gz], undefined],
    ['stdin', ['-'], content],
  ])('stats counts them with their numbers and lengths: %s', async (_, paths, input) => {
    const r = await runCli(['stats', '--max-line', '1KB', ...paths], input);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('4 lines: 4 entries, 0 continuation, 0 noise, 0 unparsed');
    expect(r.stdout).toContain('  cut line 2: 3,000 bytes, longer than --max-line (1 KB)\n  cut line 4: 3,000 bytes, longer than --max-line (1 KB)\n');
    expect(r.stdout).toMatch(/^total: 1 files, 4 lines: 4 entries, 0 continuation, 0 noise, 0 unparsed \(2 cut at --max-line\); /m);
    const json = await runCli(['stats', '--json', '--max-line', '1024', ...paths], input);
    const report = JSON.parse(json.stdout) as { files: { lines: number; cut: number; cutSamples: unknown[] }[]; totals: { cut: number } };
    expect(report.files[0]).toMatchObject({ lines: 4, cut: 2, cutSamples: [{ line: 2, bytes: 3000 }, { line: 4, bytes: 3000 }] });
    expect(report.totals.cut).toBe(2);
  });

  it('stats counting on worker threads cuts at the same --max-line', async () => {
    // Over 8 MiB of input: counted on worker threads, which get --max-line too.
    const big = join(tmp, 'n-cond-9mb.log');
    writeFileSync(big, `${lines[0]}\n${long(1)}${'y'.repeat(9 * 1024 * 1024)}\n${lines[2]}\n`);
    const r = await runCli(['stats', '--json', '--max-line', '512KB', big, GOOD]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { files: { path: string; lines: number; entries: number; cut: number; cutSamples: unknown[] }[] };
    expect(report.files[0]).toMatchObject({ path: big, lines: 3, entries: 3, cut: 1, cutSamples: [{ line: 2, bytes: 3000 + 9 * 1024 * 1024 }] });
    expect(report.files[1]).toMatchObject({ path: GOOD, cut: 0 });
  });

  it.each([
    ['merge'],
    ['analyze', '--json'],
  ])('%s says so in one warning per file, naming the first line', async (...command) => {
    const r = await runCli([...command, '--max-line', '1KB', plain, GOOD]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`novatrace: warning: ${plain}:2: a line of 3,000 bytes is longer than --max-line (1 KB): cut there `
      + '(2 such lines in this file; novatrace stats lists them)\n');
    expect(r.stderr).not.toContain(GOOD);
  });

  it('the default --max-line (1 MB) leaves them whole', async () => {
    const r = await runCli(['stats', '--json', plain]);
    expect(JSON.parse(r.stdout)).toMatchObject({ files: [{ cut: 0, cutSamples: [] }], totals: { cut: 0 } });
  });
});

describe('novatrace merge', () => {
  it('keeps only the boot request (req-0947ca7b) across api, conductor, scheduler and compute', async () => {
    const r = await runCli(['merge', '--json', '--request', '0947ca7b-8d96-4694-aa35-a8881188621d', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    const entries = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { time: string; service: string; requestId: string });
    // grep -c req-0947ca7b: n-api 17, n-cond 32, n-cpu-compute2 18, n-sch 80.
    expect(entries).toHaveLength(147);
    const counts: Record<string, number> = {};
    for (const e of entries) counts[e.service] = (counts[e.service] ?? 0) + 1;
    expect(counts).toEqual({ api: 17, conductor: 32, compute: 18, scheduler: 80 });
    const times = entries.map((e) => e.time);
    expect(times).toEqual([...times].sort());
  });

  it('prefixes each line with [host/service] and orders by time', async () => {
    const r = await runCli(['merge', '--since', '2026-11-22T02:40:06.830', '--until', '2026-11-22T02:40:06.840', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // From the raw files: n-sch.log's last line is 02:40:06.836 and n-cpu-compute2.log has lines at 06.83x.
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^2026-11-22T02:40:06\.8[34]\d(\d{3})?Z \[(compute2\/n-cpu|n-sch|n-cond|n-api)\] (DEBUG|INFO|WARNING|ERROR) /);
    expect(lines.some((l) => l.includes('[compute2/n-cpu]'))).toBe(true);
  });

  it('filters by level: that level and worse', async () => {
    const r = await runCli(['merge', '--json', '--level', 'warning', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    const levels = new Set(r.stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { level: string }).level));
    for (const level of levels) expect(['WARNING', 'ERROR', 'CRITICAL', 'TRACE']).toContain(level);
  });

  it('filters by instance', async () => {
    const r = await runCli(['merge', '--json', '--instance', '2AF41595-5A28-418D-8CA0-6FABDCF463C8', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    const entries = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { instance: string });
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((e) => e.instance === '2af41595-5a28-418d-8ca0-6fabdcf463c8')).toBe(true);
  });

  it('reads stdin, and `==> path <==` headers name the file and so the service', async () => {
    const input = [
      '==> /var/log/nova/nova-api.log <==',
      '2026-11-22 02:40:05.100 22606 INFO nova.api.openstack.requestlog [None req-aa000000-0000-4000-8000-000000000001 u p - - default default] 10.0.0.1 "POST /v2.1/servers" status: 202 len: 405 microversion: 2.92 time: 0.5',
      '',
      '==> /var/log/nova/nova-compute.log <==',
      '2026-11-22 02:40:05.200 20764 INFO nova.compute.claims [None req-aa000000-0000-4000-8000-000000000001 u p - - default default] [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Claim successful on node compute2',
    ].join('\n');
    const r = await runCli(['merge', '--json', '-'], input);
    expect(r.code).toBe(0);
    const entries = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { service: string; file: string });
    expect(entries.map((e) => [e.file, e.service])).toEqual([
      ['/var/log/nova/nova-api.log', 'api'],
      ['/var/log/nova/nova-compute.log', 'compute'],
    ]);
  });

  it('never passes control characters from a log to the terminal', async () => {
    const input = '2026-11-22 02:40:05.100 22606 ERROR nova.compute.manager [-] evil \u001b]0;pwned\u0007 title \u009b31m and \u0008 backspace, \u202eright-to-left\u202c and \u2066isolated\u2069 and zero\u200bwidth\n';
    for (const args of [['merge', '-'], ['merge', '--json', '-'], ['stats', '-'], ['analyze', '--no-tui', '-']]) {
      const r = await runCli(args, input);
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
      if (args[0] === 'stats' || args[0] === 'analyze') continue;
      expect(r.stdout).toMatch(/evil/);
    }
  });

  it('streams stdin: an entry is printed before stdin ends', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['dist/cli.js', 'merge', '-'], { env: { ...process.env, TZ: 'UTC', CI: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const first = new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
    child.stdin.write('2026-11-22 02:40:05.100 22606 INFO nova.api.openstack.requestlog [-] first line, stdin still open\n');
    const text = await first;
    expect(text).toContain('first line, stdin still open');
    expect(child.exitCode).toBeNull();
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
  });

  it('stops quietly when the reader goes away (| head)', async () => {
    const { spawn } = await import('node:child_process');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('sh', ['-c', `node dist/cli.js merge fixtures/zed-boot fixtures/zed-boot/n-sch.log | head -n 1 >/dev/null; exit \${PIPESTATUS:-0}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (c) => resolve(err === '' ? c : -1));
    });
    expect(code).toBe(0);
  });
});

describe('novatrace analyze and trace', () => {
  it('trace lines its key events up: offsets of one and two digits, `migration-progress` beside `lifecycle`', async () => {
    const set = 'fixtures/operations/live-migrate-zed';
    const id = (JSON.parse((await runCli(['analyze', '--json', set])).stdout) as { operations: { requestIds: string[] }[] }).operations[0]?.requestIds[0];
    const r = await runCli(['trace', id ?? '?', set]);
    const lines = r.stdout.split('\n');
    const events = lines.slice(lines.indexOf('  key events:') + 1, lines.indexOf('', lines.indexOf('  key events:')));
    const cells = events.map((l) => /^ +\+(\d+)\.\d{3}s {2}(\S+) +/.exec(l));
    // The fixture's events run from under a second to over ten seconds, one of them named migration-progress.
    expect(cells.some((m) => m?.[1]?.length === 1) && cells.some((m) => m?.[1]?.length === 2)).toBe(true);
    expect(cells.some((m) => m?.[2] === 'migration-progress')).toBe(true);
    expect(new Set(cells.map((m) => m?.[0].length)).size).toBe(1);
  });

  it('reports the zed-boot launch as one succeeded boot', async () => {
    const r = await runCli(['analyze', '--json', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { operations: { type: string; instance: string; outcome: string; httpStatus: number; requestIds: string[]; hosts: string[] }[]; summary: { total: number } };
    // zed-rig 01-boot truth.json: server-create, 202, success, server 2af41595..., landed on compute2.
    expect(report.operations).toEqual([expect.objectContaining({
      type: 'boot', instance: '2af41595-5a28-418d-8ca0-6fabdcf463c8', outcome: 'succeeded', httpStatus: 202,
      requestIds: ['req-0947ca7b-8d96-4694-aa35-a8881188621d'], hosts: ['compute2'],
    })]);
    expect(report.summary.total).toBe(1);
  });

  it('prints a table with totals', async () => {
    const r = await runCli(['analyze', '--no-tui', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^START +TYPE +INSTANCE +OUTCOME +HTTP +DURATION +HOSTS +REQUEST\n/);
    expect(r.stdout).toMatch(/\n\S+Z +boot +2af41595 +succeeded +202 +\S+ +compute2 +req-0947ca7b-8d96-4694-aa35-a8881188621d\n/);
    expect(r.stdout).toContain('1 operations: 1 succeeded, 0 failed, 0 rejected, 0 incomplete');
  });

  it('shows an unshelve from shelved-offloaded as coming from no host', async () => {
    // The fixture's conductor picks node2 for an offloaded instance (catalog 7.14 b): there is no host it left.
    const r = await runCli(['analyze', '--no-tui', 'fixtures/operations/unshelve-zed']);
    expect(r.stdout).toMatch(/\n\S+Z +unshelve +\S+ +succeeded +202 +\S+ +-> node2 +req-/);
  });

  it.each([
    [['analyze', '--type', 'launch', 'fixtures/zed-boot'], /^novatrace: unknown operation type "launch"/],
    [['analyze', '--outcome', 'ok', 'fixtures/zed-boot'], /^novatrace: unknown outcome "ok"/],
    [['trace', 'not-an-id', 'fixtures/zed-boot'], /^novatrace: "not-an-id" is neither a request ID/],
  ])('%j is refused before reading (exit 2)', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('trace of an ID with no operation exits 1', async () => {
    const r = await runCli(['trace', 'req-00000000-0000-4000-8000-000000000000', 'fixtures/zed-boot']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^novatrace: no operation found for req-00000000/);
  });

  it('trace draws the boot: a waterfall with the four services, then every entry', async () => {
    const r = await runCli(['trace', '2af41595-5a28-418d-8ca0-6fabdcf463c8', 'fixtures/zed-boot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^boot of 2af41595-5a28-418d-8ca0-6fabdcf463c8: succeeded \(HTTP 202\)/);
    for (const phase of ['api', 'scheduler', 'conductor', 'compute@compute2']) expect(r.stdout).toMatch(new RegExp(`\\n  ${phase} +\\|[ #-]{40}\\|`));
    expect(r.stdout).toContain('Took 0.28 seconds to build instance.');
    // grep -c req-0947ca7b over the fixture files: 17 + 32 + 18 + 80 lines, one entry each.
    expect(r.stdout).toMatch(/entries \((\d+)\):/);
    const count = Number(/entries \((\d+)\):/.exec(r.stdout)?.[1]);
    expect(count).toBeGreaterThanOrEqual(147);
  });
});
