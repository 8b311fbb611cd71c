// One followed path through the generations of its file: reads what was appended, and notices a truncation, a
// rotation (the path names a new file) and a deletion. Everything is decided from the file system (stat of the
// path against the open descriptor), so a watcher event that never came costs latency, never correctness.

import type { BigIntStats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFsError } from '../errors.js';
import { FileGeneration } from './file-generation.js';
import type { ReadOutcome } from './file-generation.js';
import { identityOf } from './file-identity.js';
import type { FollowedFiles } from './followed-files.js';
import type { FollowEvent } from './follow-event.js';
import { fileEvent, linesEvent } from './make-events.js';
import { rotatedFrom } from './rotated-name.js';

export interface StepContext {
  readonly buffer: Buffer;
  /** Bytes a line may have (see FileGeneration.open). */
  readonly maxLine: number;
  /** Bytes one step may read. */
  readonly budget: number;
  /** How long a replaced file must be quiet before its follower moves on to the new one. */
  readonly graceMs: number;
  readonly now: number;
  readonly files: FollowedFiles<PathFollower>;
}

export interface Step {
  readonly events: readonly FollowEvent[];
  /** Something was read or changed: step again before sleeping. */
  readonly busy: boolean;
  /** The follower is finished and was dropped from `files`. */
  readonly ended: boolean;
}

/** Rotated copies of a truncated file looked into, newest first (`a.log.1`, then older ones a daemon may not have rotated yet). */
const MAX_COPIES_TRIED = 3;

const IDLE: Step = Object.freeze({ events: [], busy: false, ended: false });

