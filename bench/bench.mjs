#!/usr/bin/env node
// novatrace throughput benchmark.
//
// What it measures: wall time (median of BENCH_RUNS runs) and peak RSS of
//   - node dist/cli.js stats <corpus>          (stdout to /dev/null)
//   - node dist/cli.js merge --json <corpus>   (stdout to /dev/null)
//   - node dist/cli.js analyze --json <corpus> (stdout to a temp file per run, parsed and checked after the run)
//   - lnav -n -c ';SELECT log_level, count(*) FROM all_logs GROUP BY log_level' 'bench/out/corpus/copy-*/screen-n-*.txt'
//     (lnav 0.11.1, headless, HOME in a temp dir; the glob is expanded by lnav itself, see below why)
// over a corpus of >= BENCH_MB MB (default 300) made by replicating the real devstack CI Nova logs in
// ../shared/realdata/devstack-ci-mitaka/ (api, conductor, compute, scheduler). Every copy gets its own UUIDs
// (consistent across the four files of that copy, so correlation still holds) and is shifted k days later.
//
// Goal: novatrace stats >= 1.3x lnav's speed, novatrace peak RSS <= 150 MB.
// Goal for analyze: wall time <= lnav's (level histogram, same files), peak RSS <= 300 MB, and correct: every copy
//   of the CI job has exactly the 12 boots of the original run (the 12 POST /servers 202 of the source n-api log,
//   their instance UUIDs taken from nova-compute's "Starting instance..." / "Took ... to build instance" lines and
//   mapped through that copy's UUID rewrite), each found exactly once as type "boot", outcome "succeeded"; and the
//   first, second, middle and last copies, analyzed alone (untimed), give exactly their operations in the corpus.
//
// Repeat:  npm run bench                        (300 MB, 3 runs each)
//          BENCH_MB=50 BENCH_RUNS=1 npm run bench   (quick)
// The corpus lives in bench/out/corpus/ (git-ignored) and is reused while BENCH_MB is unchanged; delete
// bench/out/ to force regeneration. Figures are printed as a table and written to bench/out/results.json.
// Units: MB = 1e6 bytes (input and RSS alike); RSS comes from GNU time's %M (max RSS of the child, in KiB).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { UUID_RE, makeUuidRewriter } from './rewrite.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIR = path.resolve(REPO, '../shared/realdata/devstack-ci-mitaka');
const SERVICES = ['api', 'cond', 'cpu', 'sch']; // screen-n-<service>.txt(.gz)
const OUT_DIR = path.join(REPO, 'bench/out');
const CORPUS_DIR = path.join(OUT_DIR, 'corpus');
const CORPUS_REL = path.relative(REPO, CORPUS_DIR); // what we pass to novatrace (cwd is the repo root)
const MANIFEST = path.join(OUT_DIR, 'corpus-manifest.json');
const RESULTS = path.join(OUT_DIR, 'results.json');
const GENERATOR_VERSION = 1; // bump when the corpus transformation changes

const GOAL_SPEEDUP = 1.3;
const GOAL_RSS_MB = 150;
const GOAL_ANALYZE_RSS_MB = 300;
const EXPECTED_BOOTS_PER_COPY = 12; // the devstack-ci-mitaka job boots 12 servers
const ANALYZE_MAX_PARSE_BYTES = 512e6; // refuse to JSON.parse a runaway analyze output

const BENCH_MB = positiveNumber('BENCH_MB', 300);
const BENCH_RUNS = Math.floor(positiveNumber('BENCH_RUNS', 3));
const GNU_TIME = '/usr/bin/time';

function positiveNumber(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`bench: ${name} must be a positive number, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return value;
}

const log = (message) => console.log(message);

// ---------------------------------------------------------------------------------------------------------------
// 1. dist/ must be built from the current src/

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const cli = path.join(REPO, 'dist/cli.js');
  const srcNewest = newestMtime(path.join(REPO, 'src'));
  const distTime = fs.existsSync(cli) ? fs.statSync(cli).mtimeMs : 0;
  if (distTime >= srcNewest) {
    log('build: dist/cli.js is up to date');
    return;
  }
  log(distTime ? 'build: src/ is newer than dist/cli.js, running npm run build' : 'build: dist/cli.js missing, running npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench: npm run build failed (exit ${result.status}); not benchmarking a stale or broken dist/`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The corpus

const LEADING_TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?= \d{2}:\d{2}:\d{2}\.\d{3})/;
const FLUSH_BYTES = 1 << 20;

const copyName = (k) => `copy-${String(k).padStart(3, '0')}`;
const fileName = (service) => `screen-n-${service}.txt`;

/** Shifts a leading YYYY-MM-DD by k days; the time of day is untouched, so only the date changes. */
function makeDateShifter(k) {
  const cache = new Map();
  return (match, y, m, d) => {
    let shifted = cache.get(match);
    if (shifted === undefined) {
      shifted = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d) + k)).toISOString().slice(0, 10);
      cache.set(match, shifted);
    }
    return shifted;
  };
}

