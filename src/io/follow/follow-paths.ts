// Watched paths -> lines, like `tail -F` over many files: the io layer under `novatrace follow`. One loop reads
// the followed files in turns, at most 1 MiB each per turn (less when many wait; a backlog in the order the
// consumer asks: reading-turn.ts), and hands each batch on only when the consumer pulls (an async generator): a
// slow consumer pauses the reading, and memory stays at one read buffer plus each file's unfinished line, whatever
// the files' sizes.
//
// What it does with the files (every case is decided by stat of the path against the open descriptor; chokidar
// events only wake the loop early, and a poll every `pollMs` catches whatever they miss):
// - Lines are complete (the one line splitter, ../line-splitter.ts): a line written in pieces is held until its
//   newline comes, a multi-byte character cut between reads is joined, a trailing \r is dropped. `firstLine` is
//   the file's own line number, counted from 1 again after each rotation or truncation. A line longer than
//   `maxLine` bytes is cut there, the rest of it skipped, and named in the event's `cut` with its length.
// - Starting at the end (`fromStart: false`) shows no line already there; the lines before are counted once
//   (one pass over the file) so numbers stay true, and an unfinished last line is shown when it is finished.
// - Rotation by rename (logrotate's default): the old file is read to its end through the open descriptor, and
//   until it has been quiet for max(1 s, 4 polls), since a daemon that reopens its log on a signal still writes
//   there meanwhile; then its unfinished line, a `rotated` event, and the new file from its start. Lines written
//   to the old file after that are not seen. While the name is missing (moved away, not yet recreated), the old
//   file is still followed. A file rotated twice before the follower reached the end of the first rotation (a
//   consumer far behind) loses the middle file: it is then a rotated copy, not followed (below).
// - copy-truncate: noticed when the bytes just before the read position change (the file got shorter, or was
//   truncated and written past that position again); then `truncated` and the file again from byte 0. Lines
//   written after our last read and before the copy are in the copy only (not seen here), and lines written
//   between the copy and the truncation are lost by copy-truncate itself, for every reader: prefer rename.
// - A deleted file is read to its end, then dropped with `removed`. A named file that does not exist (yet, or
//   any more) is waited for: said once with `unreadable`, then `added` when it appears. Folders (LOG_PATTERNS,
//   recursively, as reading does) and globs pick up new files with `added`, read from their start.
// - Not followed: compressed files (`unreadable`: follow the uncompressed log), files the process may not read
//   (`unreadable`; tried again when they change), pipes and devices (`unreadable`), and copies named like a rotation of a followed log
//   (`a.log.1`, `a.log-20260101`, `a.log.1.gz` beside `a.log`: their lines are read through `a.log`), nor a
//   second name of a followed file (symlink, hard link, renamed into another followed name).
// - Never throws for a file's trouble. Throws NovatraceError (exit 2) only when no argument can be followed:
//   none given, `-`, a glob whose base folders do not exist, a file whose folder does not exist; while another
//   argument can be followed, each bad one is reported as an `unreadable` event first.
// - On `signal` abort (or when the consumer stops iterating), watchers and files are closed and the iterator
//   ends, leaving no timer or handle behind; an unfinished last line is not emitted (it may never end).
// - Files there at the start raise no event (their lines tell); the first look reports every file it cannot
//   follow, a named missing one included, after opening the others.
// - A `ready` event follows, once every folder watch is set up too: it lists the files followed and where each is
//   read from, and no line appended to them after it is missed. A caller that says "following" before it may
//   lose the lines written in the first moments (opening, counting a large file's lines and the watchers' first
//   scan take a while on a busy machine).
// - `unread` tells a consumer that merges files by time which files hold bytes no read has reached (their size):
//   it waits for them before it lets later lines of other files go.
// - Each turn asks every file's size (fstat on its descriptor) and reads those with bytes waiting; a file read to
//   its end is stepped (its name looked at: rotation, truncation, deletion) once a poll interval, not at every
//   wake. With `readFirst` (the session's merge), a backlog is read in the order it names (reading-turn.ts).

import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_LINE } from '../../parse/entry-parser.js';
import { Discovery } from './discovery.js';
import { readBufferSize } from './file-generation.js';
import type { FollowEvent, ReadyEvent } from './follow-event.js';
import { resolveTargets, watchRoots } from './follow-targets.js';
import { FollowedFiles } from './followed-files.js';
import { fileEvent } from './make-events.js';
import { PathFollower } from './path-follower.js';
import { WakeUp } from './wake-up.js';
import type { UnreadBytes } from './unread-bytes.js';
import { READ_BUDGET, ReadingTurns } from './reading-turn.js';
import type { ReadFirst } from './reading-turn.js';
import { watchFolders } from './watch-folders.js';

