// `novatrace follow`: operations as they happen, from files being written (followed like tail -F) or stdin:
// the live terminal UI on a terminal, NDJSON events otherwise. Ctrl-C stops it cleanly (exit 0).

import { stat } from 'node:fs/promises';
import { boundHeapGrowth } from './v8-settings.js';
import { followPaths } from '../io/follow/follow-paths.js';
import { UnreadBytes } from '../io/follow/unread-bytes.js';
import { NovatraceError } from '../model/errors.js';
import type { Output } from '../io/output.js';
import { openSource, sniff } from '../io/read-source.js';
import type { StartedFile } from '../io/follow/follow-event.js';
import type { LiveSink } from '../live/live-sink.js';
import { FollowSession } from '../live/session.js';
import { ndjsonSink } from '../live/ndjson-sink.js';
import { totalsOf } from '../report/stats.js';
import type { ParseOptions } from '../parse/entry-parser.js';
import { opensTui } from './analyze.js';

export interface FollowOptions {
  readonly parse: ParseOptions;
  readonly fromStart: boolean;
  /** --settle: an operation whose lines do not settle it is finished after this much quiet. */
  readonly settleMs: number;
  /** --idle-timeout: an operation with no new line for this long (wall time) is shown stalled. */
  readonly idleTimeoutMs: number;
  /** --keep: finished operations kept for the UI. */
  readonly keep: number;
  /** False with --no-tui. */
  readonly tui: boolean;
}

/**
 * Entries held by open requests and instance context at most (about 700 bytes each, and as much again that the
 * collector has yet to free: npm run bench:follow measures peak RSS). At 1,000 lines a second that is about a
 * minute of logs, at 100,000 half a second; beyond it the requests that can start no operation, then those quiet
 * the longest, are closed early (their operations final as they stand) and counted (`evicted`).
 */
const MAX_HELD_ENTRIES = 100_000;
/** Events are gathered and sent this often: at most 10 NDJSON flushes a second, and lag well under a second. */
const TICK_MS = 100;
/** Unparsed lines are reported at most this often, with their count since the last report. */
const UNPARSED_REPORT_MS = 5000;
/** What follow has read is said this often while lines come (NDJSON's follow.status; the UI's status line is live). */
const STATUS_MS = 2000;

