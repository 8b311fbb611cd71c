// Shortest unique prefixes of request IDs, as git shortens hashes, and prefixes resolved back.

import { describe, expect, it } from 'vitest';
import { shortIdIndex } from '../../src/format/short-id.js';

const A = 'req-022f2e61-b641-42c6-af94-490d95045ad8';
const B = 'req-0b6f73c9-3ccc-4c38-81ae-c8a4bd8b6952';
// Shares its first 8 significant characters with A, and the hyphen after them.
const A2 = 'req-022f2e61-b6ff-4000-8000-000000000000';
// Shares 10 with A2.
const A3 = 'req-022f2e61-b6f0-4000-8000-000000000000';

describe('shortIdIndex', () => {
  it.each<[string, readonly string[], string, string]>([
    ['8 significant characters after req- when they are unique', [A, B], A, 'req-022f2e61'],
    ['the other one too', [A, B], B, 'req-0b6f73c9'],
    ['one alone', [A], A, 'req-022f2e61'],
    ['longer where two share more, never ending on a hyphen', [A, A2, B], A, 'req-022f2e61-b64'],
    ['as long as needed', [A, A2, A3], A2, 'req-022f2e61-b6ff'],
    ['an ID without the prefix: 8 characters', ['f69134e5-3d6a-4409-8fb1-a1a67f23f911'], 'f69134e5-3d6a-4409-8fb1-a1a67f23f911', 'f69134e5'],
    ['an ID shorter than the minimum stays whole', ['req-1', 'req-2'], 'req-1', 'req-1'],
    ['an ID not indexed is shortened against those that are', [A, B], A2, 'req-022f2e61-b6f'],
    ['repeats and case count once', [A, A.toUpperCase(), B], A, 'req-022f2e61'],
  ])('%s', (_name, ids, id, short) => {
    expect(shortIdIndex(ids).shorten(id)).toBe(short);
  });

  it('each shortened ID resolves to itself alone', () => {
    const ids = [A, A2, A3, B];
    const index = shortIdIndex(ids);
    for (const id of ids) expect(index.resolve(index.shorten(id))).toEqual([id]);
  });

  it.each<[string, string, readonly string[]]>([
    ['a shared prefix: every match, sorted', 'req-022f', [A, A3, A2]],
    ['without req-', '0b6f', [B]],
    ['any case', 'REQ-0B6F', [B]],
    ['nothing', 'req-ffff', []],
    ['empty', '', []],
  ])('resolve: %s', (_name, prefix, matches) => {
    expect(shortIdIndex([A, A2, A3, B]).resolve(prefix)).toEqual(matches);
  });

  it('sorts and dedupes what it indexes', () => {
    expect(shortIdIndex([B, A, B]).ids).toEqual([A, B]);
  });
});
