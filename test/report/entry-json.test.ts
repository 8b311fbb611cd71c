// merge --json's formatter against the record it writes: safeJson(entryRecord(entry)) is the definition (the schema
// of docs/json.md), the formatter builds the same text field by field and keeps the texts entries repeat.

import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/model/entry.js';
import type { LogEntry } from '../../src/model/entry.js';
import { entryJsonFormatter, entryRecord } from '../../src/report/entry-json.js';
import { safeJson } from '../../src/format/escape.js';

const T = Date.UTC(2016, 5, 28, 13, 56, 12, 345);

function entry(more: Partial<LogEntry> = {}): LogEntry {
  return {
    time: T, precision: 3, service: 'compute', host: 'cmp1.example.org', pid: 4242, level: 'INFO', logger: 'nova.compute.manager',
    globalRequestId: null, requestId: 'req-11111111-2222-3333-4444-555555555555', user: 'demo', project: 'admin',
    instance: '0f4e5c2a-1b2c-4d5e-8f90-123456789abc', message: 'Took 3.2 seconds to spawn the instance on the hypervisor.',
    location: { func: '_build_and_run_instance', file: '/opt/stack/nova/nova/compute/manager.py', line: 2200 },
    continuation: [], file: '/logs/n-cpu.log', line: 17, dialect: 'oslo', ...more,
  };
}

/** Text a terminal or a JSON reader must see escaped, one case each. */
const AWKWARD: readonly (readonly [string, string])[] = [
  ['a quote', 'said "no"'],
  ['a backslash', 'C:\\path\\to'],
  ['a tab and a newline', 'a\tb\nc'],
  ['ESC (a colour)', '\u001b[31mred\u001b[0m'],
  ['NUL and BEL', 'a\u0000b\u0007c'],
  ['DEL and C1', 'a\u007fb\u0085c\u009bd'],
  ['a bidirectional override', 'user=admin\u202eevil'],
  ['zero-width and BOM', 'a\u200bb\ufeffc\u2028d'],
  ['a lone high surrogate', 'a\ud800b'],
  ['a lone low surrogate', 'a\udc00b'],
  ['a surrogate pair', 'ok 😀 done'],
  ['accents and CJK', "l'istanza è già in uso; 実行中"],
  ['nothing', ''],
];

const CASES: readonly (readonly [string, LogEntry])[] = [
  ['a plain entry', entry()],
  ['no time (message-only)', entry({ time: null, precision: 0, dialect: 'message-only', level: null, logger: null })],
  ['whole seconds', entry({ time: Date.UTC(2016, 5, 28, 13, 56, 12), precision: 0 })],
  ['microseconds', entry({ time: T + 0.678, precision: 6 })],
  ['microseconds that round up', entry({ time: T + 0.9996, precision: 6 })],
  ['a fraction at precision 3', entry({ time: T + 0.5, precision: 3 })],
  ['the first second of the epoch', entry({ time: 999 })],
  ['a second after the epoch', entry({ time: 1000 })],
  ['before the epoch', entry({ time: -1500 })],
  ['beyond 1e15 ms', entry({ time: 1e15 + 1234 })],
  ['no pid, no host', entry({ pid: null, host: null })],
  ['no level, a logger', entry({ level: null })],
  ['a level, no logger', entry({ logger: null })],
  ['every ID', entry({ globalRequestId: 'req-aaaaaaaa-2222-3333-4444-555555555555' })],
  ['no IDs and no people', entry({ requestId: null, user: null, project: null, instance: null })],
  ['only an instance', entry({ user: null, project: null })],
  ['no location', entry({ location: null })],
  ['continuation lines', entry({ continuation: ['Traceback (most recent call last):', '  File "x.py", line 1', 'Error: \u001b[1mboom\\'] })],
  ['a file name to escape', entry({ file: '/logs/"odd"\\n-cpu\u202e.log' })],
  ...DIALECTS.map((dialect) => [`dialect ${dialect}`, entry({ dialect })] as const),
  ...AWKWARD.flatMap(([name, text]) => [
    [`${name} in the message`, entry({ message: text })] as const,
    [`${name} in the logger`, entry({ logger: text })] as const,
    [`${name} in the host`, entry({ host: text })] as const,
    [`${name} in the request ID`, entry({ requestId: text, globalRequestId: text })] as const,
    [`${name} in the user, project and instance`, entry({ user: text, project: text, instance: text })] as const,
    [`${name} in a continuation line`, entry({ continuation: ['first', text] })] as const,
    [`${name} in the code location`, entry({ location: { func: text, file: text, line: 1 } })] as const,
  ]),
];

const expected = (e: LogEntry): string => safeJson(entryRecord(e));

describe('entryJsonFormatter', () => {
  it.each(CASES)('%s: the text of safeJson(entryRecord(entry))', (_name, e) => {
    expect(entryJsonFormatter()(e)).toBe(expected(e));
  });

  it('gives each entry its own text when one formatter writes them all, in either order (its kept texts are keyed right)', () => {
    const entries = CASES.map(([, e]) => e);
    for (const order of [entries, [...entries].reverse()]) {
      const format = entryJsonFormatter();
      for (const e of order) expect(format(e)).toBe(expected(e));
    }
  });

  it('writes a number JSON cannot carry as null, as JSON.stringify does', () => {
    const e = entry({ pid: Number.NaN, line: Number.POSITIVE_INFINITY });
    expect(entryJsonFormatter()(e)).toBe(expected(e));
  });

  it('stays right past the bound of its kept texts (more distinct loggers, hosts and files than it keeps)', () => {
    const format = entryJsonFormatter();
    for (let i = 0; i < 5000; i++) {
      const e = entry({ logger: `nova.logger${i % 4500}`, host: `cmp${i}`, file: `/logs/${i % 4100}.log`, time: T + i * 7 });
      expect(format(e)).toBe(expected(e));
    }
  });
});
