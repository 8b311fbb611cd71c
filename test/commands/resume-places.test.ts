// Which remembered reading a reading with new files goes on from (commands/analysis-resume.ts placesIn): one whose
// paths are all among its own, in the same order, the others new.

import { describe, expect, it } from 'vitest';
import { placesIn } from '../../src/commands/analysis-resume.js';

describe('placesIn', () => {
  it('gives each path its place in the old list, -1 for a new one, wherever the new ones are', () => {
    expect(placesIn(['a', 'b'], ['a', 'b'])).toEqual([0, 1]);
    expect(placesIn(['a', 'b'], ['a', 'b', 'c'])).toEqual([0, 1, -1]);
    expect(placesIn(['a', 'c'], ['a', 'b', 'c'])).toEqual([0, -1, 1]);
    expect(placesIn(['b'], ['a', 'b', 'c'])).toEqual([-1, 0, -1]);
  });

  it('refuses an old list not all read now, read in another order, or empty', () => {
    // A subfolder: fewer paths than the checkpoint read.
    expect(placesIn(['a', 'b', 'c'], ['a', 'c'])).toBeNull();
    // The merge's ties follow the input order: the same files in another order are another reading.
    expect(placesIn(['a', 'b'], ['b', 'a'])).toBeNull();
    expect(placesIn(['a', 'b'], ['b', 'a', 'c'])).toBeNull();
    expect(placesIn([], ['a'])).toBeNull();
  });
});
