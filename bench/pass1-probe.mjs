// What issue 22's pass 1 (a byte-level scan into columns) could save over today's parsing, measured on one thread.
// Two readers of the same files, alternating, each run in its own process:
// - text: today's parsing thread's work (read-source.ts's blocking reads, the entry parser, encodeEntries per batch);
// - bytes: a probe that does less than a pass 1 must: per line, the oslo head off its bytes (OsloBytes.read, stats'
//   path), the context bracket (a bracket equal to the last one's bytes reuses its numbers, else parseContext and
//   its IDs interned), the instance tag (likewise), a DEBUG line's code location (` func /path/x.py:NN` or
//   `{{(pid=N) func /path/x.py:NN}}`, matched against the last few by bytes, else interned) and the message's byte
//   range, written into typed-array columns, each 512 entries' bytes copied once. It does not fold tracebacks,
//   count, mark resume points, learn hosts or tell noise: its time is a floor for pass 1, not an estimate of it.
// Both count entries; the bytes reader counts every line without an oslo head as another line.
// Usage: node bench/pass1-probe.mjs [DIR] [--runs N]   (default bench/out/corpus-4files, 5 runs each; build first)

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './bench-lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');

/** today's parsing thread's work on `files`: entries, wall and CPU seconds. */
async function textReader(files) {
  const { openSource } = await import(path.join(dist, 'io', 'read-source.js'));
  const { parseOptionsFrom } = await import(path.join(dist, 'parse', 'options.js'));
  const { CodeLocations } = await import(path.join(dist, 'parse', 'code-locations.js'));
  const { encodeEntries } = await import(path.join(dist, 'parse', 'entry-codec.js'));
  const options = parseOptionsFrom({});
  const locations = new CodeLocations();
  let entries = 0;
  for (const file of files) {
    const o = openSource({ path: file, stdin: false, modified: fs.statSync(file).mtimeMs }, options, { live: false, blocking: true, batch: 512, locations });
    for await (const batch of o.batches) {
      entries += batch.length;
      encodeEntries(batch);
    }
  }
  return entries;
}

/** Whether `b` holds `ref` at `at`. */
function same(b, at, ref) {
  for (let i = ref.length - 1; i >= 0; i--) if (b[at + i] !== ref[i]) return false;
  return true;
}

/** Where the bracket at `at` closes when it holds the same bytes as `last` (the line before's), else -1. */
function closeIfSame(b, at, last) {
  const n = last.length;
  return n > 0 && b[at + n - 1] === 93 && same(b, at, last) ? at + n - 1 : -1;
}

/** The probe: see the head of this file. */
async function bytesReader(files) {
  const { OsloBytes } = await import(path.join(dist, 'parse', 'oslo-bytes.js'));
  const { parseContext } = await import(path.join(dist, 'parse', 'oslo-body.js'));
  const { UTC } = await import(path.join(dist, 'parse', 'time.js'));
  const ids = new Map();
  const intern = (s) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
  const locationIds = new Map();
  const N = 512;
  const COLUMNS = 8;
  let times = new Float64Array(N);
  let ints = new Int32Array(N * COLUMNS);
  const pool = Buffer.alloc(1 << 22);
  let row = 0;
  let entries = 0;
  const flush = () => {
    row = 0;
    times = new Float64Array(N);
    ints = new Int32Array(N * COLUMNS);
  };
  const SIZE = 1 << 20;
  const buf = Buffer.alloc(SIZE);

  const readFile = (file) => {
    const fd = fs.openSync(file, 'r');
    const oslo = new OsloBytes(UTC);
    let lastBracket = Buffer.alloc(0);
    const contextIds = [-1, -1, -1, -1];
    let lastTag = Buffer.alloc(0);
    let tagId = -1;
    const recent = [];
    let carry = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, carry, SIZE - carry, null);
      const end = carry + n;
      if (n === 0 && carry === 0) break;
      oslo.use(buf);
      let s = 0;
      let chunkStart = 0;
      for (;;) {
        let e = buf.indexOf(10, s);
        if (e < 0 || e >= end) {
          if (n === 0 && s < end) e = end;
          else break;
        }
        const line = oslo.read(s, e);
        if (line === null) {
          s = e + 1;
          continue;
        }
        entries++;
        // Past the time, the pid, the level and the logger, each ended by a space.
        let pos = s + 19;
        while (buf[pos] !== 32) pos++;
        pos++;
        if (buf[pos] >= 48 && buf[pos] <= 57) {
          while (buf[pos] !== 32) pos++;
          pos++;
        }
        pos += line.body.level.length + 1 + line.body.logger.length + 1;
        const o = row * COLUMNS;
        ints[o] = ints[o + 1] = ints[o + 2] = ints[o + 3] = ints[o + 4] = ints[o + 5] = -1;
        if (line.body.hasContext && buf[pos] === 91) {
          let close = closeIfSame(buf, pos, lastBracket);
          if (close < 0) {
            close = buf.indexOf(93, pos);
            const c = parseContext(buf.latin1Slice(pos + 1, close).trim());
            contextIds[0] = c.globalRequestId === null ? -1 : intern(c.globalRequestId);
            contextIds[1] = c.requestId === null ? -1 : intern(c.requestId);
            contextIds[2] = c.user === null ? -1 : intern(c.user);
            contextIds[3] = c.project === null ? -1 : intern(c.project);
            lastBracket = Buffer.from(buf.subarray(pos, close + 1));
          }
          ints[o] = contextIds[0];
          ints[o + 1] = contextIds[1];
          ints[o + 2] = contextIds[2];
          ints[o + 3] = contextIds[3];
          pos = close + 1;
          if (buf[pos] === 32) pos++;
        }
        if (buf[pos] === 91 && buf[pos + 1] === 105 && buf[pos + 10] === 32) {
          let close = closeIfSame(buf, pos, lastTag);
          if (close < 0) {
            close = buf.indexOf(93, pos);
            tagId = intern(buf.latin1Slice(pos + 11, close).toLowerCase());
            lastTag = Buffer.from(buf.subarray(pos, close + 1));
          }
          ints[o + 4] = tagId;
          pos = close + 1;
          if (buf[pos] === 32) pos++;
        }
        let messageEnd = e;
        if (line.body.level === 'DEBUG') {
          let from = -1;
          let to = e;
          if (buf[e - 1] === 125 && buf[e - 2] === 125) {
            const open = buf.lastIndexOf('{{', e);
            if (open > pos) {
              from = open;
              to = e;
            }
          } else if (buf[e - 1] >= 48 && buf[e - 1] <= 57) {
            let colon = e - 1;
            while (buf[colon] >= 48 && buf[colon] <= 57) colon--;
            const sp2 = buf[colon] === 58 ? buf.lastIndexOf(32, colon) : -1;
            const sp1 = sp2 > pos ? buf.lastIndexOf(32, sp2 - 1) : -1;
            if (sp1 > pos) from = sp1;
          }
          if (from > 0) {
            let id = -1;
            for (const r of recent) {
              if (r.bytes.length === to - from && same(buf, from, r.bytes)) {
                id = r.id;
                break;
              }
            }
            if (id < 0) {
              const key = buf.latin1Slice(from, to);
              id = locationIds.get(key);
              if (id === undefined) locationIds.set(key, (id = locationIds.size));
              recent.unshift({ bytes: Buffer.from(buf.subarray(from, to)), id });
              if (recent.length > 8) recent.pop();
            }
            ints[o + 5] = id;
            messageEnd = from;
            while (messageEnd > pos && buf[messageEnd - 1] === 32) messageEnd--;
          }
        }
        times[row] = line.time;
        ints[o + 6] = pos - chunkStart;
        ints[o + 7] = messageEnd - pos;
        s = e + 1;
        if (++row === N) {
          buf.copy(pool, 0, chunkStart, s);
          chunkStart = s;
          flush();
        }
      }
      if (row > 0) {
        buf.copy(pool, 0, chunkStart, s);
        flush();
      }
      if (n === 0) break;
      buf.copy(buf, 0, s, end);
      carry = end - s;
      // A line as long as the buffer leaves no room to read its end: said, not read as the file's end.
      if (carry === SIZE) throw new Error(`${file}: a line longer than ${SIZE} bytes (the probe reads lines of at most that)`);
    }
    fs.closeSync(fd);
  };
  for (const file of files) readFile(file);
  return entries;
}

