// The deployment store's shortcut (a compute line of the file and host whose facts are all known already is not read
// again) against its reference, which reads every compute line whole: the same hosts in every set and the same host
// for every line, over every fixture's logs in time order.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Deployment } from '../../src/correlate/deployment.js';
import type { LogEntry } from '../../src/model/entry.js';
import { ROOT, parseLines } from '../helpers.js';

/** Each fixture folder's logs, parsed and put in time order (stable: a file's lines keep their order). */
function fixtureSets(): [string, LogEntry[]][] {
  const sets: [string, LogEntry[]][] = [];
  const walk = (dir: string): void => {
    const entries: LogEntry[] = [];
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (item.name.endsWith('.log')) entries.push(...parseLines(readFileSync(path, 'utf8').split('\n'), path).entries);
    }
    if (entries.length > 0) sets.push([dir.slice(ROOT.length + 1), entries.sort((a, b) => (a.time ?? 0) - (b.time ?? 0))]);
  };
  walk(join(ROOT, 'fixtures'));
  return sets;
}

const facts = (d: Deployment, entries: readonly LogEntry[]) => ({
  computeLogged: d.computeLogged,
  libvirt: [...d.libvirtHosts], debug: [...d.debugHosts], compute: [...d.computeHosts], timing: [...d.timingHosts],
  hosts: entries.map((e) => d.withHost(e).host),
});

describe('Deployment: the settled shortcut agrees with the reference', () => {
  const sets = fixtureSets();

  it('reads the fixtures, compute logs among them', () => {
    expect(sets.filter(([, entries]) => entries.some((e) => e.service === 'compute')).length).toBeGreaterThan(50);
  });

  it.each(sets)('%s', (_name, entries) => {
    const fast = new Deployment();
    const reference = new Deployment(false);
    // Compared as the lines come, not only at the end: the engine reads the store between lines.
    entries.forEach((e, i) => {
      fast.note(e);
      reference.note(e);
      if (i % 50 === 0 || i === entries.length - 1) expect(facts(fast, entries)).toEqual(facts(reference, entries));
    });
  });
});
