// Pure rules about names: which folders a glob is watched through, and which names are rotated copies.

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { globBases } from '../../../src/io/follow/glob-base.js';
import { rotatedFrom } from '../../../src/io/follow/rotated-name.js';

describe('globBases', () => {
  it.each([
    ['logs/*.log', [{ dir: 'logs', depth: 0 }]],
    ['*.log', [{ dir: '.', depth: 0 }]],
    ['./logs/n-*.txt', [{ dir: './logs', depth: 0 }]],
    ['/var/log/nova/**/*.log', [{ dir: '/var/log/nova', depth: undefined }]],
    ['/srv/*/nova/*.log', [{ dir: '/srv', depth: 2 }]],
    ['{api,compute}/logs/*.log', [{ dir: 'api/logs', depth: 0 }, { dir: 'compute/logs', depth: 0 }]],
    ['logs/{n-api,n-cpu}*.log', [{ dir: 'logs', depth: 0 }]],
  ])('%s', (pattern, bases) => {
    expect(globBases(pattern)).toEqual(bases);
  });
});

describe('rotatedFrom', () => {
  const live = new Set([resolve('/var/log/nova/nova-compute.log'), resolve('/logs/screen-n-cpu.txt')]);
  it.each([
    ['/var/log/nova/nova-compute.log.1', '/var/log/nova/nova-compute.log'],
    ['/var/log/nova/nova-compute.log.2.gz', '/var/log/nova/nova-compute.log'],
    ['/var/log/nova/nova-compute.log-20260101', '/var/log/nova/nova-compute.log'],
    ['/var/log/nova/nova-compute.log.2026-01-01', '/var/log/nova/nova-compute.log'],
    ['/logs/screen-n-cpu.txt.gz', null], // no digit: a compressed copy named without a count or date
    ['/var/log/nova/nova-compute.log.old', null],
    ['/var/log/nova/nova-api.log', null],
    ['/var/log/other/nova-compute.log.1', null],
    ['/var/log/nova/nova-compute.log', null],
  ])('%s', (path, base) => {
    expect(rotatedFrom(resolve(path), live)).toBe(base === null ? null : resolve(base));
  });
});
