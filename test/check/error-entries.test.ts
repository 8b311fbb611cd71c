// Which entries check keeps for the forbidden-content rule and the signatures, and the bound on them.

import { describe, expect, it } from 'vitest';
import { ErrorEntryCollector } from '../../src/check/error-entries.js';
import { parseLines } from '../helpers.js';

// Nova's own strings (nova-log-catalog.md §8.1, §8.2, §9), Zed line format.
const LINES = [
  '2023-02-07 11:02:10.001 3121 INFO nova.compute.manager [-] [instance: 9ae18742-0187-43c5-810c-7630ca0ab4d4] VM Started (Lifecycle Event)',
  '2023-02-07 11:02:14.608 3121 ERROR nova.compute.manager [None req-1585c4c0-9284-41cb-a829-54a3e5abe128 u p - - default default] [instance: 9ae18742-0187-43c5-810c-7630ca0ab4d4] Instance failed to spawn: libvirt.libvirtError: internal error',
  '2023-02-07 11:02:14.608 3121 ERROR nova.compute.manager [instance: 9ae18742-0187-43c5-810c-7630ca0ab4d4] Traceback (most recent call last):',
  '2023-02-07 11:02:14.608 3121 ERROR nova.compute.manager [instance: 9ae18742-0187-43c5-810c-7630ca0ab4d4]   File "/opt/stack/nova/nova/compute/manager.py", line 2743, in _build_resources',
  '2023-02-07 11:02:14.608 3121 ERROR nova.compute.manager [instance: 9ae18742-0187-43c5-810c-7630ca0ab4d4] libvirt.libvirtError: internal error',
  '2023-02-07 11:02:15.000 3121 WARNING nova.compute.manager [-] [instance: 9ae18742-0187-43c5-810c-7630ca0ab4d4] Instance build timed out. Set to error state.',
  '2023-02-07 11:02:16.000 3121 CRITICAL nova [-] Unhandled error',
];

describe('ErrorEntryCollector', () => {
  const { entries } = parseLines(LINES, 'n-cpu-node1.log');

  it('keeps ERROR and worse with their tracebacks, file and line, and the first time seen', () => {
    const c = new ErrorEntryCollector('ERROR');
    entries.forEach(c.observe);
    expect(c.kept.map((e) => [e.level, e.line, e.hasTraceback, e.traceback.length])).toEqual([['ERROR', 2, true, 3], ['CRITICAL', 7, false, 0]]);
    expect(c.kept[0]).toMatchObject({ service: 'compute', requestId: 'req-1585c4c0-9284-41cb-a829-54a3e5abe128', instance: '9ae18742-0187-43c5-810c-7630ca0ab4d4', file: 'n-cpu-node1.log' });
    expect(c.firstTime).toBe(Date.UTC(2023, 1, 7, 11, 2, 10, 1));
  });

  it('keeps WARNING too when the rule forbids it, and ERROR even when it forbids only CRITICAL', () => {
    const warning = new ErrorEntryCollector('WARNING');
    entries.forEach(warning.observe);
    expect(warning.kept.map((e) => e.line)).toEqual([2, 6, 7]);
    const critical = new ErrorEntryCollector('CRITICAL');
    entries.forEach(critical.observe);
    expect(critical.kept.map((e) => e.line)).toEqual([2, 7]);
  });

  it('keeps a traceback logged below ERROR', () => {
    const { entries: debug } = parseLines([
      '2023-02-07 11:02:14.608 3121 DEBUG nova.compute.manager [-] Ignoring it',
      'Traceback (most recent call last):',
      '  File "x.py", line 1, in f',
      'ValueError: no',
    ]);
    const c = new ErrorEntryCollector('ERROR');
    debug.forEach(c.observe);
    expect(c.kept.map((e) => [e.level, e.hasTraceback])).toEqual([['DEBUG', true]]);
  });

  it('counts what it cannot keep past its bound', () => {
    const c = new ErrorEntryCollector('ERROR', 1);
    entries.forEach(c.observe);
    expect(c.kept.map((e) => e.line)).toEqual([2]);
    expect(c.dropped).toBe(1);
  });
});
