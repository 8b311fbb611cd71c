import { describe, expect, it } from 'vitest';
import { compileLinear } from '../../src/select/linear-regex.js';

function compiled(source: string) {
  const c = compileLinear(source);
  if (!c.ok) throw new Error(c.reason);
  return c.regex;
}

describe('compileLinear', () => {
  // On a backtracking engine each of these takes from a minute (the first) to longer than the universe's age.
  it.each([
    ['nested quantifiers', '^(a+)+$', 'a'.repeat(30) + '!'],
    ['nested quantifiers on a long line', '^(a+)+$', 'a'.repeat(200_000) + '!'],
    ['overlapping alternatives', '^(a|aa)+$', 'a'.repeat(5_000) + '!'],
    ['a counted repeat V8 cannot run linearly', '^(a|a){1,500}$', 'a'.repeat(400) + '!'],
  ])('%s: a hostile line is answered at once', (_name, source, line) => {
    const regex = compiled(source);
    const started = performance.now();
    expect(regex.test(line)).toBe(false);
    expect(regex.test(line.slice(0, -1).slice(0, 300))).toBe(true);
    // A bound that fails a hang, not a benchmark: the real time is a few milliseconds.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['Instance failed to spawn', 'ERROR nova.compute.manager [instance: x] Instance failed to spawn', true],
    ['^Exception during message handling', 'Exception during message handling: x', true],
    ['^Exception during message handling', 'x Exception during message handling', false],
    ['No valid host was found\\. There are not enough hosts', 'NoValidHost: No valid host was found. There are not enough hosts available.', true],
    ['Timed out waiting for [a-z-]+', 'Timed out waiting for network-vif-plugged', true],
    ['a{2,1000}b', 'caab', true],
    ['a{2,1000}b', 'cab', false],
  ])('%s on %j: %s, as a RegExp would say', (source, line, expected) => {
    expect(compiled(source).test(line)).toBe(expected);
    expect(new RegExp(source).test(line)).toBe(expected);
  });

  it('keeps the source as written', () => {
    expect(compiled('^nova\\.compute').source).toBe('^nova\\.compute');
    expect(compiled('a{2,1000}b').source).toBe('a{2,1000}b');
  });

  it.each([
    ['a backreference', '(\\w+) \\1', 'a backreference at "\\\\1"'],
    ['a named backreference', '(?<word>\\w+) \\k<word>', 'a backreference at "\\\\k<word>"'],
    ['a lookahead', 'nova(?=\\.compute)', 'lookaround at "(?=\\\\.compute"'],
    ['a negative lookbehind', '(?<!Build of )instance', 'lookaround at "(?<!Build of"'],
  ])('refuses %s, saying why', (_name, source, why) => {
    const c = compileLinear(source);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.reason).toContain(why);
      expect(c.reason).toContain('backreferences and lookaround need a backtracking engine');
    }
  });

  it('an invalid pattern is invalid, as before', () => {
    const c = compileLinear('Timed out (waiting');
    expect(c).toEqual({ ok: false, reason: 'invalid regular expression: Invalid regular expression: /Timed out (waiting/: Unterminated group' });
  });
});
