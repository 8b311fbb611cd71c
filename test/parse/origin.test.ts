// The name a log file gives the service novatrace does not time (`other`): how such a phase and such an error
// outside operations are labeled.

import { describe, expect, it } from 'vitest';
import { componentFromFileName, componentOf, fileStem } from '../../src/parse/origin.js';

describe('componentFromFileName', () => {
  it.each([
    ['screen-n-net.txt.gz', 'n-net'],
    ['screen-n-crt.txt', 'n-crt'],
    ['nova-cert.log', 'nova-cert'],
    ['nova-consoleauth.log.1', 'nova-consoleauth'],
    ['c-vol.log', 'c-vol'],
    ['server.log', 'server'],
  ])('%s names %s', (file, component) => {
    expect(componentFromFileName(file)).toBe(component);
  });

  it.each(['screen-n-cpu.txt.gz', 'nova-api.log', 'n-sch.log', 'tempest.txt.gz', 'openstack_demo_workload-1530074356.out.log'])('%s names none', (file) => {
    expect(componentFromFileName(file)).toBeNull();
  });

  it('fileStem drops compression, extension, rotation and screen-', () => {
    expect(['screen-n-net.txt.gz', 'nova-compute.log-20151124.gz', 'c-vol.log.1'].map(fileStem)).toEqual(['n-net', 'nova-compute', 'c-vol']);
  });
});

describe('componentOf', () => {
  it('a packaged log named for no project takes its project folder\'s name', () => {
    expect(componentOf('/logs/hp-ms-01-c29/var/log/neutron/server.log')).toBe('neutron-server');
    expect(componentOf('/logs/hp-ms-01-c29/var/log/nova/nova-cert.log')).toBe('nova-cert');
    expect(componentOf('/logs/screen-n-net.txt.gz')).toBe('n-net');
    expect(componentOf('/somewhere/server.log')).toBe('server');
    expect(componentOf('/logs/screen-n-cpu.txt.gz')).toBeNull();
  });
});