export interface FollowOptions {
  /** Read what the files already hold first (else start at their current end). */
  readonly fromStart: boolean;
  /** Stops following; the iterator then ends. */
  readonly signal?: AbortSignal;
  /** Poll interval for stat checks (chokidar events are the primary trigger; polling catches what they miss). Default 250 ms. */
  readonly pollMs?: number;
  /** Bytes a line may have (--max-line); default DEFAULT_MAX_LINE. */
  readonly maxLine?: number;
  /** Told how to ask which followed files hold bytes not read yet. */
  readonly unread?: UnreadBytes;
  /** Which of the files with bytes waiting to read first (reading-turn.ts); every one in turn when absent. */
  readonly readFirst?: ReadFirst;
}

const DEFAULT_POLL_MS = 250;

/** Waits for `promise`, or until `signal` aborts, whichever comes first; leaves no listener behind. */
async function unlessAborted(promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return;
  let onAbort = (): void => undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Throws RangeError at once for a `pollMs` that is not a positive number (a caller's bug, not the user's). */
export function followPaths(args: readonly string[], options: FollowOptions): AsyncIterable<FollowEvent> {
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  if (!(pollMs > 0 && Number.isFinite(pollMs))) throw new RangeError(`pollMs must be a positive number of milliseconds, not ${pollMs}`);
  const maxLine = options.maxLine ?? DEFAULT_MAX_LINE;
  if (!(maxLine >= 1)) throw new RangeError(`maxLine must be a positive number of bytes, not ${maxLine}`);
  return follow([...args], Object.freeze({ ...options, pollMs, maxLine }));
}

async function* follow(args: readonly string[], options: FollowOptions & { readonly pollMs: number; readonly maxLine: number }): AsyncGenerator<FollowEvent> {
  const { signal, pollMs, maxLine } = options;
  const { targets, bad } = await resolveTargets(args);
  if (signal?.aborted) return;
  const graceMs = Math.max(1000, 4 * pollMs);
  // Folders are listed again now and then even without an event: a watch can fail (inotify limits, NFS).
  const discoverEveryMs = Math.max(2000, 8 * pollMs);
  const buffer = Buffer.alloc(readBufferSize(READ_BUDGET));
  const files = new FollowedFiles<PathFollower>();
  const now = (): number => performance.now();
  const discovery = new Discovery(targets, { fromStart: options.fromStart, buffer, maxLine, files, now });
  const wake = new WakeUp();
  options.unread?.attach(() => {
    const waiting = new Set<string>();
    for (const follower of files.followers()) if (follower.bytesWaiting()) waiting.add(follower.path);
    return waiting;
  });
  const watch = watchFolders(watchRoots(targets), {
    appeared: (path) => {
      discovery.appeared(path);
      wake.notify();
    },
    changed: () => wake.notify(),
  });

  let closing: Promise<void> | null = null;
  const closeAll = (): Promise<void> => {
    closing ??= Promise.all([watch.close(), ...files.followers().map((f) => f.close())]).then(() => undefined);
    return closing;
  };
  // While the generator waits at a yield for a consumer that may never pull again, nothing else is reading:
  // an abort then closes everything at once rather than when (if) the consumer comes back.
  let suspended = false;
  const onAbort = (): void => {
    wake.notify();
    if (suspended) void closeAll();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  async function* hand(events: readonly FollowEvent[]): AsyncGenerator<FollowEvent> {
    for (const event of events) {
      if (signal?.aborted) return;
      suspended = true;
      yield event;
      suspended = false;
    }
  }

  try {
    yield* hand(bad.map((b) => fileEvent(b.path, 'unreadable', b.message)));
    // The first look opens every file there at its start offset before anything is read.
    yield* hand(await discovery.pass());
    let lastDiscovery = now();
    const turns = new ReadingTurns<PathFollower>(options.readFirst, pollMs);
    await unlessAborted(watch.ready, signal);
    const ready: ReadyEvent = { type: 'ready', files: files.followers().map((f) => ({ path: f.path, offset: f.offset })) };
    yield* hand([ready]);
    while (!signal?.aborted) {
      let busy = false;
      if (discovery.pending || now() - lastDiscovery >= discoverEveryMs) {
        if (!discovery.pending) discovery.everything();
        lastDiscovery = now();
        const events = await discovery.pass();
        busy = events.length > 0;
        yield* hand(events);
      }
      const turn = turns.next(files.followers(), now());
      for (const follower of turn.step) {
        if (signal?.aborted) break;
        const step = await follower.step({ buffer, maxLine, budget: turn.budget, graceMs, now: now(), files });
        if (step.ended) discovery.ended(follower.key);
        busy ||= step.busy;
        yield* hand(step.events);
      }
      if (!busy) await wake.sleep(pollMs, signal);
    }
  } finally {
    suspended = false;
    signal?.removeEventListener('abort', onAbort);
    await closeAll();
  }
}
