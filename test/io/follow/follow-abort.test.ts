// Stopping: an abort ends the iterator at once, even while nothing is written and while the consumer holds an
// event, and leaves no watcher, descriptor or timer behind (the process can exit).

import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { followPaths } from '../../../src/io/follow/follow-paths.js';
import { Follow, SELF, novaLines, stopAll, tempDir, text, waitFor } from './follow-harness.js';

afterEach(stopAll);

/**
 * File watchers open in this process. Only these are compared: the test runner keeps timers and pipes of its
 * own that come and go, and a follower's descriptors and timers are checked by the child-process test below
 * (a process that still had one would not exit).
 */
function watchers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
}

async function expectWatchersBackTo(before: number): Promise<void> {
  // fs.watch handles close asynchronously: give them until the timeout.
  await waitFor(`file watchers back to ${before} (now ${watchers()})`, () => watchers() === before);
}

describe('stopping', () => {
  it('ends the iterator on abort and leaves no handle open', async () => {
    const dir = tempDir('abort');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('q', 0, 3)));
    const before = watchers();
    const follow = new Follow([dir, join(dir, '*.log'), path], { fromStart: true });
    await follow.waitForLines(3, path);
    await follow.ready();
    expect(watchers()).toBeGreaterThan(before);
    await follow.stop();
    expect(follow.ended).toBe(true);
    expect(follow.error).toBeNull();
    await expectWatchersBackTo(before);
  });

  it('closes everything on abort while the consumer holds an event and does not pull', async () => {
    const dir = tempDir('held');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('h', 0, 3)));
    const before = watchers();
    const controller = new AbortController();
    const iterator = followPaths([path], { fromStart: true, signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'ready' });
    const first = await iterator.next();
    expect(first.value).toMatchObject({ type: 'lines', firstLine: 1 });
    expect(watchers()).toBeGreaterThan(before);
    appendFileSync(path, text(novaLines('h', 3, 3)));
    controller.abort();
    await expectWatchersBackTo(before);
    expect((await iterator.next()).done).toBe(true);
  });

  it('closes everything when the consumer breaks out of its loop', async () => {
    const dir = tempDir('break');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, text(novaLines('b', 0, 3)));
    const before = watchers();
    for await (const event of followPaths([path], { fromStart: true })) {
      if (event.type === 'ready') continue;
      expect(event.type).toBe('lines');
      expect(watchers()).toBeGreaterThan(before);
      break;
    }
    await expectWatchersBackTo(before);
  });

  it('lets a process that followed files exit by itself once aborted', async () => {
    const dir = tempDir('exit');
    const path = join(dir, 'n-cpu.log');
    writeFileSync(path, '');
    // The child aborts when its stdin closes and must then exit with nothing left to keep it alive.
    const follow = new Follow([dir], { fromStart: false }, SELF);
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
