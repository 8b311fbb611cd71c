// The gate in front of the patterns run on many lines (compute evidence, failure lines): which literal prefixes it
// reads off a pattern, that it never turns away a line a pattern matches, and that the gated readers agree with
// their ungated reference over every fixture's lines.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPUTE_SIGNS, DOWN, REFUSED, VOLUME_LINES } from '../../src/hosts/host-facts.js';
import type { LogEntry } from '../../src/model/entry.js';
import { anchoredPrefixes, gateOf, literalAlternatives, messageGate } from '../../src/correlate/message-gate.js';
import { computeEvidence } from '../../src/operations/recognize.js';
import { RECOGNIZERS } from '../../src/operations/registry.js';
import { eventName, eventNameUngated } from '../../src/timeline/events.js';
import { GENERIC_FAILED, judgeLines } from '../../src/timeline/evidence.js';
import { ROOT, parseLines } from '../helpers.js';

describe('anchoredPrefixes', () => {
  it.each([
    ['a literal', /^Rebooting instance/, ['Rebooting instance']],
    ['a literal to the end', /^Unpausing$/, ['Unpausing']],
    ['up to a class', /^Took [\d.]+ seconds to /, ['Took ']],
    ['escaped punctuation is literal', /^Starting instance\.\.\./, ['Starting instance...']],
    ['an escaped bar is literal', /^a\|b/, ['a|b']],
    ['up to a class escape', /^Build of instance \S+ aborted/, ['Build of instance ']],
    ['a group of literal alternatives', /^(?:Lock "[^"]+" acquired by|Acquiring lock "[^"]+" by|Got semaphore \/ lock) "([^"]+)"/, ['Lock "', 'Acquiring lock "', 'Got semaphore / lock']],
    ['a bar inside a class is not an alternative', /^(?:a[|]b|c)x/, ['a', 'c']],
    ['an optional character is left out', /^Ab?c/, ['A']],
    ['an optional first character: none', /^a?b/, null],
    ['an optional escaped character: none', /^\.?b/, null],
    ['an optional group: none', /^(?:a|b)?c/, null],
    ['a group with an empty alternative: none', /^(?:|a)b/, null],
    ['a capturing group: none', /^(Lock) "/, null],
    ['unanchored: none', /No valid host was found/, null],
    ['an alternative outside the anchor: none', /^Lock|Unlock/, null],
    ['a class escape first: none', /^\d+ lines/, null],
    ['case-insensitive: none', /^rebooting/i, null],
    ['multi-line: none', /^Rebooting/m, null],
  ])('%s', (_name, re, prefixes) => {
    expect(anchoredPrefixes(re)).toEqual(prefixes);
  });
});

