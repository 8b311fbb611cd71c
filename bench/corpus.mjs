// The benchmark's inputs, made from the real devstack CI job: the corpus of copies (each a day later, its own IDs),
// the same bytes as one file per service, scratch copies that may be appended to, and "the next day's copy"'s first
// lines to append. bench/bench.mjs times novatrace on them; nothing here is timed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { growthTargets } from './bench-lib.mjs';
import { UUID_RE, makeUuidRewriter } from './rewrite.mjs';

export const SERVICES = ['api', 'cond', 'cpu', 'sch']; // screen-n-<service>.txt(.gz)

/** The repository, the real job the corpus is made from, and where the bench's inputs are kept (git-ignored). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE_DIR = path.resolve(REPO, '../shared/realdata/devstack-ci-mitaka');
export const OUT_DIR = path.join(REPO, 'bench/out');
export const CORPUS_DIR = path.join(OUT_DIR, 'corpus');
export const FOUR_DIR = path.join(OUT_DIR, 'corpus-4files');
export const GENERATOR_VERSION = 1; // bump when the corpus transformation changes
const FOUR_FILES_VERSION = 1;

const LEADING_TS_RE = /^(\d{4})-(\d{2})-(\d{2})(?= \d{2}:\d{2}:\d{2}\.\d{3})/;
const FLUSH_BYTES = 1 << 20;

export const copyName = (k) => `copy-${String(k).padStart(3, '0')}`;
export const fileName = (service) => `screen-n-${service}.txt`;

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

/**
 * The lines of copy k of one source text, rewritten (date shifted k days, every UUID mapped through copy k's
 * rewriter), each with its newline. Stops after maxBytes when given (whole lines only: the line that would pass it
 * is left out).
 */
export function* copyLines(text, k, maxBytes = Infinity) {
  const rewriteUuid = makeUuidRewriter(k);
  const shiftDate = makeDateShifter(k);
  let bytes = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    end = end === -1 ? text.length : end + 1; // keep the newline (if any) with its line
    const line = text.slice(start, end).replace(LEADING_TS_RE, shiftDate).replace(UUID_RE, rewriteUuid);
    start = end;
    bytes += line.length; // latin1: one char per byte
    if (bytes > maxBytes) return;
    yield line;
  }
}

/** Writes lines to fd (appending when the file was opened so), flushing about every MiB. Returns bytes and lines. */
function writeLines(fd, lines) {
  let buffer = [];
  let buffered = 0;
  let bytes = 0;
  let count = 0;
  const flush = () => {
    const chunk = buffer.join('');
    fs.writeSync(fd, chunk, null, 'latin1');
    bytes += chunk.length;
    buffer = [];
    buffered = 0;
  };
  for (const line of lines) {
    buffer.push(line);
    buffered += line.length;
    count += 1;
    if (buffered >= FLUSH_BYTES) flush();
  }
  flush();
  return { bytes, lines: count };
}

export function readSource(sourceDir, service) {
  // latin1 round-trips every byte, so copies are byte-for-byte the same size as the source.
  return gunzipSync(fs.readFileSync(path.join(sourceDir, `${fileName(service)}.gz`))).toString('latin1');
}

export function corpusFiles(dir, copies) {
  const files = [];
  for (let k = 0; k < copies; k++) for (const s of SERVICES) files.push(path.join(dir, copyName(k), fileName(s)));
  return files;
}

