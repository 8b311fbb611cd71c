// Errors outside operations keep their first entries whole, for the terminal UI to open; the count goes on.

import { describe, expect, it } from 'vitest';
import { UnattachedErrors } from '../../src/correlate/unattached-errors.js';
import { UNATTACHED_SAMPLES } from '../../src/model/unattached-error.js';
import { entry } from '../ui/sample-model.js';

describe('UnattachedErrors samples', () => {
  it(`keeps the first ${UNATTACHED_SAMPLES} entries of a group, with their traceback, and counts them all`, () => {
    const store = new UnattachedErrors();
    const made = Array.from({ length: UNATTACHED_SAMPLES + 10 }, (_, i) => entry(i, 'compute', 'cmp1', 'ERROR', `Error updating resources for node cmp${i}.`, { continuation: ['Traceback (most recent call last):'] }));
    made.forEach((e) => store.note(e));
    store.note(entry(0, 'compute', 'cmp1', 'INFO', 'not an error'));
    const [group] = store.list();
    expect(group?.count).toBe(UNATTACHED_SAMPLES + 10);
    expect(group?.samples).toHaveLength(UNATTACHED_SAMPLES);
    expect(group?.samples?.[0]).toBe(made[0]);
    expect(group?.samples?.[0]?.continuation).toEqual(['Traceback (most recent call last):']);
  });
});

describe('UnattachedErrors without samples', () => {
  it('keeps none when told to keep none (analyze --json, check: no entry is shown)', () => {
    const store = new UnattachedErrors(0);
    store.note(entry(0, 'compute', 'cmp1', 'ERROR', 'Error updating resources for node cmp1.'));
    store.note(entry(1, 'compute', 'cmp1', 'ERROR', 'Error updating resources for node cmp1.'));
    expect(store.list()).toEqual([expect.objectContaining({ count: 2 })]);
    expect(store.list()[0]?.samples).toBeUndefined();
  });
});