/** stdin, live: entries as lines arrive, a half-built one let go when the stream pauses. */
async function pumpStdin(options: ParseOptions, session: FollowSession, signal: AbortSignal): Promise<void> {
  const opened = openSource({ path: '-', stdin: true, modified: new Date() }, options, { live: true });
  const onAbort = (): void => {
    // A pipe whose writer is still there (`journalctl -f |`) would keep the process alive: let it go.
    process.stdin.destroy();
    process.stdin.unref();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const report = (): void => {
    const stats = opened.stats();
    const { files, lines, entries, unparsed } = totalsOf(stats);
    const cut = stats.reduce((n, s) => n + s.cut, 0);
    const withSample = stats.find((s) => s.unparsedSamples.length > 0);
    const first = withSample?.unparsedSamples[0];
    const withCut = stats.find((s) => s.cutSamples.length > 0);
    const firstCut = withCut?.cutSamples[0];
    session.stdinCounted({
      files, lines, entries, unparsed, cut,
      ...(withSample && first ? { sample: { path: withSample.path, ...first } } : {}),
      ...(withCut && firstCut ? { cutSample: { path: withCut.path, ...firstCut } } : {}),
    });
  };
  // Lines that give no entry (unparsed) produce no batch: the counts are also read on a timer.
  const timer = setInterval(report, TICK_MS);
  try {
    for await (const batch of opened.batches) {
      for (const e of batch) session.stdinEntry(e);
      report();
      if (signal.aborted) break;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    clearInterval(timer);
    report();
    signal.removeEventListener('abort', onAbort);
  }
}

/** Named files that all are compressed logs would be waited on forever: that is a usage error. */
async function refuseOnlyCompressed(files: readonly string[]): Promise<void> {
  for (const file of files) {
    try {
      if ((await stat(file)).isFile() && (await sniff(file)) === 'gzip') continue;
    } catch (error) {
      if (error instanceof NovatraceError) continue; // bzip2, xz, zstd: sniff names the command
      return; // missing, a folder, a glob: the follower decides
    }
    return;
  }
  throw new NovatraceError(`nothing to follow: ${files.join(', ')} ${files.length === 1 ? 'is' : 'are'} compressed, so no longer written to; follow the uncompressed logs`);
}

export async function runFollow(paths: readonly string[], given: FollowOptions, out: Output, warn: (m: string) => void): Promise<number> {
  boundHeapGrowth();
  const { parse: options, settleMs, idleTimeoutMs, keep } = given;
  const readsStdin = paths.includes('-');
  const files = paths.filter((p) => p !== '-');
  // Before anything is shown or started: a usage error must leave the terminal as it was.
  if (files.length > 0 && !readsStdin) await refuseOnlyCompressed(files);
  // With the logs on stdin, keys come from the terminal itself.
  const tui = opensTui(given, process.env, process.stdin.isTTY === true || readsStdin, process.stdout.isTTY === true);

  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const session = new FollowSession(options, {
    maxHeldEntries: MAX_HELD_ENTRIES,
    // NDJSON says each operation and keeps none: only the UI shows the finished ones.
    live: { settleMs, idleTimeoutMs, updateEveryMs: 1000, keep: tui ? keep : 0, keepEntries: tui },
  });

  let sink: LiveSink | null = null;
  if (tui) {
    const { uiSink } = await import('../ui/ui-sink.js');
    sink = await uiSink(readsStdin);
    if (sink === null) warn('no terminal to read keys from (stdin carries the logs): printing NDJSON events');
  }
  sink ??= ndjsonSink(out);
  void sink.quit.then(stop);

  // Following has started once stdin is open and every followed file is open where its reading starts: only then
  // is it said (follow.ready), so that no line written after it is missed.
  const started: StartedFile[] = readsStdin ? [{ path: '-', offset: 0 }] : [];
  // Files whose bytes wait unread hold the others' entries back (the session's time order), whatever read last.
  const unread = new UnreadBytes();
  let waiting = files.length > 0;
  const pumps: Promise<void>[] = [];
  if (readsStdin) pumps.push(pumpStdin(options, session, controller.signal));
  if (files.length > 0) {
    pumps.push((async () => {
      // A backlog is read in time order, the files the others wait for first, so that it is not held whole.
      const readFirst = (waiting: readonly string[]): ReadonlySet<string> | null => session.readFirst(waiting);
      for await (const ev of followPaths(files, { fromStart: given.fromStart, signal: controller.signal, maxLine: options.maxLine, unread, readFirst })) {
        const now = Date.now();
        if (ev.type === 'lines') {
          session.lines(ev.path, ev.firstLine, ev.lines, now, ev.cut);
        } else if (ev.type === 'ready') {
          started.push(...ev.files);
          session.ready(ev.files.length);
          waiting = false;
          await sink.ready(started, now);
        } else {
          session.fileChanged(ev.path, ev.change);
          // A new file needs no notice: it shows in the files count.
          if (ev.change !== 'added') await sink.warning(ev.path, ev.change, ev.message, now);
        }
      }
    })());
  }
  if (!waiting) await sink.ready(started, Date.now());
  const inputs = Promise.all(pumps).then(() => 'ended' as const);
  const aborted = new Promise<'aborted'>((resolve) => controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true }));

  let unparsedAt = 0;
  let statusAt = 0;
  let statusLines = 0;
  let how: 'ended' | 'aborted' | 'tick' = 'tick';
  while (how === 'tick') {
    how = await Promise.race([inputs, aborted, new Promise<'tick'>((r) => setTimeout(() => r('tick'), TICK_MS))]);
    const now = Date.now();
    // The input ended, or following stops: every operation gets its last word, as analyze of the same lines gives.
    const last = how !== 'tick';
    const events = last ? session.finish(now) : session.tick(now, unread.paths());
    const s = session.status(now);
    await sink.events(events, now, session.analyzer, s);
    if (!last && s.totals.lines !== statusLines && now - statusAt >= STATUS_MS) {
      await sink.status(s, now);
      statusAt = now;
      statusLines = s.totals.lines;
    }
    if (last || now - unparsedAt >= UNPARSED_REPORT_MS) {
      // Lines that matched no log format, lines cut at --max-line, and entries that came late, since the last report.
      const reports = [['unparsed', session.unparsedWarning()], ['cut', session.cutWarning()], ['late', session.lateWarning()]] as const;
      for (const [kind, warning] of reports) {
        if (warning === null) continue;
        await sink.warning(warning.path, kind, warning.message, now);
        unparsedAt = now;
      }
    }
  }
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  controller.abort();
  const now = Date.now();
  await sink.stopped(session.status(now), now);
  // The readers stop at the abort; a read already under way is not waited for.
  await Promise.race([inputs.catch(() => undefined), new Promise((r) => setTimeout(r, 200).unref())]);
  return 0;
}
