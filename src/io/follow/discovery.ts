// Finding what to follow: the targets' files when following starts, and files that appear later (picked up from
// their start, since all they hold is new). A file that cannot be followed is said once, and again only when it
// changes (its inode or ctime: recreated, chmod-ed), so a poll does not repeat it.

import type { BigIntStats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { describeFsError } from '../errors.js';
import { NovatraceError } from '../../model/errors.js';
import { sniff } from '../read-source.js';
import { FileGeneration } from './file-generation.js';
import { identityOf } from './file-identity.js';
import type { FileIdentity } from './file-identity.js';
import { listTarget, targetDirs } from './follow-targets.js';
import type { FollowTarget } from './follow-targets.js';
import type { FollowedFiles } from './followed-files.js';
import type { FollowEvent } from './follow-event.js';
import { fileEvent } from './make-events.js';
import { PathFollower } from './path-follower.js';
import { rotatedFrom } from './rotated-name.js';

export interface DiscoveryContext {
  readonly fromStart: boolean;
  readonly buffer: Buffer;
  /** Bytes a line may have (see FileGeneration.open). */
  readonly maxLine: number;
  readonly files: FollowedFiles<PathFollower>;
  now(): number;
}

interface Candidate {
  readonly path: string;
  /** Named on the command line: its trouble is worth saying even when it does not exist. */
  readonly named: boolean;
}

/** What was said about a named file that does not exist. */
const MISSING = 'missing';

async function whyUnfollowable(path: string, stats: BigIntStats): Promise<string | null> {
  if (stats.isDirectory()) return describeFsError(path, { code: 'EISDIR' });
  // Opening a pipe with no writer blocks (a thread of the pool, for good): only regular files are followed.
  if (!stats.isFile()) return `${path}: not a regular file; a pipe is read as standard input (-), not followed`;
  try {
    if ((await sniff(path)) === 'gzip') return `${path}: gzip-compressed, so no longer written to; follow the uncompressed log instead`;
    return null;
  } catch (error) {
    return error instanceof NovatraceError ? error.message : describeFsError(path, error);
  }
}

export class Discovery {
  private readonly dirty = new Set<FollowTarget>();
  private readonly dirs: ReadonlyMap<FollowTarget, readonly string[]>;
  /** Per absolute path, what was last said about it (a signature), so it is said once. */
  private readonly said = new Map<string, string>();
  /** Files there when following started: those alone start at their end without `fromStart`. */
  private readonly atStart = new Set<FileIdentity>();
  private started = false;

  constructor(
    private readonly targets: readonly FollowTarget[],
    private readonly ctx: DiscoveryContext,
  ) {
    this.dirs = new Map(targets.map((t) => [t, targetDirs(t)]));
    this.everything();
  }

  get pending(): boolean {
    return this.dirty.size > 0;
  }

  everything(): void {
    for (const target of this.targets) this.dirty.add(target);
  }

  /** Something appeared at `path`: look again at the targets under whose folders it is. */
  appeared(path: string): void {
    const key = resolve(path);
    for (const [target, dirs] of this.dirs) {
      if (dirs.some((dir) => key === dir || key.startsWith(dir + sep) || dir.startsWith(key + sep))) this.dirty.add(target);
    }
  }

  /** A follower ended: a named file that is gone is waited for without saying so again. */
  ended(key: string): void {
    this.said.set(key, MISSING);
    this.appeared(key);
  }

  async pass(): Promise<FollowEvent[]> {
    const initial = !this.started;
    this.started = true;
    const targets = [...this.dirty];
    this.dirty.clear();
    const events: FollowEvent[] = [];
    const candidates = new Map<string, Candidate>();
    for (const target of targets) {
      const paths = await listTarget(target);
      if (initial && paths.length === 0 && target.kind !== 'file') {
        events.push(fileEvent(target.path, 'unreadable', `${target.path}: no log file to follow yet; new ones are followed as they appear`));
      }
      for (const path of paths) {
        const key = resolve(path);
        if (this.ctx.files.has(key)) continue;
        const named = target.kind === 'file' || candidates.get(key)?.named === true;
        candidates.set(key, { path: candidates.get(key)?.path ?? path, named });
      }
    }
    const live = new Set([...this.ctx.files.paths(), ...candidates.keys()]);
    for (const [key, candidate] of candidates) events.push(...(await this.consider(key, candidate, live, initial)));
    return events;
  }

  private say(key: string, path: string, signature: string, message: string): FollowEvent[] {
    if (this.said.get(key) === signature) return [];
    this.said.set(key, signature);
    return [fileEvent(path, 'unreadable', message)];
  }

  private async consider(key: string, candidate: Candidate, live: ReadonlySet<string>, initial: boolean): Promise<FollowEvent[]> {
    const { path, named } = candidate;
    let stats: BigIntStats;
    try {
      stats = await stat(path, { bigint: true });
    } catch (error) {
      // A listed file gone a moment later has nothing to say; a named one is waited for.
      if (!named) return [];
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT') return this.say(key, path, MISSING, `${path}: does not exist yet; following it once it appears`);
      return this.say(key, path, `error:${code}`, describeFsError(path, error));
    }
    const identity = identityOf(stats);
    if (initial) this.atStart.add(identity);
    // The same file under another name (a symlink, a log renamed by rotation): read once, under the first name.
    if (this.ctx.files.taken(identity)) return [];
    const rotatedOf = rotatedFrom(key, live);
    if (rotatedOf !== null) {
      return named ? this.say(key, path, `rotated:${identity}`, `${path}: not followed: a rotated copy of ${rotatedOf}, whose lines are followed there`) : [];
    }
    const signature = `${identity}:${stats.ctimeNs}`;
    if (this.said.get(key) === signature) return [];
    const problem = await whyUnfollowable(path, stats);
    if (problem !== null) return this.say(key, path, signature, problem);
    const from = !this.ctx.fromStart && this.atStart.has(identity) ? 'end' : 'start';
    let generation: FileGeneration;
    try {
      generation = await FileGeneration.open(path, from, this.ctx.buffer, this.ctx.maxLine);
    } catch (error) {
      return this.say(key, path, signature, describeFsError(path, error));
    }
    this.said.delete(key);
    this.ctx.files.add(key, generation.identity, new PathFollower(path, key, generation, this.ctx.now()));
    if (initial) return [];
    const how = this.atStart.has(identity) ? `readable now; following it from its ${from}` : 'new file; following it from its start';
    return [fileEvent(path, 'added', `${path}: ${how}`)];
  }
}
