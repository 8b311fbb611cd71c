// Shared by the follow tests: real Nova lines numbered so order and exactly-once can be checked, temp folders, and
// a consumer that runs followPaths in the background and lets a test wait (with a generous timeout, for an event,
// never a fixed sleep) for what it expects.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { followPaths } from '../../../src/io/follow/follow-paths.js';
import type { FollowEvent, ReadyEvent } from '../../../src/io/follow/follow-event.js';
import type { FollowOptions } from '../../../src/io/follow/follow-paths.js';
import type { FileChange } from '../../../src/model/live.js';
import { REALDATA, ROOT } from '../../helpers.js';

const DEVSTACK_CPU = join(REALDATA, 'devstack-ci-mitaka', 'screen-n-cpu.txt.gz');

/** Lines of nova-compute from a devstack CI run; two real lines where shared/ is absent (a user's clone). */
const NOVA: readonly string[] = existsSync(DEVSTACK_CPU)
  ? gunzipSync(readFileSync(DEVSTACK_CPU)).toString('utf8').split('\n').filter((l) => l.length > 0)
  : [
    '2026-11-22 02:40:05.123 20764 INFO nova.compute.manager [None req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - default default] [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Took 0.01 seconds to spawn the instance on the hypervisor.',
    '2026-11-22 02:40:05.456 20764 INFO nova.compute.manager [None req-71597c64-0e6b-4a4c-9a7e-2f2f0b8b1a11 u1 p1 - - default default] [instance: 2af41595-5a28-418d-8ca0-6fabdcf463c8] Took 0.55 seconds to build instance.',
  ];

/** Real line `i` (cycling through the file) with a sequence tag at its end: `<line> #<tag>-<i>`. */
export function novaLine(tag: string, i: number): string {
  return `${NOVA[i % NOVA.length]} #${tag}-${i}`;
}

/** Lines `from` .. `from + count - 1`. */
export function novaLines(tag: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => novaLine(tag, from + k));
}

/** The text of lines as a file holds them. */
export function text(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

const made: string[] = [];

export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `novatrace-follow-${name}-`));
  made.push(dir);
  return dir;
}

export const WAIT_MS = 30_000;

/** Polls `check` until it holds; fails with `what` after `ms`. */
export async function waitFor(what: string, check: () => boolean, ms = WAIT_MS): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface SeenLine {
  readonly path: string;
  readonly line: number;
  readonly text: string;
}

/** A user other than root, for permission tests run as root (root reads every file). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

export const NOBODY: RunAs = { uid: 65534, gid: 65534 };

/** This process's own user: a child follower that is another process, not another user. */
export const SELF: RunAs = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };

/** Follows in a child process (the built module), events back as NDJSON; it stops when its stdin closes. */
const CHILD = `
const { followPaths } = await import(process.argv[1]);
const controller = new AbortController();
process.stdin.on('end', () => controller.abort()).resume();
const [args, options] = [JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
for await (const event of followPaths(args, { ...options, signal: controller.signal })) process.stdout.write(JSON.stringify(event) + '\\n');
`;

const running = new Set<Follow>();

/** For afterEach: stops every Follow a test started, whether it passed or not, then removes its folders. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((f) => f.stop()));
  running.clear();
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** followPaths (with its `ready` event) consumed in the background, in this process or in a child, every event kept. */
export class Follow {
  readonly events: FollowEvent[] = [];
  error: unknown = null;
  ended = false;
  private readonly controller = new AbortController();
  private readonly done: Promise<void>;
  private readonly started: Promise<ReadyEvent | null>;
  private seeReady: (ready: ReadyEvent | null) => void = () => undefined;

  /** `as`: in a child process run as that user (SELF: the same user, another process). */
  constructor(args: readonly string[], options: Omit<FollowOptions, 'signal'>, as?: RunAs) {
    running.add(this);
    this.started = new Promise((resolve) => {
      this.seeReady = resolve;
    });
    this.done = (as ? this.inChild(args, options, as) : this.inProcess(args, options)).catch((error: unknown) => {
      this.error = error;
    }).finally(() => {
      this.ended = true;
      this.seeReady(null);
    });
  }

