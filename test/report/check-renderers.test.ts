// The check renderers on synthetic results: GitHub's command escaping, XML escaping and the JUnit shape (validated
// against test/check/junit.xsd), the text report's escaping of control characters.

import { describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../src/check/evaluate.js';
import { loadRules, loadSignature } from '../../src/check/load-config.js';
import type { CheckResult } from '../../src/model/finding.js';
import { escapeData, escapeProperty, formatCheckGithub } from '../../src/report/check-github.js';
import { formatCheckJunit } from '../../src/report/check-junit.js';
import { formatCheckText } from '../../src/report/check-text.js';
import { xmlAttribute, xmlText } from '../../src/report/xml-escape.js';
import { errorEntry, operation } from '../check/make.js';
import { HAS_XMLLINT, validateJunit } from '../check/xmllint.js';

const PARSE = { files: 1, lines: 10, entries: 10, continuations: 0, noise: 0, unparsed: 0 };

// A failed boot whose error carries every character a renderer must handle: ESC (a colored log), %, :, ,, <, &,
// quotes, a NUL, a lone surrogate and U+FFFF; its log file's name has a comma and a colon.
const HOSTILE = 'spawn \u001b[31mfailed\u001b[0m: 100% <disk> & "quota" \'x\' \u0000 \ud800 \uffff done';
const FILE = 'logs/n-cpu,node1:a.log';

function result(allowKnown = false, signatures = ''): CheckResult {
  const failed = operation({
    type: 'boot', instance: 'bbbb', requestIds: ['req-b'], outcome: 'failed', start: Date.UTC(2023, 1, 7, 11, 2, 11, 530), end: Date.UTC(2023, 1, 7, 11, 2, 16, 40),
    error: { time: 0, service: 'compute', host: 'node1', message: HOSTILE, traceback: [], location: null, file: FILE, line: 17 },
  });
  const ok = operation({ type: 'stop', instance: 'aaaa', requestIds: ['req-a'], start: Date.UTC(2023, 1, 7, 11, 3), end: Date.UTC(2023, 1, 7, 11, 3, 19, 580) });
  return evaluateCheck({
    operations: [failed, ok], entriesRead: 2,
    errors: [errorEntry({ requestId: 'req-b', instance: 'bbbb', time: failed.start + 1000, message: HOSTILE, file: FILE, line: 17 })],
    dropped: 0, rules: loadRules('', 'rules.yaml'),
    signatures: signatures === '' ? [] : [loadSignature(signatures, 'known/disk.yaml')],
    baseline: null, allowKnown, logStart: Date.UTC(2023, 1, 7, 11, 2, 10, 400),
  });
}

describe('GitHub workflow command escaping', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['percent', '100%', '100%25'],
    ['CR and LF', 'a\r\nb', 'a%0D%0Ab'],
    ['colon and comma', 'a: b, c', 'a: b, c'],
    ['ESC made visible', '\u001b[31mred', '\\e[31mred'],
    ['an escape that looks like one', '%0A', '%250A'],
  ])('data: %s', (_name, text, escaped) => {
    expect(escapeData(text)).toBe(escaped);
  });

  it.each([
    ['colon and comma', 'a: b, c', 'a%3A b%2C c'],
    ['percent, CR, LF', '5%\r\n', '5%25%0D%0A'],
    ['a path', 'logs/n-cpu,node1:a.log', 'logs/n-cpu%2Cnode1%3Aa.log'],
  ])('property: %s', (_name, text, escaped) => {
    expect(escapeProperty(text)).toBe(escaped);
  });

  it('annotates each finding on its file and line, then the verdict', () => {
    const lines = formatCheckGithub(result()).split('\n');
    expect(lines[0]).toBe('::error file=logs/n-cpu%2Cnode1%3Aa.log,line=17,title=novatrace outcomes::boot bbbb req-b: failed: spawn \\e[31mfailed\\e[0m: 100%25 <disk> & "quota" \'x\' \\x00 \ud800 \uffff done');
    expect(lines[1]).toMatch(/^::error file=logs\/n-cpu%2Cnode1%3Aa\.log,line=17,title=novatrace forbid::boot bbbb req-b: ERROR nova\.compute\.manager: spawn /);
    expect(lines[2]).toBe('::notice title=novatrace check::novatrace check: FAIL: 2 rules, 0 passed, 2 failed');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f]/);
  });

  it('a known bug is an error naming it, a warning under --allow-known', () => {
    const sig = 'bug: https://bugs.example.org/disk\nmessage: "<disk>"\n';
    expect(formatCheckGithub(result(false, sig)).split('\n')[0]).toMatch(/^::error file=.*\(known bug https:\/\/bugs\.example\.org\/disk\)$/);
    const allowed = formatCheckGithub(result(true, sig)).split('\n');
    expect(allowed[0]).toMatch(/^::warning file=.*\(known bug https:\/\/bugs\.example\.org\/disk\)$/);
    expect(allowed[2]).toBe('::notice title=novatrace check::novatrace check: PASS: 2 rules, 0 passed, 0 failed, 2 failed with known bugs only (allowed by --allow-known)');
  });
});