/** Writes copy k of one source text, line by line, flushing about every MiB. Returns bytes and lines written. */
function writeCopy(text, k, outFile) {
  const rewriteUuid = makeUuidRewriter(k);
  const shiftDate = makeDateShifter(k);
  const fd = fs.openSync(outFile, 'w');
  let buffer = [];
  let buffered = 0;
  let bytes = 0;
  let lines = 0;
  const flush = () => {
    const chunk = buffer.join('');
    fs.writeSync(fd, chunk, null, 'latin1');
    bytes += chunk.length; // latin1: one char per byte
    buffer = [];
    buffered = 0;
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    end = end === -1 ? text.length : end + 1; // keep the newline (if any) with its line
    let line = text.slice(start, end);
    start = end;
    lines += 1;
    line = line.replace(LEADING_TS_RE, shiftDate).replace(UUID_RE, rewriteUuid);
    buffer.push(line);
    buffered += line.length;
    if (buffered >= FLUSH_BYTES) flush();
  }
  flush();
  fs.closeSync(fd);
  return { bytes, lines };
}

function readSource(service) {
  // latin1 round-trips every byte, so copies are byte-for-byte the same size as the source.
  return gunzipSync(fs.readFileSync(path.join(SOURCE_DIR, `${fileName(service)}.gz`))).toString('latin1');
}

function corpusFiles(copies) {
  const files = [];
  for (let k = 0; k < copies; k++) for (const s of SERVICES) files.push(path.join(CORPUS_DIR, copyName(k), fileName(s)));
  return files;
}

function loadValidManifest() {
  if (!fs.existsSync(MANIFEST)) return null;
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  } catch {
    return null;
  }
  if (manifest.generator !== GENERATOR_VERSION || manifest.bench_mb !== BENCH_MB) return null;
  let bytes = 0;
  for (const file of corpusFiles(manifest.copies)) {
    if (!fs.existsSync(file)) return null;
    bytes += fs.statSync(file).size;
  }
  return bytes === manifest.bytes ? manifest : null;
}