  /** Kept at once: a test that waits for `ready` goes on in the same turn that it arrived. */
  private push(event: FollowEvent): void {
    this.events.push(event);
    if (event.type === 'ready') this.seeReady(event);
  }

  private async inProcess(args: readonly string[], options: Omit<FollowOptions, 'signal'>): Promise<void> {
    const signal = this.controller.signal;
    for await (const event of followPaths(args, { ...options, signal })) this.push(event);
  }

  private async inChild(args: readonly string[], options: Omit<FollowOptions, 'signal'>, as: RunAs): Promise<void> {
    const module = pathToFileURL(join(ROOT, 'dist', 'io', 'follow', 'follow-paths.js')).href;
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, module, JSON.stringify(args), JSON.stringify(options)], {
      uid: as.uid,
      gid: as.gid,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const closed = once(child, 'close') as Promise<[number | null]>;
    this.controller.signal.addEventListener('abort', () => child.stdin.end(), { once: true });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    for await (const line of createInterface({ input: child.stdout })) this.push(JSON.parse(line) as FollowEvent);
    const [code] = await closed;
    if (code !== 0) throw new Error(`the follow child exited with ${code}: ${stderr}`);
  }

  /** Every line seen, in order, with its number; of one path when given. */
  lines(path?: string): SeenLine[] {
    const out: SeenLine[] = [];
    for (const e of this.events) {
      if (e.type !== 'lines' || (path !== undefined && e.path !== path)) continue;
      e.lines.forEach((t, k) => out.push({ path: e.path, line: e.firstLine + k, text: t }));
    }
    return out;
  }

  /** Every path an event named, the files `ready` listed included: what the follower followed or spoke of. */
  paths(): string[] {
    return this.events.flatMap((e) => (e.type === 'ready' ? e.files.map((f) => f.path) : [e.path]));
  }

  texts(path?: string): string[] {
    return this.lines(path).map((l) => l.text);
  }

  changes(path?: string): FileChange[] {
    return this.events.flatMap((e) => (e.type === 'file' && (path === undefined || e.path === path) ? [e.change] : []));
  }

  /** Everything seen so far, file events as `<change> <path>` and lines as their text, in order. */
  timeline(): string[] {
    return this.events.flatMap((e) => (e.type === 'file' ? [`${e.change} ${e.path}`] : e.type === 'lines' ? [...e.lines] : []));
  }

  async waitForLines(count: number, path?: string): Promise<void> {
    await waitFor(`${count} lines${path ? ` of ${path}` : ''} (have ${this.lines(path).length})`, () => this.lines(path).length >= count || this.ended);
  }

  async waitForChange(change: FileChange, path?: string): Promise<void> {
    await waitFor(`a ${change} event${path ? ` for ${path}` : ''}`, () => this.changes(path).includes(change) || this.ended);
  }

  /** Following has started (the `ready` event): the files there are open at their start offsets. */
  async ready(): Promise<ReadyEvent> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for the ready event`)), WAIT_MS);
    });
    try {
      const ready = await Promise.race([this.started, late]);
      if (ready === null) throw new Error(`following ended before it was ready: ${String(this.error)}`);
      return ready;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}

/** Every expected line exactly once, in order (and nothing else for that path). */
export function expectExactly(follow: Follow, path: string, expected: readonly string[]): void {
  expect(follow.error).toBeNull();
  expect(follow.texts(path)).toEqual(expected);
}

export interface FollowedLog {
  readonly dir: string;
  readonly path: string;
  readonly follow: Follow;
}

/**
 * The common start: a temp folder holding the log `name` (empty unless `content` is given), followed through
 * `arg` (the file itself by default), once following has started.
 */
export async function followLog(
  name: string,
  options: { readonly fromStart?: boolean; readonly maxLine?: number; readonly content?: string; readonly arg?: (dir: string, path: string) => string } = {},
): Promise<FollowedLog> {
  const dir = tempDir(name.replace(/\W/g, '-'));
  const path = join(dir, name);
  writeFileSync(path, options.content ?? '');
  const follow = new Follow([options.arg ? options.arg(dir, path) : path], { fromStart: options.fromStart ?? false, maxLine: options.maxLine });
  await follow.ready();
  return { dir, path, follow };
}