function readManifest(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const sizeOf = (files) => files.reduce((a, f) => a + (fs.existsSync(f) ? fs.statSync(f).size : Number.NaN), 0);

/** The copies a corpus of at least mb MB needs (a copy is as big as the four sources: rewrites keep lengths). */
export function copiesFor(sourceDir, mb) {
  const perCopy = SERVICES.map((s) => gunzipSync(fs.readFileSync(path.join(sourceDir, `${fileName(s)}.gz`))).length)
    .reduce((a, b) => a + b, 0);
  return Math.ceil((mb * 1e6) / perCopy);
}

/**
 * A corpus of `copies` copies in dir (dir/copy-NNN/screen-n-<service>.txt), reused while its manifest (written last,
 * so a complete corpus) matches the copies asked for and the files' sizes. `tag` goes into the manifest (BENCH_MB).
 */
export function ensureCorpus({ sourceDir, dir, manifestFile, copies, tag, log }) {
  const existing = readManifest(manifestFile);
  if (existing && existing.generator === GENERATOR_VERSION && existing.copies === copies && existing.bench_mb === tag &&
      sizeOf(corpusFiles(dir, copies)) === existing.bytes) {
    log(`corpus: reusing ${dir} (${existing.copies} copies, ${(existing.bytes / 1e6).toFixed(1)} MB, ` +
      `${existing.lines} lines; generated in ${existing.generation_seconds.toFixed(1)} s)`);
    return existing;
  }
  const t0 = process.hrtime.bigint();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(manifestFile, { force: true });
  fs.mkdirSync(dir, { recursive: true });
  log(`corpus: generating ${copies} copies into ${dir} ...`);
  for (let k = 0; k < copies; k++) fs.mkdirSync(path.join(dir, copyName(k)));
  // One source text in memory at a time; its copies are streamed out line by line.
  let bytes = 0;
  let lines = 0;
  const sources = {};
  for (const service of SERVICES) {
    const text = readSource(sourceDir, service);
    if (!text.endsWith('\n')) throw new Error(`${fileName(service)}.gz does not end with a newline: copies would join lines`);
    let sourceLines = 0;
    for (let k = 0; k < copies; k++) {
      const fd = fs.openSync(path.join(dir, copyName(k), fileName(service)), 'w');
      const written = writeLines(fd, copyLines(text, k));
      fs.closeSync(fd);
      bytes += written.bytes;
      lines += written.lines;
      sourceLines = written.lines;
    }
    sources[service] = { bytes: text.length, lines: sourceLines };
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const manifest = {
    generator: GENERATOR_VERSION, bench_mb: tag, copies, files: copies * SERVICES.length, bytes, lines, sources,
    generation_seconds: seconds, generated_at: new Date().toISOString(),
  };
  fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`corpus: ${copies} copies, ${manifest.files} files, ${(bytes / 1e6).toFixed(1)} MB, ${lines} lines, in ${seconds.toFixed(1)} s`);
  return manifest;
}

/**
 * The same bytes as the corpus, one file per service: dir/screen-n-<service>.txt is the concatenation of the
 * corpus's copies of it in name order, which is time order (each copy a day later). Rebuilt when the corpus changed.
 */
export function ensureFourFiles({ corpusDir, corpus, dir, manifestFile, log }) {
  const files = SERVICES.map((s) => path.join(dir, fileName(s)));
  const existing = readManifest(manifestFile);
  if (existing && existing.version === FOUR_FILES_VERSION && existing.corpus_generated_at === corpus.generated_at &&
      existing.bytes === corpus.bytes && sizeOf(files) === corpus.bytes) {
    log(`corpus: reusing ${dir} (${SERVICES.length} files, ${(corpus.bytes / 1e6).toFixed(1)} MB)`);
    return { dir, files, bytes: corpus.bytes, lines: corpus.lines };
  }
  const t0 = process.hrtime.bigint();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(manifestFile, { force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const service of SERVICES) {
    const out = fs.openSync(path.join(dir, fileName(service)), 'w');
    for (let k = 0; k < corpus.copies; k++) fs.writeSync(out, fs.readFileSync(path.join(corpusDir, copyName(k), fileName(service))));
    fs.closeSync(out);
  }
  if (sizeOf(files) !== corpus.bytes) throw new Error(`${dir}: the four files do not hold the corpus's ${corpus.bytes} bytes`);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  fs.writeFileSync(manifestFile, `${JSON.stringify({ version: FOUR_FILES_VERSION, corpus_generated_at: corpus.generated_at,
    bytes: corpus.bytes, seconds }, null, 2)}\n`);
  log(`corpus: ${dir}: the corpus as ${SERVICES.length} files (cat copy-*/screen-n-<service>.txt), in ${seconds.toFixed(1)} s`);
  return { dir, files, bytes: corpus.bytes, lines: corpus.lines };
}

/** A real copy of every file under src (not hard links: the grown runs append to it), in place of dst. */
export function copyTree(src, dst) {
  fs.rmSync(dst, { recursive: true, force: true });
  fs.cpSync(src, dst, { recursive: true });
}

/**
 * Appends to each service's file (appendTo(service) names it) the first lines of copy `nextCopy` of its source: real
 * lines of the job, a day after the last copy, with IDs no copy has. Each service gets `fraction` of its bytes in the
 * corpus (whole lines). Returns the bytes appended per service and in all.
 */
export function appendNextDay({ sourceDir, corpus, nextCopy, fraction, appendTo }) {
  const targets = growthTargets(corpus, SERVICES, fraction);
  const appended = {};
  let total = 0;
  for (const service of SERVICES) {
    const fd = fs.openSync(appendTo(service), 'a');
    const written = writeLines(fd, copyLines(readSource(sourceDir, service), nextCopy, targets[service]));
    fs.closeSync(fd);
    appended[service] = written;
    total += written.bytes;
  }
  return { appended, bytes: total };
}

/**
 * The bench's corpus of at least `mb` MB in CORPUS_DIR (npm run bench's, 300 MB by default; the other bench scripts
 * use that one), built when missing, and with `fourFiles` the same bytes as 4 files in FOUR_DIR.
 */
export function benchCorpus({ mb, fourFiles = false, log }) {
  const corpus = ensureCorpus({ sourceDir: SOURCE_DIR, dir: CORPUS_DIR, manifestFile: path.join(OUT_DIR, 'corpus-manifest.json'),
    copies: copiesFor(SOURCE_DIR, mb), tag: mb, log });
  const four = fourFiles
    ? ensureFourFiles({ corpusDir: CORPUS_DIR, corpus, dir: FOUR_DIR, manifestFile: path.join(OUT_DIR, 'corpus-4files-manifest.json'), log })
    : null;
  return { corpus, four };
}