function ensureCorpus() {
  const existing = loadValidManifest();
  if (existing) {
    log(`corpus: reusing ${CORPUS_REL} (${existing.copies} copies, ${(existing.bytes / 1e6).toFixed(1)} MB, ` +
      `${existing.lines} lines; generated in ${existing.generation_seconds.toFixed(1)} s)`);
    return existing;
  }
  const t0 = process.hrtime.bigint();
  fs.rmSync(CORPUS_DIR, { recursive: true, force: true });
  fs.rmSync(MANIFEST, { force: true });
  fs.mkdirSync(CORPUS_DIR, { recursive: true });

  // A copy is as big as the four sources together (rewrites keep lengths), so the copy count is known up front.
  const sourceBytes = SERVICES.map((s) => gunzipSync(fs.readFileSync(path.join(SOURCE_DIR, `${fileName(s)}.gz`))).length);
  const perCopy = sourceBytes.reduce((a, b) => a + b, 0);
  const copies = Math.ceil((BENCH_MB * 1e6) / perCopy);
  log(`corpus: generating ${copies} copies x ${(perCopy / 1e6).toFixed(2)} MB into ${CORPUS_REL} ...`);
  for (let k = 0; k < copies; k++) fs.mkdirSync(path.join(CORPUS_DIR, copyName(k)));

  // One source text in memory at a time; its copies are streamed out line by line.
  let bytes = 0;
  let lines = 0;
  const sources = {};
  for (const service of SERVICES) {
    const text = readSource(service);
    let sourceLines = 0;
    for (let k = 0; k < copies; k++) {
      const written = writeCopy(text, k, path.join(CORPUS_DIR, copyName(k), fileName(service)));
      bytes += written.bytes;
      lines += written.lines;
      sourceLines = written.lines;
    }
    sources[service] = { bytes: text.length, lines: sourceLines };
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const manifest = {
    generator: GENERATOR_VERSION,
    bench_mb: BENCH_MB,
    copies,
    files: copies * SERVICES.length,
    bytes,
    lines,
    sources,
    generation_seconds: seconds,
    generated_at: new Date().toISOString(),
  };
  fs.writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`); // written last: marks a complete corpus
  log(`corpus: ${copies} copies, ${manifest.files} files, ${(bytes / 1e6).toFixed(1)} MB, ${lines} lines, in ${seconds.toFixed(1)} s`);
  return manifest;
}

// ---------------------------------------------------------------------------------------------------------------
// 2b. The boots analyze must find: derived from the source logs, mapped through each copy's UUID rewrite

const REQ_RE = /\[(req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/;
const CREATE_202_RE = /"POST [^" ]*\/servers HTTP\/[\d.]+" status: 202\b/;
const INSTANCE_RE = /\[instance: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\]/;
const BUILD_RE = /Starting instance\.\.\.|Took [\d.]+ seconds to build instance/;

function* linesOf(text) {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    yield text.slice(start, end);
    start = end + 1;
  }
}

/**
 * The servers the original CI run booted: request IDs of the n-api "POST .../servers" answered 202, each with the
 * instance UUID that nova-compute's "Starting instance..." / "Took ... seconds to build instance" lines of the same
 * request name (falling back to any [instance: ...] line of that request in api, conductor, scheduler).
 */
function sourceBoots() {
  const requests = new Map(); // request ID -> { instance candidates from build lines, from other lines }
  for (const line of linesOf(readSource('api'))) {
    if (!CREATE_202_RE.test(line)) continue;
    const req = REQ_RE.exec(line)?.[1];
    if (req) requests.set(req, { build: new Set(), other: new Set() });
  }
  for (const service of ['cpu', 'api', 'cond', 'sch']) {
    for (const line of linesOf(readSource(service))) {
      const req = REQ_RE.exec(line)?.[1];
      const entry = req && requests.get(req);
      if (!entry) continue;
      const instance = INSTANCE_RE.exec(line)?.[1];
      if (!instance) continue;
      (service === 'cpu' && BUILD_RE.test(line) ? entry.build : entry.other).add(instance);
    }
  }
  const boots = [];
  const problems = [];
  for (const [requestId, { build, other }] of requests) {
    const candidates = build.size ? build : other;
    if (candidates.size === 1) boots.push({ requestId, instance: [...candidates][0], from: build.size ? 'compute build lines' : 'other lines' });
    else problems.push(`${requestId}: ${candidates.size} instance candidates (${[...candidates].join(', ') || 'none'})`);
  }
  return { boots, problems };
}

/** Mapped instance UUID -> { copy, original, requestId } over all copies. */
function expectedBootIndex(boots, copies) {
  const index = new Map();
  let collisions = 0;
  for (let k = 0; k < copies; k++) {
    const rewrite = makeUuidRewriter(k);
    for (const b of boots) {
      const mapped = rewrite(b.instance);
      if (index.has(mapped)) collisions += 1;
      index.set(mapped, { copy: k, original: b.instance, requestId: b.requestId });
    }
  }
  return { index, collisions };
}

const opBrief = (op) => ({
  type: op.type, instance: op.instance ?? null, outcome: op.outcome, start: op.start ?? null, end: op.end ?? null,
  requestIds: op.requestIds ?? [], httpStatus: op.httpStatus ?? null,
});

/**
 * Checks one analyze --json output file: per copy, the boot operations of the expected instances. A copy is OK when
 * it has exactly EXPECTED_BOOTS_PER_COPY boots, one per expected instance, all "succeeded". Boots whose instance is
 * null or belongs to no copy are reported apart (they make the check fail too).
 */
function checkAnalyzeOutput(file, expected, copies, alone) {
  const bytes = fs.statSync(file).size;
  if (bytes > ANALYZE_MAX_PARSE_BYTES) return { ok: false, bytes, error: `output is ${(bytes / 1e6).toFixed(0)} MB, not parsed` };
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    return { ok: false, bytes, error: `output is not one JSON document: ${error.message}` };
  }
  if (!Array.isArray(doc?.operations)) return { ok: false, bytes, error: 'output has no operations array' };
  const perCopy = Array.from({ length: copies }, () => new Map()); // instance -> boot ops
  const unattributed = [];
  let bootOps = 0;
  for (const op of doc.operations) {
    if (op?.type !== 'boot') continue;
    bootOps += 1;
    const where = op.instance ? expected.index.get(op.instance) : undefined;
    if (!where) {
      unattributed.push(opBrief(op));
      continue;
    }
    const list = perCopy[where.copy].get(op.instance) ?? [];
    list.push(op);
    perCopy[where.copy].set(op.instance, list);
  }
  const offCopies = [];
  let okCopies = 0;
  let counted = 0;
  let succeeded = 0;
  for (let k = 0; k < copies; k++) {
    const rewrite = makeUuidRewriter(k);
    const ops = [...perCopy[k].values()].flat();
    const ok = ops.filter((op) => op.outcome === 'succeeded').length;
    counted += ops.length;
    succeeded += ok;
    const missing = expected.boots.filter((b) => !perCopy[k].has(rewrite(b.instance)))
      .map((b) => ({ instance: rewrite(b.instance), original: b.instance, requestId: b.requestId }));
    const duplicated = [...perCopy[k].entries()].filter(([, list]) => list.length > 1)
      .map(([instance, list]) => ({ instance, ops: list.map(opBrief) }));
    const notSucceeded = ops.filter((op) => op.outcome !== 'succeeded').map(opBrief);
    if (ops.length === EXPECTED_BOOTS_PER_COPY && ok === ops.length && missing.length === 0) okCopies += 1;
    else offCopies.push({ copy: copyName(k), boots: ops.length, succeeded: ok, missing, duplicated, notSucceeded });
  }
  // Each copy analyzed alone: the corpus's operations in that copy's time span must be exactly its operations.
  const aloneDiffer = [];
  for (const [k, own] of alone) {
    if (own === null || own.length === 0) {
      aloneDiffer.push({ copy: copyName(k), error: 'analyze of the copy alone failed or found nothing' });
      continue;
    }
    const from = Math.min(...own.map((o) => Date.parse(o.start)));
    const to = Math.max(...own.map((o) => Date.parse(o.end)));
    const inCorpus = doc.operations.filter((o) => Date.parse(o.start) >= from && Date.parse(o.start) <= to);
    const differ = own.filter((o, i) => JSON.stringify(o) !== JSON.stringify(inCorpus[i]));
    if (differ.length > 0 || inCorpus.length !== own.length) {
      aloneDiffer.push({ copy: copyName(k), alone: own.length, in_corpus: inCorpus.length, differ: differ.length, first: differ[0]?.id ?? null });
    }
  }
  return {
    ok: offCopies.length === 0 && unattributed.length === 0 && expected.boots.length === EXPECTED_BOOTS_PER_COPY && aloneDiffer.length === 0,
    alone_copies: [...alone.keys()].map(copyName),
    alone_differ: aloneDiffer,
    bytes,
    operations: doc.operations.length,
    boot_operations: bootOps,
    summary_boot: doc.summary?.byType?.boot ?? null,
    copies,
    ok_copies: okCopies,
    boots_counted: counted,
    boots_succeeded: succeeded,
    off_copies: offCopies,
    unattributed,
  };
}

/** One line per thing that is off (bounded), for the console. */
function describeBootCheck(check, limit = 40) {
  const out = [];
  const brief = (o) => `${o.instance ?? '(no instance)'} ${o.outcome}${o.httpStatus ? ` http ${o.httpStatus}` : ''} ${o.start ?? '?'}..${o.end ?? '?'} ${o.requestIds.join(',') || '(no request)'}`;
  for (const c of check.off_copies) {
    let line = `  ${c.copy}: ${c.boots} boots, ${c.succeeded} succeeded`;
    if (c.missing.length) line += `; missing ${c.missing.map((m) => `${m.instance} (orig ${m.original}, ${m.requestId})`).join(', ')}`;
    if (c.duplicated.length) line += `; duplicated ${c.duplicated.map((d) => `${d.instance} x${d.ops.length} [${d.ops.map(brief).join(' | ')}]`).join(', ')}`;
    if (c.notSucceeded.length) line += `; not succeeded: ${c.notSucceeded.map(brief).join(' | ')}`;
    out.push(line);
  }
  for (const o of check.unattributed) out.push(`  boot of no copy's expected instance: ${brief(o)}`);
  for (const d of check.alone_differ ?? []) {
    out.push(`  ${d.copy} analyzed alone differs from its part of the corpus: ${d.error ?? `${d.alone} operations alone, ${d.in_corpus} in the corpus, ${d.differ} differ (first ${d.first})`}`);
  }
  return out.length > limit ? [...out.slice(0, limit), `  ... ${out.length - limit} more`] : out;
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Timed child processes

const HAVE_GNU_TIME = fs.existsSync(GNU_TIME);

/** Keeps the head and tail of a possibly huge stream (novatrace warnings could be one per line). */
function collector(headMax = 16384, tailMax = 4096) {
  let head = '';
  let tail = '';
  let total = 0;
  return {
    push(chunk) {
      const s = chunk.toString();
      total += s.length;
      if (head.length < headMax) head += s.slice(0, headMax - head.length);
      tail = (tail + s).slice(-tailMax);
    },
    head: () => head,
    tail: () => tail,
    total: () => total,
  };
}

/** Peak RSS fallback without GNU time: poll VmHWM of the child. */
function pollVmHWM(pid, state) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) state.kb = Math.max(state.kb, Number(m[1]));
  } catch {
    /* process gone */
  }
}

