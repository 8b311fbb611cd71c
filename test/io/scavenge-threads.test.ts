// Young-generation collection without helper threads while the parse pool's threads fill the cores
// (src/io/scavenge-threads.ts says why; bench/README.md has the figures).

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { scavengeAloneWhileBusy } from '../../src/io/scavenge-threads.js';

describe('scavengeAloneWhileBusy', () => {
  it('switches the helpers off while one parsing thread and this one fill two cores, and on again once', () => {
    const set: string[] = [];
    const release = scavengeAloneWhileBusy(1, 2, (flags) => set.push(flags));
    expect(set).toEqual(['--no-parallel-scavenge']);
    release();
    release();
    expect(set).toEqual(['--no-parallel-scavenge', '--parallel-scavenge']);
  });

  it('leaves them on where a core is left for them, and when no thread is started', () => {
    const set: string[] = [];
    scavengeAloneWhileBusy(1, 4, (flags) => set.push(flags))();
    scavengeAloneWhileBusy(2, 4, (flags) => set.push(flags))();
    scavengeAloneWhileBusy(0, 1, (flags) => set.push(flags))();
    expect(set).toEqual([]);
    // Three threads on three cores, or on one: they fill them.
    scavengeAloneWhileBusy(2, 3, (flags) => set.push(flags))();
    scavengeAloneWhileBusy(1, 1, (flags) => set.push(flags))();
    expect(set).toEqual(['--no-parallel-scavenge', '--parallel-scavenge', '--no-parallel-scavenge', '--parallel-scavenge']);
  });

  it('switches them on only when the last of two pools open at once closes', () => {
    const set: string[] = [];
    const push = (flags: string): number => set.push(flags);
    const first = scavengeAloneWhileBusy(1, 2, push);
    const second = scavengeAloneWhileBusy(1, 2, push);
    first();
    first();
    expect(set).toEqual(['--no-parallel-scavenge']);
    second();
    expect(set).toEqual(['--no-parallel-scavenge', '--parallel-scavenge']);
  });

  it('is asked by the parse pool as it starts its threads, and released when it closes or a thread fails', async () => {
    const text = await readFile(new URL('../../src/io/parse-pool.ts', import.meta.url), 'utf8');
    expect(text).toMatch(/^ {4}this\.releaseCores = scavengeAloneWhileBusy\(this\.lanes\.length\);$/m);
    expect(text.match(/^ {4}this\.releaseCores\(\);$/gm)).toHaveLength(2);
  });
});
