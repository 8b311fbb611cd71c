// Corpus tests over ../shared/realdata: every real log parses, request IDs cross services, and merge orders
// entries as os-log-merger did. Expected values come from the raw files, never from novatrace's own output.
// Skipped, with the reason printed, only where ../shared/realdata is absent (a user's clone); CI has it.

import { readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../src/commands/read-all.js';
import type { Source } from '../../src/io/inputs.js';
import { mergeByTime } from '../../src/merge/k-way.js';
import type { LogEntry } from '../../src/model/entry.js';
import { HAS_REALDATA, OPTIONS, REALDATA, runCli } from '../helpers.js';

if (!HAS_REALDATA) {
  console.warn(`corpus tests skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
}
if (!HAS_REALDATA && process.env['CI']) {
  throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);
}

// Files in realdata that are not service logs, and why.
const NOT_LOGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\.(md|json|yaml|tsv)$|LICENSE$|inventory$|local\.conf$/, 'documentation, ground truth or configuration'],
  [/localrc\.txt\.gz$/, "devstack's settings file (shell variables), not a log"],
  [/trigger_log$/, "the fault-injection campaign's trigger record, not a log"],
  [/foreground_wl\//, "the workload script's own log (ground truth of what was driven), not a service log"],
];

function readText(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

function logFiles(): string[] {
  return fg.sync('**/*', { cwd: REALDATA, onlyFiles: true }).sort()
    .filter((p) => !NOT_LOGS.some(([re]) => re.test(p)))
    .map((p) => join(REALDATA, p));
}

interface FileJson {
  path: string;
  lines: number;
  entries: number;
  continuations: number;
  noise: number;
  unparsed: number;
  services: string[];
}

describe.skipIf(!HAS_REALDATA)('real logs in ../shared/realdata', () => {
  it('parses every real log file: 99.5% of non-blank lines are entries, continuations or noise', async () => {
    const files = logFiles();
    expect(files.length).toBeGreaterThan(100);
    // Over 8 MiB in all, so stats counts them on worker threads: this test covers that path.
    const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(bytes).toBeGreaterThan(8 * 1024 * 1024);
    const result = await runCli(['stats', '--json', ...files]);
    // The only warnings: files of year-less journald stamps (`Jan 25 09:30:44 host ...`), whose year comes from
    // the file's modification time.
    const yearless = files.filter((f) => /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \S+\[\d+\]: /m.test(readText(f)));
    expect(yearless.length).toBeGreaterThan(0);
    const warned = result.stderr.split('\n').filter(Boolean).map((l) => /^novatrace: warning: (.+): its journald stamps carry no year; read as \d{4}, from the file's modification time/.exec(l)?.[1] ?? `unexpected: ${l}`);
    expect(warned.sort()).toEqual(yearless.sort());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { files: FileJson[] };
    expect(report.files.map((f) => f.path).sort()).toEqual([...files].sort());
    for (const f of report.files) {
      const text = readText(f.path);
      const physical = text.split('\n');
      if (physical[physical.length - 1] === '') physical.pop();
      const blank = physical.filter((l) => l.trim() === '').length;
      // Every physical line is accounted for exactly once.
      expect({ path: f.path, lines: f.lines }).toEqual({ path: f.path, lines: physical.length });
      expect(f.entries + f.continuations + f.noise + f.unparsed).toBe(f.lines);
      const nonBlank = physical.length - blank;
      expect(f.unparsed, `${relative(REALDATA, f.path)}: ${f.unparsed} unparsed of ${nonBlank} non-blank lines`).toBeLessThanOrEqual(nonBlank * 0.005);
    }
  });

  it('counts the same in counting mode (stats) as in full parsing (merge, trace)', async () => {
    for (const path of logFiles()) {
      const source: Source = { path, stdin: false, modified: new Date(Date.UTC(2026, 0, 31)) };
      const full = readAll([source], OPTIONS, false);
      let emitted = 0;
      for await (const batch of full.streams[0] as AsyncIterable<LogEntry[]>) emitted += batch.length;
      const lite = readAll([source], { ...OPTIONS, countOnly: true }, false);
      for await (const batch of lite.streams[0] as AsyncIterable<LogEntry[]>) void batch;
      const [a] = full.stats();
      const [b] = lite.stats();
      expect(b, path).toEqual(a);
      expect(emitted, path).toBe(a?.entries);
    }
  });

  it('learns the host of a compute log that names none from its resource tracker lines', async () => {
    for (const path of ['devstack-ci-mitaka/screen-n-cpu.txt.gz', 'fault-injection-queens/Nova/Test_2/logs/round_2/nova/nova-compute.log.bzip2.out']) {
      const raw = readText(join(REALDATA, path));
      const host = /Compute_service record updated for ([\w.-]+):/.exec(raw)?.[1];
      expect(host, path).toBeDefined();
      const r = await runCli(['stats', '--json', join(REALDATA, path)]);
      const report = JSON.parse(r.stdout) as { files: { hosts: string[] }[] };
      expect(report.files[0]?.hosts, path).toEqual([host]);
    }
  });

  it('finds a Queens boot request ID in the api, conductor, scheduler and compute logs', async () => {
    const dir = join(REALDATA, 'fault-injection-queens/Nova/Test_2/logs/round_2/nova');
    // Ground truth from the raw API log: the request that answered POST .../servers with 202.
    const api = readText(join(dir, 'nova-api.log.bzip2.out'));
    const post = api.split('\n').find((l) => /"POST \/v2\.1\/[0-9a-f]*\/?servers HTTP\/1\.1" status: 202/.test(l));
    expect(post).toBeDefined();
    const requestId = /\[(req-[0-9a-f-]{36}) /.exec(post as string)?.[1];
    expect(requestId).toMatch(/^req-/);
    const files = ['nova-api', 'nova-conductor', 'nova-scheduler', 'nova-compute'].map((s) => join(dir, `${s}.log.bzip2.out`));
    const result = await runCli(['merge', '--json', '--request', requestId as string, ...files]);
    expect(result.code).toBe(0);
    const entries = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { service: string; requestId: string });
    expect(entries.every((e) => e.requestId === requestId)).toBe(true);
    expect(new Set(entries.map((e) => e.service))).toEqual(new Set(['api', 'conductor', 'scheduler', 'compute']));
  });

  it("orders live-migration-juno's entries as os-log-merger's own mergedlogs.log does", async () => {
    const logs = join(REALDATA, 'live-migration-juno/logs');
    // The files and aliases of the playbook's "merge logs" task, in its order (ties go to the earlier file).
    const inputs: ReadonlyArray<readonly [string, string]> = [
      ['hp-ms-01-c29/var/log/neutron/server.log', 'NEUTRONSRV'],
      ['hp-ms-01-c29/var/log/nova/nova-api.log', 'NOVAAPI'],
      ['hp-ms-01-c29/var/log/nova/nova-compute.log', 'COMPUTE29'],
      ['hp-ms-01-c30/var/log/nova/nova-compute.log', 'COMPUTE30'],
    ];
    const aliasOf = new Map(inputs.map(([p, a]) => [join(logs, p), a]));
    const rawLines = new Map(inputs.map(([p]) => [join(logs, p), readText(join(logs, p)).split('\n')]));

    // os-log-merger's sequence: `<ts>000 [ALIAS] <rest of the original line>`.
    const theirs: string[] = [];
    for (const line of readText(join(logs, 'mergedlogs.log')).split('\n')) {
      const m = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})000 \[([A-Z0-9]+)\] (.*)$/.exec(line);
      if (m && inputs.some(([, a]) => a === m[2])) theirs.push(`${m[2]}|${m[1]} ${m[3]}`);
    }

    const sources: Source[] = inputs.map(([p]) => ({ path: join(logs, p), stdin: false, modified: new Date() }));
    const reading = readAll(sources, OPTIONS, false);
    const ours: string[] = [];
    for await (const batch of mergeByTime(reading.streams)) {
      for (const e of batch as LogEntry[]) {
        const raw = rawLines.get(e.file)?.[e.line - 1] ?? '';
        ours.push(`${aliasOf.get(e.file)}|${raw}`);
      }
    }
    reading.finish();

    // Compare on the entries both contain: os-log-merger makes each TRACE line an entry, novatrace folds them.
    const common = new Set(ours.filter((k) => new Set(theirs).has(k)));
    const a = theirs.filter((k) => common.has(k));
    const b = ours.filter((k) => common.has(k));
    expect(common.size).toBeGreaterThan(5000);
    expect(b.length).toBe(a.length);
    const firstDiff = b.findIndex((k, i) => k !== a[i]);
    expect(firstDiff, firstDiff >= 0 ? `first difference at ${firstDiff}: ours ${b[firstDiff]} / theirs ${a[firstDiff]}` : '').toBe(-1);
    expect(basename(sources[0]?.path ?? '')).toBe('server.log');
  });

  it("gives mergedlogs.log's lines the service of the file each alias stands for", async () => {
    const logs = join(REALDATA, 'live-migration-juno/logs');
    // The playbook's aliases (debug-live-migration.yaml): nova-api, the two nova-computes, the rest neutron,
    // tcpdump/ping captures and ansible: no Nova service.
    const NOVA: Readonly<Record<string, string>> = { NOVAAPI: 'api', COMPUTE29: 'compute', COMPUTE30: 'compute' };
    const aliasAt = new Map<number, string>();
    readText(join(logs, 'mergedlogs.log')).split('\n').forEach((line, i) => {
      const m = /^\S+ \S+ \[([A-Z0-9]+)\] /.exec(line);
      if (m) aliasAt.set(i + 1, m[1] as string);
    });
    const reading = readAll([{ path: join(logs, 'mergedlogs.log'), stdin: false, modified: new Date() }], OPTIONS, false);
    const byAlias = new Map<string, Map<string, number>>();
    const hostsOf = new Map<string, Set<string | null>>();
    for await (const batch of mergeByTime(reading.streams)) {
      for (const e of batch as LogEntry[]) {
        const alias = aliasAt.get(e.line) as string;
        hostsOf.set(alias, (hostsOf.get(alias) ?? new Set()).add(e.host));
        const counts = byAlias.get(alias) ?? new Map<string, number>();
        counts.set(e.service, (counts.get(e.service) ?? 0) + 1);
        byAlias.set(alias, counts);
      }
    }
    reading.finish();
    expect(byAlias.size).toBeGreaterThan(10);
    for (const [alias, counts] of byAlias) {
      const want = NOVA[alias] ?? 'other';
      // A nova-compute's lines before its first nova.* logger name no service yet.
      const wrong = [...counts].filter(([service]) => service !== want && !(NOVA[alias] && service === 'other'));
      expect(wrong, `${alias}: ${JSON.stringify([...counts])}`).toEqual([]);
      expect(counts.get(want) ?? 0, alias).toBeGreaterThan(0);
    }
    // Hosts: each compute's resource tracker names its own (`Compute_service record updated for hp-ms-01-c29...`);
    // the other aliases name none.
    for (const [alias, hosts] of hostsOf) {
      const own = /^COMPUTE(\d+)$/.exec(alias)?.[1];
      const want = own === undefined ? [null] : [null, `hp-ms-01-c${own}.moonshot1.lab.eng.rdu.redhat.com`];
      expect([...hosts].filter((h) => !want.includes(h)), alias).toEqual([]);
    }
    expect(hostsOf.get('COMPUTE29')?.has('hp-ms-01-c29.moonshot1.lab.eng.rdu.redhat.com')).toBe(true);
    expect(hostsOf.get('COMPUTE30')?.has('hp-ms-01-c30.moonshot1.lab.eng.rdu.redhat.com')).toBe(true);
  });

  it("folds each neutron-server worker's traceback into its own record, though the workers' lines interleave", async () => {
    const path = join(REALDATA, 'live-migration-juno/logs/hp-ms-01-c29/var/log/neutron/server.log');
    const raw = readText(path).split('\n');
    const starts = raw.filter((l) => /^\S+ \S+ \d+ TRACE \S+ Traceback \(most recent call last\):$/.test(l)).length;
    expect(starts).toBeGreaterThanOrEqual(8);
    const reading = readAll([{ path, stdin: false, modified: new Date() }], OPTIONS, false);
    let tracebacks = 0;
    for await (const batch of reading.streams[0] as AsyncIterable<LogEntry[]>) {
      for (const e of batch) {
        // No fragment of a traceback stands as an entry of its own.
        expect(e.message, `line ${e.line}`).not.toMatch(/^(?:\s|File ")/);
        // Where the record's head line was torn off (3404's CRITICAL was written into the middle of one of 3405's
        // lines), the traceback's first line heads the entry.
        const lines = e.level === 'TRACE' ? [e.message, ...e.continuation] : e.continuation;
        if (lines[0] !== 'Traceback (most recent call last):') continue;
        tracebacks++;
        // Whole: it ends on the exception, not where another worker's line cut in.
        expect(lines.filter((l) => l.trim() !== '').pop(), `line ${e.line}`).toMatch(/^AssertionError: Calling waitall\(\)/);
      }
    }
    reading.finish();
    expect(tracebacks).toBe(starts);
  });

  it('warns that an os-log-merger output read beside the files it merged counts their lines twice', async () => {
    const logs = join(REALDATA, 'live-migration-juno/logs');
    const both = await runCli(['analyze', '--json', logs]);
    expect(both.code).toBe(0);
    for (const merged of ['mergedlogs.log', 'mergedlogs-compute.log']) {
      expect(both.stderr).toContain(`${join(logs, merged)} is os-log-merger's output: the lines of the files it merged count twice`);
    }
    const originals = await runCli(['analyze', '--json', join(logs, 'hp-ms-01-c29'), join(logs, 'hp-ms-01-c30')]);
    expect(originals.code).toBe(0);
    expect(originals.stderr).toBe('');
    const alone = await runCli(['merge', join(logs, 'mergedlogs.log')]);
    expect(alone.code).toBe(0);
    expect(alone.stderr).toBe('');
  });
});
