// Stopping: an abort ends the iterator at once, even while nothing is written and while the consumer holds an
// event, and leaves no watcher, descriptor or timer behind (the process can exit).

import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { followPaths } from '../../../src/io/follow/follow-paths.js';
import { Follow, novaLines, tempDir, text, waitFor } from './follow-harness.js';

/** Handles other than the ones a test run always has; timers and fs watchers are what a leak would leave. */
function resources(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap' && r !== 'ProcessWrap').sort();
}

async function expectResourcesBackTo(before: readonly string[]): Promise<void> {
  // fs.watch and file handles close asynchronously: give them until the timeout, then compare.
  await waitFor(`resources back to ${before.join(',')} (now ${resources().join(',')})`, () => resources().join() === before.join());
}

describe('stopping', () => {
  it('ends the iterator on abort and leaves no handle open', async () => {
    const dir = tempDir('abort');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('q', 0, 3)));
    const before = resources();
    const follow = new Follow([dir, join(dir, '*.log'), path], { fromStart: true });
    await follow.waitForLines(3, path);
    await follow.ready();
    expect(resources().length).toBeGreaterThan(before.length);
    await follow.stop();
    expect(follow.ended).toBe(true);
    expect(follow.error).toBeNull();
    await expectResourcesBackTo(before);
  });

  it('closes everything on abort while the consumer holds an event and does not pull', async () => {
    const dir = tempDir('held');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('h', 0, 3)));
    const before = resources();
    const controller = new AbortController();
    const iterator = followPaths([path], { fromStart: true, signal: controller.signal })[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ type: 'lines', firstLine: 1 });
    expect(resources().length).toBeGreaterThan(before.length);
    appendFileSync(path, text(novaLines('h', 3, 3)));
    controller.abort();
    await expectResourcesBackTo(before);
    expect((await iterator.next()).done).toBe(true);
  });

  it('closes everything when the consumer breaks out of its loop', async () => {
    const dir = tempDir('break');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('b', 0, 3)));
    const before = resources();
    for await (const event of followPaths([path], { fromStart: true })) {
      expect(event.type).toBe('lines');
      expect(resources().length).toBeGreaterThan(before.length);
      break;
    }
    await expectResourcesBackTo(before);
  });

  it('lets a process that followed files exit by itself once aborted', async () => {
    const dir = tempDir('exit');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, '');
    // The child aborts when its stdin closes and must then exit with nothing left to keep it alive.
    const follow = new Follow([dir], { fromStart: false }, { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
    await follow.ready();
    appendFileSync(path, text(novaLines('c', 0, 2)));
    await follow.waitForLines(2, path);
    await follow.stop();
    expect(follow.error).toBeNull();
    expect(follow.texts(path)).toEqual(novaLines('c', 0, 2));
  });

  it('ends at once when the signal is already aborted', async () => {
    const dir = tempDir('pre');
    const events = [];
    for await (const event of followPaths([dir], { fromStart: true, signal: AbortSignal.abort() })) events.push(event);
    expect(events).toEqual([]);
  });
});