/**
 * Runs cmd once. stdout goes to /dev/null unless captureStdout (kept in memory, first 64 KiB) or stdoutFile
 * (written straight to that file by the child, never through this process). Returns seconds, peak RSS (KiB),
 * exit code, stderr (without GNU time's line) and the captured stdout.
 */
function runTimed(cmd, args, { env = process.env, captureStdout = false, stdoutFile = null } = {}) {
  return new Promise((resolve, reject) => {
    const argv = HAVE_GNU_TIME ? ['-f', '%M', cmd, ...args] : args;
    const stdoutFd = stdoutFile ? fs.openSync(stdoutFile, 'w') : null;
    const t0 = process.hrtime.bigint();
    const child = spawn(HAVE_GNU_TIME ? GNU_TIME : cmd, argv, {
      cwd: REPO,
      env,
      stdio: ['ignore', stdoutFd ?? (captureStdout ? 'pipe' : 'ignore'), 'pipe'],
    });
    if (stdoutFd !== null) fs.closeSync(stdoutFd); // the child has its own copy
    const out = collector(65536);
    const err = collector();
    if (captureStdout) child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    const hwm = { kb: 0 };
    const timer = HAVE_GNU_TIME ? null : setInterval(() => pollVmHWM(child.pid, hwm), 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (timer) clearInterval(timer);
      let stderr = err.head() + (err.total() > err.head().length ? `\n...[${err.total()} bytes of stderr]...\n${err.tail()}` : '');
      let rssKB = hwm.kb;
      let exitCode = code;
      if (HAVE_GNU_TIME) {
        const lines = stderr.trimEnd().split('\n');
        rssKB = Number(lines.pop());
        const status = /^Command exited with non-zero status (\d+)$/.exec(lines[lines.length - 1] ?? '');
        if (status) {
          exitCode = Number(status[1]);
          lines.pop();
        }
        stderr = lines.join('\n');
      }
      resolve({ seconds, rssKB, exitCode, stderr, stdout: out.head() });
    });
  });
}

