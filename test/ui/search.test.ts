// The search `/` runs: plain text in any case by default, a regex only as /re/, and a guard on user regexes.

import { describe, expect, it } from 'vitest';
import { MAX_FIELD, MAX_PATTERN, MAX_QUERY, compileSearch, entryMatches } from '../../src/ui/search.js';
import { highlight, selected } from '../../src/ui/line.js';
import { FAILED_ENTRIES, entry } from './sample-model.js';

describe('compileSearch', () => {
  it.each<[string, string, string, boolean]>([
    ['plain text, any case', 'keyerror', "KeyError: 'dns'", true],
    ['plain text is not a regex', 'a.c', 'abc', false],
    ['plain text with regex characters matches them as written', '[host:', 'WeighedHost [host: (cmp1', true],
    ['a /regex/', '/took \\d+\\.\\d+ seconds/', 'Took 8.10 seconds to spawn', true],
    ['a /regex/ is case-insensitive too', '/^claim/', 'Claim successful', true],
    ['a /regex/ that does not match', '/^spawn/', 'Took 8.10 seconds to spawn', false],
  ])('%s', (_name, typed, haystack, matches) => {
    expect(compileSearch(typed)?.test(haystack)).toBe(matches);
  });

  it('nothing typed, or blanks, is no search', () => {
    expect(compileSearch('')).toBeNull();
    expect(compileSearch('   ')).toBeNull();
  });

  it.each<[string, string, RegExp]>([
    ['a nested quantifier', '/(a+)+$/', /nested quantifier/],
    ['an alternation under a star', '/(a|aa+)*b/', /nested quantifier/],
    ['a repeated alternation of overlapping branches', '/(a|a)*b/', /repeated alternation/],
    ['a repeated alternation with a count', '/(x|xy){2,}z/', /repeated alternation/],
    ['a back-reference', '/(a)\\1/', /back-reference/],
    ['a long pattern', `/${'a'.repeat(MAX_PATTERN + 1)}/`, /longer than/],
    ['a pattern that does not compile', '/(unclosed/', /not a regex/],
  ])('refuses %s as a regex and searches the text as typed', (_name, typed, why) => {
    const s = compileSearch(typed);
    expect(s?.regex).toBe(false);
    expect(s?.note).toMatch(why);
    expect(s?.test(`xx ${typed} yy`)).toBe(true);
  });

  it('an alternation that is not repeated is a regex', () => {
    expect(compileSearch('/(spawn|build)ing/')?.regex).toBe(true);
  });

  it('a catastrophic pattern on a long line returns at once', () => {
    const s = compileSearch('/(a+)+$/');
    const started = Date.now();
    expect(s?.test(`${'a'.repeat(50_000)}!`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a regex is tried on the first MAX_FIELD characters of a field only', () => {
    expect(compileSearch('/needle/')?.test(`${' '.repeat(MAX_FIELD)}needle`)).toBe(false);
    // Plain text has no such bound: a substring search is linear.
    expect(compileSearch('needle')?.test(`${' '.repeat(MAX_FIELD)}needle`)).toBe(true);
  });

  it('what is typed is cut at MAX_QUERY characters', () => {
    expect(compileSearch('x'.repeat(MAX_QUERY + 50))?.text).toHaveLength(MAX_QUERY);
  });

  it('ranges: every match, in order, in any case', () => {
    expect(compileSearch('ab')?.ranges('xABxab')).toEqual([[1, 3], [4, 6]]);
    expect(compileSearch('/a+/')?.ranges('baaab a')).toEqual([[1, 4], [6, 7]]);
  });
});

describe('entryMatches: the whole entry', () => {
  const error = FAILED_ENTRIES[2];
  it.each<[string, string, boolean]>([
    ['its message', 'failed to spawn', true],
    ['its traceback', "KeyError: 'dns'", true],
    ['its logger', 'nova.compute.manager', true],
    ['its request ID', 'req-11111111', true],
    ['nothing of it', 'libvirt', false],
  ])('%s', (_name, typed, matches) => {
    expect(entryMatches(compileSearch(typed)!, error!)).toBe(matches);
  });

  it('its instance', () => {
    expect(entryMatches(compileSearch('8661f614')!, entry(0, 'compute', 'cmp2', 'INFO', 'x', { instance: '8661f614-1111' }))).toBe(true);
  });
});

describe('highlight', () => {
  it('puts each match of each segment in inverse, bold; the selected row has them the other way round', () => {
    const search = compileSearch('claim')!;
    const line = highlight([{ text: '+0.900s ' }, { text: 'Claim successful, claim', color: 'red' }], search.ranges);
    expect(line).toEqual([
      { text: '+0.900s ' },
      { text: 'Claim', color: 'red', inverse: true, bold: true },
      { text: ' successful, ', color: 'red' },
      { text: 'claim', color: 'red', inverse: true, bold: true },
    ]);
    expect(selected(line).map((s) => s.inverse)).toEqual([true, false, true, false]);
  });
});