function isGone(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function statPath(path: string): Promise<BigIntStats | null | 'unknown'> {
  try {
    return await stat(path, { bigint: true });
  } catch (error) {
    // EACCES on a folder, EIO: the name tells nothing now; keep reading the open file.
    return isGone(error) ? null : 'unknown';
  }
}

export class PathFollower {
  private replacedAt: number | null = null;
  private lastData: number;

  /** `path` as the user named it (events carry it); `key` its absolute form. */
  constructor(
    readonly path: string,
    readonly key: string,
    private generation: FileGeneration,
    now: number,
  ) {
    this.lastData = now;
  }

  get identity(): string {
    return this.generation.identity;
  }

  /** Where reading goes on from in the file the path names now: before the first step, where it starts. */
  get offset(): number {
    return this.generation.position;
  }

  /** Its file holds bytes written that no read has reached yet. */
  bytesWaiting(): boolean {
    return this.generation.bytesWaiting();
  }

  /** Never throws: a file that fails (EIO, a vanished mount) ends its follower with `unreadable`. */
  async step(ctx: StepContext): Promise<Step> {
    try {
      return await this.advance(ctx);
    } catch (error) {
      await this.generation.close().catch(() => undefined);
      // Counted as read to its end: picked up again from its start, its lines would be shown twice.
      ctx.files.drop(this.key, this.generation.identity, true);
      return { events: [fileEvent(this.path, 'unreadable', describeFsError(this.path, error))], busy: true, ended: true };
    }
  }

  private async advance(ctx: StepContext): Promise<Step> {
    const read = await this.generation.read(ctx.buffer, ctx.budget);
    return read.kind === 'end' ? this.atEnd(ctx) : this.took(read, ctx);
  }

  private async took(read: Exclude<ReadOutcome, { readonly kind: 'end' }>, ctx: StepContext): Promise<Step> {
    if (read.kind === 'lines') {
      this.lastData = ctx.now;
      return { events: linesEvent(this.path, read.split), busy: true, ended: false };
    }
    // copytruncate copied the file, then truncated it: the lines written since the last read are in the copy.
    const copied = await this.restOfCopy(ctx);
    const rest = this.generation.restart();
    const from = copied === null || copied.lines === 0 ? '' : `; its last ${copied.lines} lines read from its copy ${copied.path}`;
    const events = [
      ...(copied?.events ?? []), ...linesEvent(this.path, rest),
      fileEvent(this.path, 'truncated', `${this.path}: truncated${from}; reading it again from its start`),
    ];
    return { events, busy: true, ended: false };
  }

  /**
   * The lines of a truncated file past the offset reached, from the copy copytruncate made beside it (`a.log.1`):
   * the newest file named as a rotation of this one that holds what was read at the same offsets. Null when none.
   */
  private async restOfCopy(ctx: StepContext): Promise<{ readonly path: string; readonly lines: number; readonly events: readonly FollowEvent[] } | null> {
    const dir = dirname(this.key);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return null;
    }
    const self = new Set([this.key]);
    const copies: { readonly path: string; readonly modified: number }[] = [];
    for (const name of names) {
      const path = join(dir, name);
      if (rotatedFrom(path, self) !== this.key) continue;
      const stats = await stat(path).catch(() => null);
      if (stats?.isFile() === true) copies.push({ path, modified: stats.mtimeMs });
    }
    copies.sort((a, b) => b.modified - a.modified);
    for (const copy of copies.slice(0, MAX_COPIES_TRIED)) {
      const rest = await this.generation.readCopy(copy.path, ctx.buffer, ctx.budget);
      if (rest === null) continue;
      const events = rest.reads.flatMap((split) => linesEvent(this.path, split));
      const lines = rest.reads.reduce((n, split) => n + split.lines.length, 0);
      // Named as the user named the followed path: `dir/a.log.1` beside `dir/a.log`.
      return { path: join(dirname(this.path), basename(copy.path)), lines, events };
    }
    return null;
  }

  /**
   * One more read once the name was seen changed: what was written between the last read and the stat would
   * otherwise be lost (a logger's last lines, then the file deleted). Null when there was nothing.
   */
  private async drained(ctx: StepContext): Promise<Step | null> {
    const read = await this.generation.read(ctx.buffer, ctx.budget);
    return read.kind === 'end' ? null : this.took(read, ctx);
  }

  /** Read to the end of the open file: only now can the name's changes be acted on without losing lines. */
  private async atEnd(ctx: StepContext): Promise<Step> {
    const named = await statPath(this.path);
    if (named === 'unknown') return IDLE;
    if (named === null) {
      // Renamed away (logrotate's first step): its writer still appends to it until it reopens the name.
      if ((await this.generation.links()) > 0) return IDLE;
      return (await this.drained(ctx)) ?? this.end(ctx, 'removed', `${this.path}: deleted`, false);
    }
    const identity = identityOf(named);
    if (identity === this.generation.identity) {
      this.replacedAt = null;
      return IDLE;
    }
    // A daemon that reopens its log only when signalled (logrotate `create` + `postrotate`) still writes to the
    // old file for a while: it is read until quiet for the grace time, then the new file from its start.
    this.replacedAt ??= ctx.now;
    if (ctx.now - Math.max(this.replacedAt, this.lastData) < ctx.graceMs) return IDLE;
    const more = await this.drained(ctx);
    if (more) return more;
    if (ctx.files.taken(identity)) {
      return this.end(ctx, 'removed', `${this.path}: now names a file that is followed under another name; its lines are read there`, true);
    }
    return this.moveOn(ctx);
  }

  private async moveOn(ctx: StepContext): Promise<Step> {
    const old = this.generation;
    const rest = linesEvent(this.path, old.finish());
    await old.close();
    const rotated = fileEvent(this.path, 'rotated', `${this.path}: rotated; following the new file from its start`);
    try {
      this.generation = await FileGeneration.open(this.path, 'start', ctx.buffer, ctx.maxLine);
    } catch {
      // The new file is left to discovery, which says once why it cannot be read, or adds it when it can.
      ctx.files.drop(this.key, old.identity, true);
      return { events: [...rest, rotated], busy: true, ended: true };
    }
    ctx.files.moved(old.identity, this.generation.identity, this.key);
    this.replacedAt = null;
    this.lastData = ctx.now;
    return { events: [...rest, rotated], busy: true, ended: false };
  }

  private async end(ctx: StepContext, change: 'removed', message: string, readToEnd: boolean): Promise<Step> {
    const rest = linesEvent(this.path, this.generation.finish());
    await this.generation.close();
    ctx.files.drop(this.key, this.generation.identity, readToEnd);
    return { events: [...rest, fileEvent(this.path, change, message)], busy: true, ended: true };
  }

  async close(): Promise<void> {
    await this.generation.close();
  }
}
