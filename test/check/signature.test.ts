// Known-failure signatures and allow-list patterns: which failures they match.

import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/check/entry-pattern.js';
import { matchesPattern } from '../../src/check/entry-pattern.js';
import { loadSignature } from '../../src/check/load-config.js';
import { knownBugs } from '../../src/check/signature.js';

const SPAWN: Evidence = {
  service: 'compute', level: 'ERROR', logger: 'nova.compute.manager', message: "Instance failed to spawn: KeyError: 'dns'",
  traceback: ['Traceback (most recent call last):', '  File "nova/network/os_vif_util.py", line 187, in _nova_to_osvif_subnet', "KeyError: 'dns'"],
};
const TRACE_LEVEL: Evidence = { ...SPAWN, level: 'TRACE', message: 'Instance failed to spawn' };
const REJECTED: Evidence = { service: 'api', level: null, logger: null, message: 'HTTP exception thrown: Maximum number of ports exceeded', traceback: [] };

function sig(lines: string): ReturnType<typeof loadSignature> {
  return loadSignature(`bug: https://bugs.example.org/1\n${lines}`, 'sig.yaml');
}

describe('matchesPattern', () => {
  it.each([
    ['the message', 'message: "failed to spawn"', SPAWN, true],
    ['a traceback line (the exception is there)', 'message: "^KeyError: .dns.$"', { ...SPAWN, message: 'Instance failed to spawn' }, true],
    ['a frame of the traceback', 'message: "_nova_to_osvif_subnet"', SPAWN, true],
    ['nothing', 'message: "NoValidHost"', SPAWN, false],
    ['case matters', 'message: "keyerror"', SPAWN, false],
    ['service narrows', 'message: dns\nservice: conductor', SPAWN, false],
    ['service that fits', 'message: dns\nservice: compute', SPAWN, true],
    ['logger narrows', 'message: dns\nlogger: "^oslo_messaging"', SPAWN, false],
    ['logger that fits', 'message: dns\nlogger: "^nova\\\\.compute\\\\."', SPAWN, true],
    ['level is exact', 'message: dns\nlevel: CRITICAL', SPAWN, false],
    ['TRACE is ERROR', 'message: spawn\nlevel: ERROR', TRACE_LEVEL, true],
    ['an unknown level never matches a level', 'message: ports\nlevel: INFO', REJECTED, false],
    ['an unknown logger never matches a logger', 'message: ports\nlogger: nova', REJECTED, false],
    ['an API fault line by message and service', 'message: "Maximum number of ports"\nservice: api', REJECTED, true],
  ])('%s', (_name, lines, evidence, matches) => {
    expect(matchesPattern(sig(lines).pattern, evidence)).toBe(matches);
  });
});

describe('knownBugs', () => {
  const dns = loadSignature("bug: https://bugs.example.org/dns\nmessage: \"KeyError: 'dns'\"\ntype: boot\n", 'known/dns.yaml');
  const ports = loadSignature('bug: https://bugs.example.org/ports\nmessage: ports exceeded\n', 'known/ports.yaml');

  it.each([
    ['a boot failure', [SPAWN], 'boot', ['https://bugs.example.org/dns']],
    ['the same failure in another operation type', [SPAWN], 'rebuild', []],
    ['the same failure outside any operation', [SPAWN], null, []],
    ['evidence matching two signatures', [SPAWN, REJECTED], 'boot', ['https://bugs.example.org/dns', 'https://bugs.example.org/ports']],
    ['no evidence', [], 'boot', []],
  ] as const)('%s', (_name, evidence, type, bugs) => {
    expect(knownBugs([dns, ports], evidence, type).map((b) => b.bug)).toEqual(bugs);
  });

  it('names the signature file that matched', () => {
    expect(knownBugs([dns], [SPAWN], 'boot')).toEqual([{ bug: 'https://bugs.example.org/dns', signature: 'known/dns.yaml' }]);
  });
});