const args = process.argv.slice(2);
const child = args[0] === '--child';
if (child) {
  const [, which, ...files] = args;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const entries = await (which === 'text' ? textReader(files) : bytesReader(files)).catch((error) => {
    // One line for the parent to print, not a stack.
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exit(2);
  });
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(JSON.stringify({ entries, wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 }));
} else {
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? path.join(here, 'out', 'corpus-4files');
  if (!fs.existsSync(path.join(dist, 'parse', 'oslo-bytes.js'))) {
    console.error('novatrace is not built: npm run build');
    process.exit(2);
  }
  if (!fs.existsSync(dir)) {
    console.error(`${dir}: no such folder (npm run bench builds bench/out/corpus-4files)`);
    process.exit(2);
  }
  // The folder's files, and those of its folders (bench/out/corpus: copy-*/screen-n-*.txt), in name order.
  const filesIn = (d) => fs.readdirSync(d).sort().flatMap((f) => {
    const p = path.join(d, f);
    return fs.statSync(p).isDirectory() ? filesIn(p) : [p];
  });
  const files = filesIn(dir);
  if (files.length === 0) {
    console.error(`${dir}: no files`);
    process.exit(2);
  }
  const mb = files.reduce((sum, f) => sum + fs.statSync(f).size, 0) / 1e6;
  const results = { text: [], bytes: [] };
  for (let r = 0; r < runs + 1; r++) {
    for (const which of ['text', 'bytes']) {
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', which, ...files], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (out.status !== 0) {
        console.error(`${which}: exit ${out.status}: ${out.stderr.trim()}`);
        process.exit(1);
      }
      // The first round warms the page cache and is not counted.
      if (r > 0) results[which].push(JSON.parse(out.stdout));
    }
  }
  console.log(`${files.length} files, ${mb.toFixed(1)} MB (${path.relative(process.cwd(), dir) || dir}); ${runs} alternating runs each, after one not counted; one thread; medians:`);
  for (const which of ['text', 'bytes']) {
    const rs = results[which];
    const label = which === 'text' ? 'text: read-source + entry parser + encodeEntries' : 'bytes: the probe (a floor for pass 1)';
    console.log(`  ${label.padEnd(52)} ${median(rs.map((x) => x.wall)).toFixed(2)} s wall  ${median(rs.map((x) => x.cpu)).toFixed(2)} s CPU  (${rs[0].entries} entries)`);
  }
  const ratio = median(results.bytes.map((b, i) => b.cpu / results.text[i].cpu));
  console.log(`  bytes / text, CPU, pair by pair (median): ${ratio.toFixed(2)}`);
}
