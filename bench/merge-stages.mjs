#!/usr/bin/env node
// Where merge's time goes after parsing, on the bench corpus: every file is parsed first (not timed), then the
// part of `novatrace merge` that runs on the main thread once entries exist is timed on its own:
//   order   the k-way merge and each file's reorder window; entries dropped
//   json    order, each entry as NDJSON, written to /dev/null (merge --json)
//   text    order, each entry as a text line, written to /dev/null (merge --color never)
//   color   the same, painted (merge --color always)
//   level   text with --level ERROR (the filter, few lines written)
// Wall and CPU time of the timed part (all threads), medians of alternating rounds, each stage in its own process.
// With --base DIR (another build's dist/, e.g. main's), each stage also runs on that build, alternating with this one.
// MERGE_STAGES_PROFILE=out.cpuprofile node bench/merge-stages.mjs --stage json dist/ corpus/ >/dev/null profiles one
// stage's timed part alone.
// Repeat: npm run build && node bench/merge-stages.mjs [rounds] [--base /path/to/other/dist] [--stages json,text]
//   [--corpus DIR] (default: bench/out/corpus, made by npm run bench)

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAGES = ['order', 'json', 'text', 'color', 'level'];

/** Runs in the child: parse everything, then time one stage. Results go to stderr (stdout is /dev/null). */
async function stage(name, dist, corpus) {
  const load = (file) => import(pathToFileURL(path.join(dist, file)).href);
  const { resolveInputs } = await load('io/inputs.js');
  const { firstTimes, readAll } = await load('commands/read-all.js');
  const { mergeByTime } = await load('merge/k-way.js');
  const { parseOptionsFrom } = await load('parse/options.js');
  const { Output } = await load('io/output.js');
  const merge = await load('commands/merge.js');
  const { formatEntryJson } = await load('report/entry-json.js');
  const { formatEntry } = await load('report/entry-text.js');
  const { NO_PAINT, ANSI_PAINT } = await load('format/paint.js');
  const { buildEntryFilter } = await load('select/entry-filter.js');

  const options = parseOptionsFrom({});
  const { sources } = await resolveInputs([corpus]);
  const reading = readAll(sources, options, false);
  const parsed = [];
  let entries = 0;
  for (const stream of reading.streams) {
    const batches = [];
    for await (const batch of stream) {
      batches.push(batch);
      entries += batch.length;
    }
    parsed.push(batches);
  }
  const starts = await firstTimes(sources, options);
  // Batches handed out as the readers hand them: an async iterable per file.
  const streams = parsed.map((batches) => ({
    async *[Symbol.asyncIterator]() {
      yield* batches;
    },
  }));

  const out = new Output(process.stdout);
  const filter = name === 'level' ? buildEntryFilter({ level: 'ERROR' }) : null;
  const json = name === 'json';
  const paint = name === 'color' ? ANSI_PAINT : NO_PAINT;
  globalThis.gc?.();
  const profile = process.env.MERGE_STAGES_PROFILE;
  const session = profile ? await startProfile() : null;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let written = 0;
  if (name === 'order') {
    for await (const batch of mergeByTime(streams, starts)) written += batch.length;
  } else if (typeof merge.writeMerged === 'function') {
    written = await merge.writeMerged(mergeByTime(streams, starts), { json, paint, filter, live: false }, out);
  } else {
    // A build before writeMerged: runMerge's loop as it was.
    const format = json ? formatEntryJson : (e) => formatEntry(e, paint);
    for await (const batch of mergeByTime(streams, starts)) {
      for (const entry of batch) {
        if (filter === null || filter(entry)) {
          await out.line(format(entry));
          written++;
        }
      }
    }
    await out.flush();
  }
  const cpu = process.cpuUsage(c0);
  const seconds = (performance.now() - t0) / 1000;
  if (session !== null) await stopProfile(session, profile);
  process.stderr.write(`${JSON.stringify({ seconds, cpu: (cpu.user + cpu.system) / 1e6, entries, written })}\n`);
}

/** The timed part alone, as a .cpuprofile (MERGE_STAGES_PROFILE=file node bench/merge-stages.mjs --stage ...). */
async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return session;
}

async function stopProfile(session, file) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

function run(name, dist, corpus) {
  const devNull = openSync('/dev/null', 'w');
  try {
    const r = spawnSync(process.execPath, ['--max-old-space-size=6144', '--expose-gc', fileURLToPath(import.meta.url), '--stage', name, dist, corpus],
      { encoding: 'utf8', stdio: ['ignore', devNull, 'pipe'] });
    if (r.status !== 0) throw new Error(`stage ${name} (${dist}) failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return JSON.parse(r.stderr.trim().split('\n').pop());
  } finally {
    closeSync(devNull);
  }
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

async function main() {
  if (process.argv[2] === '--stage') return stage(process.argv[3], process.argv[4], process.argv[5]);
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const value = args[i + 1];
    args.splice(i, 2);
    return value;
  };
  const base = flag('--base');
  const only = flag('--stages');
  const corpus = path.resolve(flag('--corpus') ?? path.join(ROOT, 'bench', 'out', 'corpus'));
  const rounds = Number(args[0] ?? 3);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`rounds: expected a positive integer, got "${args[0]}"`);
  const own = path.join(ROOT, 'dist');
  if (!existsSync(path.join(own, 'cli.js'))) throw new Error('no build: run npm run build first');
  if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}: run npm run bench once first`);
  const stages = only === undefined ? STAGES : only.split(',');
  const builds = base === undefined ? [['this', own]] : [['base', path.resolve(base)], ['this', own]];
  const results = new Map();
  for (let i = 0; i < rounds; i++) {
    for (const stageName of stages) {
      for (const [label, dist] of builds) {
        const key = `${stageName} ${label}`;
        if (!results.has(key)) results.set(key, []);
        results.get(key).push(run(stageName, dist, corpus));
      }
    }
  }
  console.log(`merge after parsing, on ${corpus}: median of ${rounds} alternating rounds, Node ${process.version}`);
  for (const [key, rs] of results) {
    const wall = median(rs.map((r) => r.seconds));
    const cpu = median(rs.map((r) => r.cpu));
    const all = rs.map((r) => r.seconds.toFixed(2)).join(' ');
    console.log(`  ${key.padEnd(12)} ${wall.toFixed(2).padStart(6)} s  cpu ${cpu.toFixed(2).padStart(5)} s   (${all})  ${rs[0].written} of ${rs[0].entries} entries`);
  }
}

main().catch((error) => {
  process.stderr.write(`bench/merge-stages.mjs: ${error.message}\n`);
  process.exitCode = 1;
});
