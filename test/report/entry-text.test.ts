// merge's text line, `<UTC time> [host/svc] LEVEL logger [req] [instance: x] message` and its continuation lines,
// written by hand from that definition; and the formatter's kept texts (sources, levels and loggers) keyed right.

import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/model/entry.js';
import { entryTextFormatter } from '../../src/report/entry-text.js';
import { ANSI_PAINT, NO_PAINT, hostColor } from '../../src/format/paint.js';

const T = Date.UTC(2016, 5, 28, 13, 56, 12, 345);
const AT = '2016-06-28T13:56:12.345Z';
const REQ = 'req-11111111-2222-3333-4444-555555555555';
const GREQ = 'req-aaaaaaaa-2222-3333-4444-555555555555';
const VM = '0f4e5c2a-1b2c-4d5e-8f90-123456789abc';

function entry(more: Partial<LogEntry> = {}): LogEntry {
  return {
    time: T, precision: 3, service: 'compute', host: 'cmp1.example.org', pid: 4242, level: 'INFO', logger: 'nova.compute.manager',
    globalRequestId: null, requestId: REQ, user: 'demo', project: 'admin', instance: null, message: 'Terminating instance',
    location: null, continuation: [], file: '/logs/n-cpu.log', line: 17, dialect: 'oslo', ...more,
  };
}

const plain = entryTextFormatter(NO_PAINT);

describe('entryTextFormatter', () => {
  it.each([
    ['a plain entry', entry(), `${AT} [cmp1/n-cpu] INFO nova.compute.manager [${REQ}] Terminating instance`],
    ['an instance', entry({ instance: VM }), `${AT} [cmp1/n-cpu] INFO nova.compute.manager [${REQ}] [instance: ${VM}] Terminating instance`],
    ['a global and a local request ID', entry({ globalRequestId: GREQ }), `${AT} [cmp1/n-cpu] INFO nova.compute.manager [${GREQ} ${REQ}] Terminating instance`],
    ['only a global request ID', entry({ globalRequestId: GREQ, requestId: null }), `${AT} [cmp1/n-cpu] INFO nova.compute.manager [${GREQ}] Terminating instance`],
    ['no request ID', entry({ requestId: null }), `${AT} [cmp1/n-cpu] INFO nova.compute.manager [-] Terminating instance`],
    ['no host', entry({ host: null, service: 'api', file: '/logs/n-api.log' }), `${AT} [n-api] INFO nova.compute.manager [${REQ}] Terminating instance`],
    ['a service named by its file', entry({ service: 'other', host: null, file: '/logs/screen-q-svc.txt' }), `${AT} [q-svc] INFO nova.compute.manager [${REQ}] Terminating instance`],
    ['a message-only line', entry({ time: null, precision: 0, level: null, logger: null, requestId: null, dialect: 'message-only', message: '+ echo hi' }),
      `${'-'.padEnd(24)} [cmp1/n-cpu] + echo hi`],
    ['no level, a logger', entry({ level: null }), `${AT} [cmp1/n-cpu] nova.compute.manager [${REQ}] Terminating instance`],
    ['whole seconds', entry({ time: T - 345, precision: 0 }), `2016-06-28T13:56:12.000Z [cmp1/n-cpu] INFO nova.compute.manager [${REQ}] Terminating instance`],
    ['microseconds', entry({ time: T + 0.678, precision: 6 }), `2016-06-28T13:56:12.345678Z [cmp1/n-cpu] INFO nova.compute.manager [${REQ}] Terminating instance`],
    ['continuation lines', entry({ continuation: ['Traceback (most recent call last):', '  File "x.py", line 1'] }),
      `${AT} [cmp1/n-cpu] INFO nova.compute.manager [${REQ}] Terminating instance\n    Traceback (most recent call last):\n      File "x.py", line 1`],
    ['control characters in every log text', entry({ logger: 'nova\u001b[2J', requestId: 'req-\u0007', message: 'a\u001b[31mb\rc\u202ed', continuation: ['x\u0085y'] }),
      `${AT} [cmp1/n-cpu] INFO nova\\e[2J [req-\\x07] a\\e[31mb\\rc\\u202ed\n    x\\x85y`],
  ])('%s', (_name, e, line) => {
    expect(plain(e)).toBe(line);
  });

  it('paints the source in its host\'s colour and the level in its own', () => {
    const painted = entryTextFormatter(ANSI_PAINT);
    const sgr = (code: number, text: string): string => `\u001b[${code}m${text}\u001b[39m`;
    const host = { cyan: 36, blue: 34, magenta: 35, green: 32 }[hostColor('cmp1') as 'cyan' | 'blue' | 'magenta' | 'green'];
    expect(painted(entry({ level: 'ERROR' }))).toBe(`${AT} ${sgr(host, '[cmp1/n-cpu]')} ${sgr(31, 'ERROR')} nova.compute.manager [${REQ}] Terminating instance`);
    // Neither a host-less source nor INFO has a colour.
    expect(painted(entry({ host: null }))).toBe(`${AT} [n-cpu] INFO nova.compute.manager [${REQ}] Terminating instance`);
  });

  it('keeps each file\'s sources apart: a merged file interleaves hosts and services', () => {
    const format = entryTextFormatter(NO_PAINT);
    const lines = [
      entry({ file: '/logs/merged.log', host: 'cmp1' }),
      entry({ file: '/logs/merged.log', host: 'cmp2' }),
      entry({ file: '/logs/merged.log', host: 'cmp1', service: 'conductor' }),
      entry({ file: '/logs/merged.log', host: null }),
      entry({ file: '/logs/screen-q-svc.txt', host: null, service: 'other' }),
      entry({ file: '/logs/merged.log', host: 'cmp1' }),
    ].map((e) => format(e).split(' ')[1]);
    expect(lines).toEqual(['[cmp1/n-cpu]', '[cmp2/n-cpu]', '[cmp1/n-cond]', '[n-cpu]', '[q-svc]', '[cmp1/n-cpu]']);
  });

  it('keeps each level and logger apart', () => {
    const format = entryTextFormatter(NO_PAINT);
    const heads = [
      entry({ level: 'INFO', logger: 'a' }), entry({ level: 'ERROR', logger: 'a' }), entry({ level: 'INFO', logger: 'b' }),
      entry({ level: null, logger: 'a' }), entry({ level: 'INFO', logger: null }), entry({ level: 'INFO', logger: 'a' }),
    ].map((e) => format(e).split(' [')[1]?.split(']')[1]);
    expect(heads).toEqual([' INFO a', ' ERROR a', ' INFO b', ' a', ' INFO', ' INFO a']);
  });

  it('stays right past the bound of its kept texts', () => {
    const format = entryTextFormatter(NO_PAINT);
    for (let i = 0; i < 5000; i++) {
      const logger = `nova.logger${i % 4500}`;
      expect(format(entry({ logger, host: `cmp${i}`, file: `/logs/${i % 4100}.log` }))).toBe(`${AT} [cmp${i}/n-cpu] INFO ${logger} [${REQ}] Terminating instance`);
    }
  });
});