describe('literalAlternatives', () => {
  it.each([
    ['an anchored and a plain alternative', /as it has been evacuated from this host|^Deleting instance as its host \(/, { prefixes: ['Deleting instance as its host ('], substrings: ['as it has been evacuated from this host'] }],
    ['a plain literal', /No valid host was found/, { prefixes: [], substrings: ['No valid host was found'] }],
    ['escaped punctuation in a plain literal', /Compute service of a\.b/, { prefixes: [], substrings: ['Compute service of a.b'] }],
    ['a plain alternative that is more than a literal: none', /^Lock|Unlock \S+/, null],
    ['a plain alternative with an optional character: none', /^Lock|Unlocks?/, null],
    ['an empty alternative: none', /^Lock|/, null],
  ])('%s', (_name, re, read) => {
    expect(literalAlternatives(re)).toEqual(read);
  });
});

describe('messageGate', () => {
  const gate = messageGate([/^Rebooting instance/, /^(?:Lock "|Got semaphore)/, /No valid host was found/, /^\d+ seconds/]);

  it.each([
    ['Rebooting instance', true],
    ['Lock "abc" acquired', true],
    ['Got semaphore / lock "x"', true],
    ['Exception: No valid host was found. There are not enough hosts', true],
    ['Rebooting', false],
    ['Releasing lock "abc"', false],
    ['', false],
    ['12 seconds', true],
    ['Took 12 seconds', false],
  ])('%j: %s', (text, may) => {
    expect(gate.mayMatch(text)).toBe(may);
  });

  it('reads prefixes that start with a character beyond ASCII', () => {
    const wide = messageGate([/^Été/, /^Lock "/]);
    expect([wide.mayMatch('Été indien'), wide.mayMatch('Ete'), wide.mayMatch('Lock "x"'), wide.mayMatch('')]).toEqual([true, false, true, false]);
  });

  it('is made once per list declared once', () => {
    const list = [/^Rebooting instance/];
    expect(gateOf(list)).toBe(gateOf(list));
    expect(gateOf(list).mayMatch('Rebooting instance')).toBe(true);
    expect(gateOf(list).mayMatch('Rebooted')).toBe(false);
  });

  it('lets everything through when it cannot read any pattern', () => {
    expect(messageGate([/^\d+|x\S/]).mayMatch('zzz')).toBe(true);
  });
});

/** Every fixture's log, parsed: its entries, one list per file. */
function fixtureLogs(): LogEntry[][] {
  const logs: LogEntry[][] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.log')) logs.push(parseLines(readFileSync(path, 'utf8').split('\n'), path).entries);
    }
  };
  walk(join(ROOT, 'fixtures'));
  return logs;
}

describe('the gated readers agree with their reference on every fixture', () => {
  const logs = fixtureLogs();
  const lines = logs.flat();
  const patterns = [...GENERIC_FAILED, ...DOWN, ...REFUSED, ...COMPUTE_SIGNS, ...VOLUME_LINES, ...RECOGNIZERS.flatMap((r) => [
    ...(r.computeMarkers ?? []), ...(r.computeMarkersBeside?.lines ?? []), ...(r.failed ?? []),
    ...(r.completion.done ?? []).flatMap((d) => d.lines), ...(r.completion.begin?.lines ?? []),
  ])];

  it('reads enough lines to say so', () => {
    expect(lines.length).toBeGreaterThan(2_000);
  });

  it('the host facts\' patterns are all read by the gate, and down or refused lines are in the fixtures', () => {
    expect([...DOWN, ...REFUSED, ...COMPUTE_SIGNS, ...VOLUME_LINES].every((re) => anchoredPrefixes(re) !== null)).toBe(true);
    expect(lines.some((e) => [...DOWN, ...REFUSED].some((re) => re.test(e.message)))).toBe(true);
  });

  it('no line a pattern matches is turned away', () => {
    for (const re of patterns) {
      const gate = messageGate([re]);
      for (const e of lines) if (re.test(e.message)) expect(gate.mayMatch(e.message), `${re} on ${e.message}`).toBe(true);
    }
  });

  it('computeEvidence, per request of each log', () => {
    let named = 0;
    for (const entries of logs) {
      const byRequest = new Map<string, LogEntry[]>();
      for (const e of entries) if (e.requestId !== null) byRequest.set(e.requestId, [...(byRequest.get(e.requestId) ?? []), e]);
      for (const group of [...byRequest.values(), entries]) {
        const reference = computeEvidence(group, false);
        if (reference !== null) named++;
        expect(computeEvidence(group)).toEqual(reference);
      }
    }
    expect(named).toBeGreaterThan(100);
  });

  it('eventName, per line', () => {
    const named = lines.filter((e) => eventNameUngated(e.message) !== null).length;
    expect(named).toBeGreaterThan(300);
    for (const e of lines) expect(eventName(e), e.message).toBe(eventNameUngated(e.message));
  });

  it('judgeLines, with each recognizer\'s failure lines', () => {
    let evidence = 0;
    for (const entries of logs) {
      const own = new Set(entries.filter((_, i) => i % 2 === 0));
      for (const failed of [undefined, ...RECOGNIZERS.map((r) => r.failed)]) {
        const reference = judgeLines(entries, own, failed, false);
        evidence += reference.evidence.length;
        expect(judgeLines(entries, own, failed)).toEqual(reference);
      }
    }
    expect(evidence).toBeGreaterThan(300);
  });
});