describe('XML escaping', () => {
  it.each([
    ['markup', 'a < b && c > d', 'a &lt; b &amp;&amp; c &gt; d'],
    ['ESC and NUL made visible', '\u001b[1m\u0000', '\\e[1m\\x00'],
    ['C1 made visible', '\u009b2J', '\\x9b2J'],
    ['tab and LF kept, CR as a reference', 'a\tb\nc\rd', 'a\tb\nc&#13;d'],
    ['bidirectional overrides escaped', 'admin\u202e\u2066x\u2069', 'admin\\u202e\\u2066x\\u2069'],
    ['lone surrogates dropped', 'a\ud800b\udc00c', 'abc'],
    ['a surrogate pair kept', 'ok \ud83d\ude00', 'ok \ud83d\ude00'],
    ['U+FFFE and U+FFFF dropped', 'a\ufffeb\uffffc', 'abc'],
  ])('text: %s', (_name, text, escaped) => {
    expect(xmlText(text)).toBe(escaped);
  });

  it.each([
    ['quotes', 'say "hi" it\'s', 'say &quot;hi&quot; it&apos;s'],
    ['line breaks kept as references', 'a\nb\r\tc', 'a&#10;b&#13;&#9;c'],
  ])('attribute: %s', (_name, text, escaped) => {
    expect(xmlAttribute(text)).toBe(escaped);
  });
});

describe('JUnit', () => {
  it('one case per rule and per operation; failures carry the message, type and log location', () => {
    const xml = formatCheckJunit(result(), { hostname: 'ci-runner', now: 0 });
    expect(xml).toContain('<testsuites name="novatrace check" tests="4" failures="3" errors="0" skipped="0" time="24.090">');
    expect(xml).toContain('<testsuite name="novatrace.rules" tests="2" failures="2" errors="0" skipped="0" time="0.000" timestamp="2023-02-07T11:02:10" hostname="ci-runner" id="0" package="novatrace">');
    expect(xml).toContain('<testcase classname="novatrace.operations.stop" name="stop aaaa req-a" time="19.580"/>');
    expect(xml).toContain('<testcase classname="novatrace.operations.boot" name="boot bbbb req-b" time="4.510">');
    expect(xml).toContain('<failure message="boot bbbb req-b: failed: spawn \\e[31mfailed\\e[0m: 100% &lt;disk&gt; &amp; &quot;quota&quot; &apos;x&apos; \\x00   done" type="outcomes">');
    expect(xml).toContain(`  at ${FILE}:17`);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800\uffff]/);
  });

  it('known bugs: failures of type known-bug, skipped under --allow-known', () => {
    const sig = 'bug: https://bugs.example.org/disk\nmessage: "<disk>"\n';
    expect(formatCheckJunit(result(false, sig), { hostname: 'h', now: 0 })).toContain('type="known-bug"');
    const allowed = formatCheckJunit(result(true, sig), { hostname: 'h', now: 0 });
    expect(allowed).toContain('<skipped message="known bug https://bugs.example.org/disk"/>');
    expect(allowed).toContain('tests="4" failures="0" errors="0" skipped="3"');
  });

  it.skipIf(!HAS_XMLLINT).each([
    ['failures', false, ''],
    ['known bugs', false, 'bug: https://bugs.example.org/disk\nmessage: "<disk>"\n'],
    ['skipped known bugs', true, 'bug: https://bugs.example.org/disk\nmessage: "<disk>"\n'],
  ])('validates against the JUnit schema with %s', (_name, allowKnown, sig) => {
    const verdict = validateJunit(formatCheckJunit(result(allowKnown, sig), { hostname: 'ci-runner', now: 0 }));
    expect(verdict.output).toMatch(/validates/);
    expect(verdict.status).toBe(0);
  });

  it.skipIf(!HAS_XMLLINT)('an empty run validates too (no operations, no log time, no hostname)', () => {
    const empty = evaluateCheck({ operations: [], entriesRead: 0, errors: [], dropped: 0, rules: loadRules('', 'r.yaml'), signatures: [], baseline: null, allowKnown: false, logStart: null });
    const verdict = validateJunit(formatCheckJunit(empty, { hostname: '', now: Date.UTC(2026, 0, 1) }));
    expect(verdict.status, verdict.output).toBe(0);
  });

  it.skipIf(!HAS_XMLLINT)('the schema refuses a report missing what CI systems need', () => {
    expect(validateJunit('<testsuites><testsuite name="x" tests="1"><testcase name="a"/></testsuite></testsuites>').status).not.toBe(0);
  });
});

describe('text', () => {
  it('states the verdict, each rule, and each finding with operation, request ID and file:line; controls escaped', () => {
    const text = formatCheckText(result(), PARSE);
    expect(text.split('\n').slice(0, 7)).toEqual([
      'novatrace check: FAIL: 2 rules, 0 passed, 2 failed',
      '',
      'FAIL   outcomes: every operation succeeds',
      '       1 of 2 operations ended as allowed',
      '  - boot bbbb req-b',
      '    failed: spawn \\e[31mfailed\\e[0m: 100% <disk> & "quota" \'x\' \\x00 \ud800 \uffff done',
      `    at ${FILE}:17`,
    ]);
    expect(text).not.toContain('\u001b');
  });
});