function lnavVersion() {
  const r = spawnSync('lnav', ['-V'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Rows of lnav's headless SQL output: a header line, then whitespace-separated cells. */
function parseLnavTable(stdout) {
  const lines = stdout.split('\n').filter((l) => l.trim() !== '');
  return { header: lines[0]?.trim() ?? '', rows: lines.slice(1).map((l) => l.trim().split(/\s+/)) };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Main

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const fmt = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

async function main() {
  ensureBuilt();
  const corpus = ensureCorpus();
  const files = corpusFiles(corpus.copies);
  const mb = corpus.bytes / 1e6;
  const node = process.execPath;

  // Sanity: what novatrace makes of one copy (its totals line), and whether it warns.
  const sample = spawnSync(node, ['dist/cli.js', 'stats', path.join(CORPUS_REL, copyName(0))], { cwd: REPO, encoding: 'utf8' });
  const sampleTotals = sample.stdout.split('\n').find((l) => l.startsWith('total:')) ?? '(no totals line)';
  log(`novatrace stats ${path.join(CORPUS_REL, copyName(0))} (exit ${sample.status}): ${sampleTotals}`);
  if (sample.stderr.trim()) log(`  its stderr: ${sample.stderr.trim().split('\n').slice(0, 5).join('\n  ')}`);

  const tools = [
    { name: 'novatrace stats', cmd: node, args: ['dist/cli.js', 'stats', CORPUS_REL], display: `node dist/cli.js stats ${CORPUS_REL}` },
    { name: 'novatrace merge --json', cmd: node, args: ['dist/cli.js', 'merge', '--json', CORPUS_REL], display: `node dist/cli.js merge --json ${CORPUS_REL}` },
    { name: 'novatrace analyze --json', cmd: node, args: ['dist/cli.js', 'analyze', '--json', CORPUS_REL], display: `node dist/cli.js analyze --json ${CORPUS_REL}`,
      stdoutToFile: true },
  ];

  // The boots every copy must show in analyze's output (see sourceBoots).
  const source = sourceBoots();
  const expectedBoots = { boots: source.boots, ...expectedBootIndex(source.boots, corpus.copies) };
  log(`analyze: expecting per copy the ${source.boots.length} boots of the source n-api log (POST /servers 202), ` +
    `instances from ${[...new Set(source.boots.map((b) => b.from))].join(' / ') || 'nowhere'}`);
  if (source.boots.length !== EXPECTED_BOOTS_PER_COPY) log(`  !!! expected ${EXPECTED_BOOTS_PER_COPY} boots in the source, derived ${source.boots.length} !!!`);
  for (const p of source.problems) log(`  !!! ${p}`);
  if (expectedBoots.collisions) log(`  !!! ${expectedBoots.collisions} rewritten boot UUIDs collide across copies !!!`);
  const analyzeTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'novatrace-bench-analyze-'));
  // Untimed: some copies analyzed alone. The corpus must give exactly their operations (a copy's requests and
  // instances are its own, and it is a day away from the next: nothing may leak across).
  const aloneCopies = [...new Set([0, 1, Math.floor(corpus.copies / 2), corpus.copies - 1])].filter((k) => k >= 0 && k < corpus.copies);
  const alone = new Map(aloneCopies.map((k) => {
    const r = spawnSync(node, ['dist/cli.js', 'analyze', '--json', path.join(CORPUS_REL, copyName(k))], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 28 });
    return [k, r.status === 0 ? JSON.parse(r.stdout).operations : null];
  }));

  const version = lnavVersion();
  let lnavHome = null;
  let lnavFormats = null;
  if (version) {
    // A throw-away HOME: lnav writes ~/.lnav (formats, config, crash dirs) and must not read the user's.
    lnavHome = fs.mkdtempSync(path.join(os.tmpdir(), 'novatrace-bench-lnav-'));
    const env = { ...process.env, HOME: lnavHome, XDG_CONFIG_HOME: path.join(lnavHome, '.config'), TERM: 'dumb' };
    const query = ';SELECT log_level, count(*) FROM all_logs GROUP BY log_level';
    // lnav 0.11.1 headless opens at most ~108 files given one by one on the command line ("too many new files,
    // breaking..." in its debug log) and then runs the query on those alone. Handed a glob, which it expands
    // itself, it opens them all; the untimed check below proves it read every file and every line.
    const glob = path.join(CORPUS_REL, 'copy-*', 'screen-n-*.txt');
    tools.push({ name: 'lnav level histogram', cmd: 'lnav', args: ['-n', '-c', query, glob], env, captureStdout: true,
      display: `lnav -n -c '${query}' '${glob}'` });

    // Untimed: which format lnav detected per file, and whether it read every line of every file.
    const detect = ";SELECT 'files' AS what, format, count(*) AS n, sum(lines) AS lines FROM lnav_file GROUP BY format " +
      "UNION ALL SELECT 'entries', log_format, count(*), NULL FROM all_logs GROUP BY log_format";
    log('lnav: checking format detection (untimed run) ...');
    const r = await runTimed('lnav', ['-n', '-c', detect, glob], { env, captureStdout: true });
    lnavFormats = { output: r.stdout.trimEnd(), exitCode: r.exitCode, stderr: r.stderr.trim() };
    const fileRows = parseLnavTable(r.stdout).rows.filter((row) => row[0] === 'files');
    const seenFiles = fileRows.reduce((a, row) => a + Number(row[2]), 0);
    const seenLines = fileRows.reduce((a, row) => a + Number(row[3]), 0);
    lnavFormats.files = seenFiles;
    lnavFormats.lines = seenLines;
    lnavFormats.entries = parseLnavTable(r.stdout).rows.filter((row) => row[0] === 'entries').reduce((a, row) => a + Number(row[2]), 0);
    lnavFormats.complete = seenFiles === files.length && seenLines === corpus.lines;
    log(r.stdout.trimEnd().replace(/^/gm, '  '));
    log(lnavFormats.complete
      ? `  lnav read all ${files.length} files and all ${corpus.lines} lines`
      : `  !!! lnav saw only ${seenFiles}/${files.length} files and ${seenLines}/${corpus.lines} lines: its timing is NOT comparable !!!`);
  } else {
    log('lnav: MISSING - skipping the lnav comparison. Install it with: apt-get install lnav');
  }

  // Interleave the tools within each round so drift (page cache, thermal) hits them alike.
  const runs = new Map(tools.map((t) => [t.name, []]));
  for (let round = 1; round <= BENCH_RUNS; round++) {
    for (const tool of tools) {
      process.stdout.write(`run ${round}/${BENCH_RUNS}: ${tool.name} ... `);
      const stdoutFile = tool.stdoutToFile ? path.join(analyzeTmp, `run-${round}.json`) : null;
      const r = await runTimed(tool.cmd, tool.args, { env: tool.env, captureStdout: tool.captureStdout, stdoutFile });
      runs.get(tool.name).push(r);
      log(`${r.seconds.toFixed(2)} s, ${((r.rssKB * 1024) / 1e6).toFixed(1)} MB RSS, exit ${r.exitCode}`);
      if (r.stderr.trim()) log(`  stderr: ${r.stderr.trim().split('\n').slice(0, 5).join('\n  ')}`);
      if (stdoutFile) {
        // Untimed: parse what the run wrote, then drop the file (kept when the check fails, for a look).
        r.check = checkAnalyzeOutput(stdoutFile, expectedBoots, corpus.copies, alone);
        r.outputFile = stdoutFile;
        if (r.check.ok) fs.rmSync(stdoutFile, { force: true });
      }
    }
  }
  if (lnavHome) fs.rmSync(lnavHome, { recursive: true, force: true });
  if (fs.readdirSync(analyzeTmp).length === 0) fs.rmSync(analyzeTmp, { recursive: true, force: true });

  const results = tools.map((tool) => {
    const rs = runs.get(tool.name);
    const seconds = median(rs.map((r) => r.seconds));
    const failed = rs.some((r) => r.exitCode !== 0 && !(tool.cmd === node && r.exitCode === 1)); // novatrace: 1 = findings
    return {
      tool: tool.name,
      command: tool.display,
      mb,
      median_seconds: seconds,
      seconds_all: rs.map((r) => r.seconds),
      mb_per_s: mb / seconds,
      lines_per_s: corpus.lines / seconds,
      peak_rss_mb: Math.max(...rs.map((r) => (r.rssKB * 1024) / 1e6)),
      exit_codes: rs.map((r) => r.exitCode),
      failed,
      stderr_sample: rs[0].stderr.slice(0, 2000),
    };
  });

  // lnav must have printed a histogram, or its time means nothing.
  // Every timed run must have counted as many entries as the untimed check saw in the whole corpus.
  let lnavHistogram = null;
  const lnavRuns = runs.get('lnav level histogram');
  if (lnavRuns) {
    const parsed = lnavRuns.map((r) => parseLnavTable(r.stdout));
    const entriesPerRun = parsed.map(({ rows }) => rows.reduce((a, row) => a + (Number(row[row.length - 1]) || 0), 0));
    const complete = Boolean(lnavFormats?.complete) && entriesPerRun.every((n) => n === lnavFormats.entries);
    lnavHistogram = { output: lnavRuns[0].stdout.trimEnd(), header: parsed[0].header, rows: parsed[0].rows.length,
      entries_per_run: entriesPerRun, expected_entries: lnavFormats?.entries ?? null, complete };
  }

  const byName = Object.fromEntries(results.map((r) => [r.tool, r]));
  const stats = byName['novatrace stats'];
  const lnav = byName['lnav level histogram'];
  const merge = byName['novatrace merge --json'];
  const ratio = lnav && lnavHistogram?.rows && lnavHistogram.complete ? stats.mb_per_s / lnav.mb_per_s : null;
  const novatraceRss = Math.max(stats.peak_rss_mb, merge.peak_rss_mb);
  const analyze = byName['novatrace analyze --json'];
  const lnavValid = Boolean(lnav && lnavHistogram?.rows && lnavHistogram.complete);
  const analyzeTimeRatio = lnavValid ? analyze.median_seconds / lnav.median_seconds : null;
  // Correctness of analyze: every run's output must pass (they should be identical; a difference is itself a finding).
  const analyzeRuns = runs.get('novatrace analyze --json');
  const bootChecks = analyzeRuns.map((r) => r.check);
  const badRun = analyzeRuns.find((r) => !r.check.ok);
  const bootCheck = (badRun ?? analyzeRuns[0]).check;
  const bootRunsAgree = new Set(bootChecks.map((c) => JSON.stringify({ ...c, bytes: undefined }))).size === 1;
  const bootPass = bootChecks.every((c) => c.ok) && bootRunsAgree;
  const goals = {
    speed: { goal: `novatrace stats >= ${GOAL_SPEEDUP}x lnav`, value: ratio, pass: ratio === null ? null : ratio >= GOAL_SPEEDUP },
    rss: { goal: `novatrace peak RSS <= ${GOAL_RSS_MB} MB (stats and merge)`, value: novatraceRss, pass: novatraceRss <= GOAL_RSS_MB,
      stats_mb: stats.peak_rss_mb, stats_pass: stats.peak_rss_mb <= GOAL_RSS_MB,
      merge_mb: merge.peak_rss_mb, merge_pass: merge.peak_rss_mb <= GOAL_RSS_MB },
    analyze_time: { goal: 'novatrace analyze --json median wall time <= lnav level histogram median wall time',
      value: analyze.median_seconds, lnav_seconds: lnavValid ? lnav.median_seconds : null, ratio_to_lnav: analyzeTimeRatio,
      pass: analyzeTimeRatio === null ? null : analyze.median_seconds <= lnav.median_seconds },
    analyze_rss: { goal: `novatrace analyze --json peak RSS <= ${GOAL_ANALYZE_RSS_MB} MB`, value: analyze.peak_rss_mb,
      pass: analyze.peak_rss_mb <= GOAL_ANALYZE_RSS_MB },
    analyze_boots: { goal: `every copy: exactly ${EXPECTED_BOOTS_PER_COPY} boot operations (its rewritten source boots, one each), all succeeded; sampled copies analyzed alone give exactly their operations in the corpus`,
      value: bootCheck.boots_counted ?? null, expected: EXPECTED_BOOTS_PER_COPY * corpus.copies, pass: bootPass },
  };

  // ---- report
  log('');
  log(`corpus: ${CORPUS_REL}: ${corpus.copies} copies, ${corpus.files} files, ${mb.toFixed(1)} MB, ${corpus.lines} lines` +
    ` (node ${process.version}, ${version ?? 'no lnav'}, ${os.cpus().length} cores, median of ${BENCH_RUNS} runs, peak RSS = max over runs)`);
  log(table(
    ['tool / command', 'MB', 'median s', 'MB/s', 'lines/s', 'peak RSS MB'],
    results.map((r) => [
      `${r.command}${r.failed ? `  [FAILED: exit ${r.exit_codes.join(',')}]` : ''}`,
      r.mb.toFixed(1), r.median_seconds.toFixed(2), r.mb_per_s.toFixed(1),
      Math.round(r.lines_per_s).toLocaleString('en-US'), r.peak_rss_mb.toFixed(1),
    ]),
  ));
  if (lnavHistogram) {
    log('');
    log(`lnav output (first lines; ${lnavHistogram.rows} rows; entries counted per run: ${lnavHistogram.entries_per_run.join(', ')}` +
      `; whole corpus: ${lnavHistogram.expected_entries}):`);
    log(lnavHistogram.output.split('\n').slice(0, 10).map((l) => `  ${l}`).join('\n'));
    if (lnavHistogram.rows === 0) log('  !!! LNAV PRINTED NO ROWS: it parsed nothing, so its timing and the ratio are meaningless !!!');
    else if (!lnavHistogram.complete) log('  !!! LNAV DID NOT COUNT THE WHOLE CORPUS: its timing and the ratio are meaningless !!!');
  }
  log('');
  log(`goal: >= ${GOAL_SPEEDUP}x lnav, peak RSS <= ${GOAL_RSS_MB} MB`);
  const verdict = (p) => (p === null ? 'n/a' : p ? 'PASS' : 'FAIL');
  log(`  speed: novatrace stats speed / lnav speed = ${ratio === null ? 'n/a (no valid lnav result)' : `${ratio.toFixed(2)}x`}  ${verdict(goals.speed.pass)}`);
  log(`  RSS:   novatrace stats peak RSS = ${stats.peak_rss_mb.toFixed(1)} MB  ${verdict(goals.rss.stats_pass)}`);
  log(`  RSS:   novatrace merge --json peak RSS = ${merge.peak_rss_mb.toFixed(1)} MB  ${verdict(goals.rss.merge_pass)}`);
  log('');
  log(`goal (analyze): wall time <= lnav's, peak RSS <= ${GOAL_ANALYZE_RSS_MB} MB, ${EXPECTED_BOOTS_PER_COPY} succeeded boots per copy`);
  log(`  time:  novatrace analyze --json ${analyze.median_seconds.toFixed(2)} s vs lnav level histogram ` +
    `${lnavValid ? `${lnav.median_seconds.toFixed(2)} s (${analyzeTimeRatio.toFixed(2)}x lnav's time)` : 'n/a (no valid lnav result)'}  ${verdict(goals.analyze_time.pass)}`);
  log(`  RSS:   novatrace analyze --json peak RSS = ${analyze.peak_rss_mb.toFixed(1)} MB  ${verdict(goals.analyze_rss.pass)}`);
  if (bootCheck.error) {
    log(`  boots: cannot check: ${bootCheck.error} (output kept: ${badRun.outputFile})  FAIL`);
  } else if (bootPass) {
    log(`  boots: ${corpus.copies} copies x ${EXPECTED_BOOTS_PER_COPY} = ${bootCheck.boots_counted}, all succeeded; ` +
      `${bootCheck.alone_copies.join(', ')} analyzed alone give exactly their operations in the corpus  PASS`);
  } else {
    log(`  boots: ${bootCheck.ok_copies}/${corpus.copies} copies OK; ${bootCheck.boots_counted} boots on expected instances ` +
      `(${bootCheck.boots_succeeded} succeeded; expected ${EXPECTED_BOOTS_PER_COPY * corpus.copies}), ` +
      `${bootCheck.unattributed.length} boots on other instances, ${bootCheck.boot_operations} boot operations in all  FAIL`);
    if (source.boots.length !== EXPECTED_BOOTS_PER_COPY) log(`  (the source itself yielded ${source.boots.length} boots, not ${EXPECTED_BOOTS_PER_COPY})`);
    for (const line of describeBootCheck(bootCheck)) log(line);
    if (!bootRunsAgree) log('  (the runs disagree: their checks differ; see results.json analyze_boots.runs)');
    const kept = analyzeRuns.filter((r) => !r.check.ok).map((r) => r.outputFile);
    if (kept.length) log(`  output kept for a look: ${kept.join(', ')}`);
  }

  const report = {
    generated_at: new Date().toISOString(),
    node: process.version,
    lnav: version,
    cores: os.cpus().length,
    runs: BENCH_RUNS,
    rss_source: HAVE_GNU_TIME ? 'GNU time %M' : '/proc/<pid>/status VmHWM polling',
    corpus: { dir: CORPUS_REL, ...corpus, mb },
    novatrace_copy0_totals: sampleTotals,
    results,
    ratio_stats_vs_lnav: ratio,
    goals,
    lnav_histogram: lnavHistogram,
    lnav_formats: lnavFormats,
    analyze_boots: {
      source_boots: source.boots,
      source_problems: source.problems,
      uuid_collisions: expectedBoots.collisions,
      runs_agree: bootRunsAgree,
      runs: bootChecks,
    },
  };
  fs.writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`);
  log(`\nwrote ${path.relative(REPO, RESULTS)}`);
  if (results.some((r) => r.failed)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exit(1);
});
