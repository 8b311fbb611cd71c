// The final operations an offline analysis keeps, compact: what comes back is what went in (as the JSON copy the
// engine kept before), in order, entries kept as they are, and what is held between is far smaller than the text.

import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeptOperations } from '../../src/analysis/kept-operations.js';
import { analyzeInputs } from '../../src/commands/analysis.js';
import { detachData } from '../../src/model/detach.js';
import type { Operation } from '../../src/model/operation.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { ROOT } from '../helpers.js';

const FIXTURES = join(ROOT, 'fixtures', 'operations');

async function operationsOf(...names: string[]): Promise<Operation[]> {
  // Kept with their entries: the engine gives them so to trace and the UI.
  const a = await analyzeInputs(names.map((n) => join(FIXTURES, n)), parseOptionsFrom({}), () => undefined, () => true);
  return a.operations;
}

describe('KeptOperations', () => {
  it('gives back every operation in the order kept, as its JSON copy, with its entries (the same objects) when it had them', async () => {
    const ops = await operationsOf('boot-zed', 'evacuate-zed', 'resize-zed', 'delete-zed');
    expect(ops.length).toBeGreaterThan(3);
    const kept = new KeptOperations();
    // Every other one without its entries, as when the caller keeps some only.
    const given = ops.map((op, i) => (i % 2 === 0 ? op : { ...op, entries: null }));
    for (const op of given) kept.add(op);
    expect(kept.length).toBe(given.length);
    const back = kept.take();
    expect(back).toEqual(given.map((op) => ({ ...detachData({ ...op, entries: null }), entries: op.entries })));
    back.forEach((op, i) => {
      expect(op.entries).toBe(given[i]?.entries);
      // The same keys in the same order: JSON written from it is the same bytes.
      expect(Object.keys(op)).toEqual(Object.keys(given[i] as Operation));
    });
    expect(kept.length).toBe(0);
  });

  it('holds many operations in far fewer bytes than their JSON text', async () => {
    const ops = (await operationsOf('boot-zed', 'evacuate-zed', 'live-migrate-zed')).map((op) => ({ ...op, entries: null }));
    const kept = new KeptOperations();
    let text = 0;
    for (let i = 0; i < 2000; i++) {
      const op = ops[i % ops.length] as Operation;
      text += JSON.stringify(op).length;
      kept.add({ ...op, id: `${op.id}-${i}` });
    }
    expect(kept.heldBytes).toBeLessThan(text / 4);
    const back = kept.take();
    expect(back.map((op) => op.id)).toEqual(Array.from({ length: 2000 }, (_, i) => `${(ops[i % ops.length] as Operation).id}-${i}`));
  });

  it('inflates each block into one buffer of its own, not zlib\'s chunks and their concatenation', async () => {
    const ops = (await operationsOf('boot-zed', 'evacuate-zed', 'live-migrate-zed')).map((op) => ({ ...op, entries: null }));
    const kept = new KeptOperations();
    for (let i = 0; i < 2000; i++) kept.add({ ...(ops[i % ops.length] as Operation), id: `op-${i}` });
    // The text not yet deflated makes one block more.
    const blocks = kept.sealed.length + 1;
    expect(blocks).toBeGreaterThan(3);
    const allocUnsafe = vi.spyOn(Buffer, 'allocUnsafe');
    const back = kept.take();
    // Sealing the last block takes a few (its text, zlib's output); each block read back takes one.
    expect(allocUnsafe.mock.calls.length).toBeLessThanOrEqual(blocks + 4);
    expect(back.map((op) => op.id)).toEqual(Array.from({ length: 2000 }, (_, i) => `op-${i}`));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});
