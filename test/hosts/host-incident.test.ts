// The host incident builder, on hand-made lines (Nova's strings, nova-log-catalog.md) and hand-made operations:
// the host's silence and how it ended, what the others said of it, the evacuations' grouping, each instance's fate
// and the host's return.

import { describe, expect, it } from 'vitest';
import { Deployment } from '../../src/correlate/deployment.js';
import { HostFacts } from '../../src/hosts/host-facts.js';
import { incidentLines } from '../../src/format/host-incident.js';
import { hostIncidents } from '../../src/hosts/host-incident.js';
import type { LogEntry } from '../../src/model/entry.js';
import type { Operation, Outcome } from '../../src/model/operation.js';
import { operation } from '../check/make.js';
import { parseLines } from '../helpers.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';
const CTX = '[None req-00000000-0000-4000-8000-000000000001 - - - - - -]';
const USER = 'aaaa0000aaaa0000aaaa0000aaaa0000 bbbb0000bbbb0000bbbb0000bbbb0000 - - default default';

const t = (hms: string): number => Date.parse(`2026-12-05T${hms}Z`);

/** A compute line of host `node2`. */
function cpu(hms: string, pid: number, text: string, instance: string | null = null, level = 'INFO'): string {
  return `2026-12-05 ${hms} ${pid} ${level} nova.compute.manager ${CTX} ${instance === null ? '' : `[instance: ${instance}] `}${text}`;
}

function api(hms: string, req: string, text: string, logger = 'nova.api.openstack.requestlog', level = 'INFO'): string {
  return `2026-12-05 ${hms} 900 ${level} ${logger} [None ${req} ${USER}] ${text}`;
}

function facts(files: Record<string, readonly string[]>): HostFacts {
  const all = Object.entries(files).flatMap(([path, lines]) => parseLines(lines, path).entries);
  all.sort((a, b) => (a.time ?? 0) - (b.time ?? 0));
  const f = new HostFacts();
  for (const e of all) f.note(e);
  return f;
}

function evacuate(instance: string, req: string, hms: string, outcome: Outcome = 'succeeded', apiMs = 500): Operation {
  const start = t(hms);
  return operation({
    type: 'evacuate', instance, requestIds: [req], start, end: start + 2000, outcome, httpStatus: outcome === 'rejected' ? 400 : 200,
    source: 'node2', destination: outcome === 'rejected' ? null : 'node1', hosts: ['node2', 'node1'],
    phases: [{ service: 'api', host: null, component: null, start, end: start + apiMs, waitMs: null, entries: 2, spans: [] }],
  });
}

// node2 runs A, B and C; it stops logging at 10:00:05 (pid 100), and comes back at 10:05:00 (pid 200).
const BEFORE = [
  cpu('10:00:00.000', 100, 'VM Resumed (Lifecycle Event)', A),
  cpu('10:00:01.000', 100, 'VM Resumed (Lifecycle Event)', B),
  cpu('10:00:05.000', 100, 'VM Resumed (Lifecycle Event)', C),
];
const RETURN = [
  '2026-12-05 10:05:00.000 200 INFO nova.service [-] Starting compute node (version 26.2.2)',
  cpu('10:05:00.100', 200, 'Cleaning up allocations of the instance as it has been evacuated from this host', A),
  cpu('10:05:00.200', 200, 'Cleaning up allocations of the instance as it has been evacuated from this host', B),
];
const API = [
  api('10:01:00.000', 'req-10000000-0000-4000-8000-000000000001', '127.0.0.1 "GET /v2.1/os-services?binary=nova-compute&host=node2" status: 200 len: 251 microversion: 2.69 time: 0.1'),
  api('10:01:01.000', 'req-10000000-0000-4000-8000-000000000002', `Action: 'update', calling method: <function Controller.__getattribute__.<locals>.version_select at 0x7f>, body: {"forced_down": true}`, 'nova.api.openstack.wsgi', 'DEBUG'),
  api('10:01:01.100', 'req-10000000-0000-4000-8000-000000000002', '127.0.0.1 "PUT /v2.1/os-services/8e0e7da9-5962-4ffc-b9c7-eb2b3c840bfb" status: 200 len: 249 microversion: 2.69 time: 0.2'),
  api('10:02:00.000', 'req-10000000-0000-4000-8000-000000000003', '127.0.0.1 "GET /v2.1/os-hypervisors?hypervisor_hostname_pattern=node2&with_servers=True" status: 200 len: 388 microversion: 2.92 time: 0.9'),
];

describe('hostIncidents', () => {
  it('a host killed, forced down, host-evacuated and back: one incident with every part', () => {
    const f = facts({ 'n-cpu-node2.log': [...BEFORE, ...RETURN], 'n-api.log': API });
    const ops = [
      evacuate(A, 'req-e1', '10:02:00.100'),
      evacuate(B, 'req-e2', '10:02:00.700'), // 100 ms after A's answer: the same loop
      evacuate(C, 'req-e3', '10:02:01.300', 'failed'),
    ];
    const [i, ...more] = hostIncidents(ops, f);
    expect(more).toEqual([]);
    expect(i?.host).toBe('node2');
    expect(i?.lastLine).toBe(t('10:00:05.000'));
    expect(i?.silenceMs).toBe(t('10:05:00.000') - t('10:00:05.000'));
    expect(i?.ended).toBe('abrupt');
    expect(i?.events.map((e) => [e.kind, e.requestId])).toEqual([
      ['force-down', 'req-10000000-0000-4000-8000-000000000002'],
      ['hypervisor-lookup', 'req-10000000-0000-4000-8000-000000000003'],
    ]);
    expect(i?.evacuations).toEqual([{
      kind: 'host-evacuate', lookup: { time: t('10:02:00.000'), requestId: 'req-10000000-0000-4000-8000-000000000003' },
      requestIds: ['req-e1', 'req-e2', 'req-e3'], instances: [A, B, C],
    }]);
    expect(i?.instances.map((x) => [x.instance, x.fate, x.requestId, x.destination])).toEqual([
      [A, 'evacuated', 'req-e1', 'node1'], [B, 'evacuated', 'req-e2', 'node1'], [C, 'failed', 'req-e3', 'node1'],
    ]);
    expect(i?.outcome).toBe('some-failed');
    expect(i?.returned?.time).toBe(t('10:05:00.000'));
    expect(i?.returned?.started).toBe(t('10:05:00.000'));
    expect(i?.returned?.cleanups.map((c) => c.instance)).toEqual([A, B]);
    expect(i?.returned?.problems).toEqual([]);
    expect(i?.unknown.some((u) => u.includes('no nova-api log'))).toBe(false);
  });

  it('evacuations further apart than a client loop, without a lookup, are each an evacuate', () => {
    const f = facts({ 'n-cpu-node2.log': BEFORE });
    const runs = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000'), evacuate(B, 'req-e2', '10:02:30.000')], f)[0]?.evacuations;
    expect(runs?.map((r) => [r.kind, r.requestIds])).toEqual([['evacuate', ['req-e1']], ['evacuate', ['req-e2']]]);
  });

  it('an instance the host ran and nobody evacuated is listed as not evacuated; the outcome says so', () => {
    const f = facts({ 'n-cpu-node2.log': BEFORE });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(i?.instances.map((x) => [x.instance, x.fate])).toEqual([[A, 'evacuated'], [B, 'not-evacuated'], [C, 'not-evacuated']]);
    expect(i?.outcome).toBe('some-failed');
    // A deleted instance is not the host's any more.
    const deleted = operation({ type: 'delete', instance: B, start: t('10:00:02.000'), hosts: ['node2'] });
    const [j] = hostIncidents([deleted, evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(j?.instances.map((x) => x.instance)).toEqual([A, C]);
  });

  it('a logged service stop makes the ending clean', () => {
    const stop = '2026-12-05 10:00:05.500 100 INFO oslo_service.service [-] Caught SIGTERM, exiting';
    const f = facts({ 'n-cpu-node2.log': [...BEFORE, stop] });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(i?.ended).toBe('clean');
    expect(i?.lastLine).toBe(t('10:00:05.500'));
    expect(i?.returned).toBeNull();
    expect(i?.silenceMs).toBe(t('10:00:05.500') - t('10:00:05.500')); // the logs end with its last line
    expect(i?.unknown.some((u) => u.includes('whether it came back'))).toBe(true);
  });

  it('Zed\'s nova-compute stopped by SIGTERM logs no `Caught SIGTERM`, but its AMQP channel closing: clean too', () => {
    // The line as zed-rig/full/n-cpu-compute1.log ends with it (the recording's shutdown), host and time changed.
    const closing = '2026-12-05 10:00:05.500 100 WARNING amqp [-] Received method (60, 30) during closing channel 1. This method will be ignored';
    const f = facts({ 'n-cpu-node2.log': [...BEFORE, closing] });
    expect(hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f)[0]?.ended).toBe('clean');
  });

  it('without an API log, what only the API says is unknown; refusals are events when it is given', () => {
    const f = facts({ 'n-cpu-node2.log': BEFORE });
    expect(hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f)[0]?.unknown.some((u) => u.startsWith('no nova-api log'))).toBe(true);
    const refusedLines = [
      api('10:00:03.000', 'req-r1', 'Instance compute service state on node2 expected to be down, but it was up.', 'nova.compute.api', 'ERROR'),
      api('10:00:03.010', 'req-r1', 'HTTP exception thrown: Compute service of node2 is still in use.', 'nova.api.openstack.wsgi'),
    ];
    const g = facts({ 'n-cpu-node2.log': BEFORE, 'n-api.log': refusedLines });
    const [i] = hostIncidents([evacuate(A, 'req-r1', '10:00:02.500', 'rejected'), evacuate(A, 'req-e1', '10:02:00.000')], g);
    expect(i?.events.map((e) => [e.kind, e.message])).toEqual([['evacuate-refused', 'HTTP exception thrown: Compute service of node2 is still in use.']]);
    expect(i?.instances[0]?.operations.map((op) => op.outcome)).toEqual(['rejected', 'succeeded']);
    expect(i?.instances[0]?.requestId).toBe('req-e1');
  });

  it('an os-services update whose body is not logged (API at INFO) is listed as such, and what it did is unknown', () => {
    const f = facts({ 'n-cpu-node2.log': BEFORE, 'n-api.log': API.filter((l) => !l.includes(' DEBUG ')) });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(i?.events.map((e) => e.kind)).toEqual(['service-update', 'hypervisor-lookup']);
    expect(i?.unknown.some((u) => u.startsWith('nova-api logged os-services updates of the host without their body'))).toBe(true);
  });

  it('before 2.53, force-down names the host in its body', () => {
    const old = [
      api('10:01:01.000', 'req-f1', `Action: 'update', calling method: <bound method ServiceController.update of <x>>, body: {"host": "node2", "binary": "nova-compute", "forced_down": true}`, 'nova.api.openstack.wsgi', 'DEBUG'),
      api('10:01:01.100', 'req-f1', '127.0.0.1 "PUT /v2.1/os-services/force-down" status: 200 len: 80 microversion: 2.11 time: 0.2'),
    ];
    const f = facts({ 'n-cpu-node2.log': BEFORE, 'n-api.log': old });
    expect(hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f)[0]?.events.map((e) => e.kind)).toEqual(['force-down']);
  });

  it('a returning host with no clean-up of an evacuated instance, or still acting on it, is a problem', () => {
    const back = [RETURN[0] as string, cpu('10:05:30.000', 200, 'VM Started (Lifecycle Event)', A)];
    const f = facts({ 'n-cpu-node2.log': [...BEFORE, ...back] });
    const problems = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f)[0]?.returned?.problems;
    expect(problems).toEqual([`${A}: no clean-up logged, and the host still acts on it (it believes it owns it)`]);
  });

  const json = (hms: string, logger: string, message: string, instance: string | null = null): string => JSON.stringify({
    message, name: logger, levelname: 'INFO', created: t(hms) / 1000, process: 100, hostname: 'rack3-node7',
    context: { request_id: null }, extra: instance === null ? {} : { instance_uuid: instance },
  });
  const STAMPED = [
    json('10:00:00.000', 'nova.compute.resource_tracker', 'Compute_service record updated for node2:rack3-node7'),
    json('10:00:05.000', 'nova.compute.manager', 'VM Resumed (Lifecycle Event)', A),
  ];

  it('JSON logs stamped with the machine\'s name: the incident is Nova\'s host\'s, learned from its resource tracker', () => {
    const f = facts({ 'nova-compute.log': STAMPED });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(i?.host).toBe('node2');
    expect(i?.lastLine).toBe(t('10:00:05.000'));
    expect(i?.instances.map((x) => x.instance)).toEqual([A]);
  });

  it('given the analyzer\'s deployment, Nova\'s host is the one it learned: the facts read that store, they keep no second one', () => {
    const deployment = new Deployment();
    const f = new HostFacts(deployment);
    const [tracker, resumed] = parseLines(STAMPED, 'nova-compute.log').entries;
    // Only the owner saw the resource tracker's line: a store of the facts' own would not know node2.
    deployment.note(tracker as LogEntry);
    deployment.note(resumed as LogEntry);
    f.note(resumed as LogEntry);
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(i?.host).toBe('node2');
    expect(i?.lastLine).toBe(t('10:00:05.000'));
    expect(f.computeHosts).toEqual(new Set(['node2']));
  });

  it('a compute log whose name gives no host: the host its resource tracker names', () => {
    const tracker = '2026-12-05 09:59:59.000 100 DEBUG nova.compute.resource_tracker [-] Compute_service record updated for node2:node2';
    const f = facts({ 'n-cpu.log': [tracker, ...BEFORE] });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(i?.host).toBe('node2');
    expect(i?.lastLine).toBe(t('10:00:05.000'));
  });

  it('no evacuation, no incident; a refused one alone is none either', () => {
    const f = facts({ 'n-cpu-node2.log': BEFORE });
    expect(hostIncidents([], f)).toEqual([]);
    expect(hostIncidents([evacuate(A, 'req-r1', '10:02:00.000', 'rejected')], f)).toEqual([]);
  });
});

describe('hostIncidents: volumes of the host\'s instances', () => {
  const V1 = 'a1a1a1a1-0000-4000-8000-00000000000a';
  const V2 = 'b2b2b2b2-0000-4000-8000-00000000000b';
  const V3 = 'c3c3c3c3-0000-4000-8000-00000000000c';
  const ATT = 'req-20000000-0000-4000-8000-000000000001';
  const SWAP = 'req-20000000-0000-4000-8000-000000000002';
  const ATT2 = 'req-20000000-0000-4000-8000-000000000003';
  const ctx = (req: string): string => `[${req} ${USER}]`;
  const vcpu = (hms: string, req: string, text: string, instance: string): string =>
    `2026-12-05 ${hms} 100 INFO nova.compute.manager ${ctx(req)} [instance: ${instance}] ${text}`;
  // Nova's strings (catalog: ComputeManager._attach_volume, _do_swap_volume; the API's dispatch line and access line).
  const apiLines = [
    api('09:59:00.000', ATT, `Action: 'create', calling method: <bound method VolumeAttachmentController.create of <x>>, body: {"volumeAttachment": {"volumeId": "${V1}"}}`, 'nova.api.openstack.wsgi', 'DEBUG'),
    api('09:59:00.300', ATT, `127.0.0.1 "POST /v2.1/servers/${A}/os-volume_attachments" status: 200 len: 285 microversion: 2.93 time: 0.3`),
    api('09:59:10.000', SWAP, `127.0.0.1 "PUT /v2.1/servers/${A}/os-volume_attachments/${V1}" status: 202 len: 0 microversion: 2.93 time: 0.2`),
    api('09:59:20.000', ATT2, `127.0.0.1 "POST /v2.1/servers/${B}/os-volume_attachments" status: 200 len: 285 microversion: 2.93 time: 0.3`),
    api('10:03:00.000', 'req-late', `127.0.0.1 "DELETE /v2.1/servers/${A}/os-volume_attachments/${V2}" status: 202 len: 0 microversion: 2.93 time: 0.2`),
  ];
  const cpuLines = [
    vcpu('09:59:00.500', ATT, `Attaching volume ${V1} to /dev/vdb`, A),
    vcpu('09:59:10.500', SWAP, `Swapping volume ${V1} for ${V2}`, A),
    ...BEFORE,
  ];
  const destination = [`2026-12-05 10:02:01.000 300 INFO nova.compute.manager ${ctx('req-e1')} disk on volume, evacuating using existing volume`];

  it('notes each line\'s volume facts as one shape, its fields in the order a checkpoint keeps them', () => {
    const f = facts({ 'n-cpu-node2.log': cpuLines, 'n-api.log': apiLines, 'n-cpu-node1.log': destination });
    const noted = [...f.volumes.values()].flat();
    // API: the attach with its body, the swap (detach then attach, no body), B's attach, the DELETE; compute: A's attach, the swap.
    expect(noted.map((v) => [v.service, v.action, v.volume, v.requestId])).toEqual([
      ['api', 'attach', V1, ATT], ['compute', 'attach', V1, ATT], ['api', 'detach', V1, SWAP], ['api', 'attach', null, SWAP],
      ['compute', 'detach', V1, SWAP], ['compute', 'attach', V2, SWAP], ['api', 'detach', V2, 'req-late'], ['api', 'attach', null, ATT2],
    ]);
    expect(new Set(noted.map((v) => Object.keys(v).join()))).toEqual(new Set(['time,requestId,service,action,volume']));
  });

  it('attaches, a swap and a detach in order, up to the first evacuation; the API\'s body or compute names the volume', () => {
    const f = facts({ 'n-cpu-node2.log': cpuLines, 'n-api.log': apiLines, 'n-cpu-node1.log': destination });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000'), evacuate(B, 'req-e2', '10:02:00.600')], f);
    expect(i?.volumes).toEqual([
      // The DELETE came after the evacuation: V2 was attached when it came.
      { instance: A, attached: [V2], detached: [V1], unnamed: 0, rootOnVolume: true },
      // API at INFO for this one (no body), and no compute line under its request: the volume is not named.
      { instance: B, attached: [], detached: [], unnamed: 1, rootOnVolume: false },
    ]);
    expect(i?.volumeBackendOnHost).toBeNull();
    // The text: one row per instance, which opens its evacuation in the UI, and the backend unknown.
    const lines = incidentLines(i as NonNullable<typeof i>);
    const at = lines.findIndex((l) => l.text === '  volumes (as the logs say when the first evacuation came):');
    expect(lines.slice(at + 1, at + 4)).toEqual([
      { text: `    ${A}  attached ${V2}; detached ${V1}; root disk on a volume (its evacuation said so)`, instance: A, requestId: 'req-e1' },
      { text: `    ${B}  1 attach whose volume is not logged`, instance: B, requestId: 'req-e2' },
      { text: '    volume backend on node2: unknown (no cinder-volume log given)' },
    ]);
    expect(i?.unknown.filter((u) => /volume/.test(u))).toEqual([
      'nova-api logged volume attachments without their body and no compute line named their volume: which volumes they attached is unknown',
      'no cinder-volume log among the inputs: whether node2 runs the volume backend of its instances\' volumes (which they cannot reach while it is down) is unknown',
    ]);
  });

  it('compute\'s `Attaching volume` names the volume of an attach the API logged without its body; a failed attach is no attachment', () => {
    const lines = [
      vcpu('09:59:20.500', ATT2, `Attaching volume ${V3} to /dev/vdb`, B),
      vcpu('09:59:30.000', 'req-x', `Attaching volume ${V1} to /dev/vdc`, C),
      `2026-12-05 09:59:30.500 100 ERROR nova.compute.manager ${ctx('req-x')} [instance: ${C}] Failed to attach ${V1} at /dev/vdc`,
      ...BEFORE,
    ];
    const f = facts({ 'n-cpu-node2.log': lines, 'n-api.log': apiLines.slice(3, 4) });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect(i?.volumes).toEqual([
      { instance: B, attached: [V3], detached: [], unnamed: 0, rootOnVolume: false },
      { instance: C, attached: [], detached: [V1], unnamed: 0, rootOnVolume: false },
    ]);
  });

  it('a cinder-volume log naming `node2@lvmdriver-1`: a volume backend on the failed host; one naming another host: none', () => {
    // Hand-made wording (the catalog has Nova's strings, not Cinder's): only the `host@backend` token is read.
    const cinder = (host: string): string =>
      `2026-12-05 09:58:00.000 500 INFO cinder.volume.manager [None req-c1 - - - - - -] Volume service ${host}@lvmdriver-1 reporting capabilities.`;
    const f = facts({ 'n-cpu-node2.log': cpuLines, 'n-api.log': apiLines, 'c-vol.log': [cinder('node2')] });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect([i?.volumeBackendOnHost, i?.volumeBackends]).toEqual([true, ['node2@lvmdriver-1']]);
    expect(i?.unknown.some((u) => u.includes('cinder-volume'))).toBe(false);
    const g = facts({ 'n-cpu-node2.log': cpuLines, 'c-vol.log': [cinder('node9')] });
    expect(hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], g)[0]?.volumeBackendOnHost).toBe(false);
  });

  it('no volume line at all: no volumes, and without API DEBUG lines or compute volume lines they cannot be known', () => {
    const f = facts({ 'n-cpu-node2.log': BEFORE });
    const [i] = hostIncidents([evacuate(A, 'req-e1', '10:02:00.000')], f);
    expect([i?.volumes, i?.volumeBackendOnHost, i?.volumeBackends]).toEqual([[], null, []]);
    expect(i?.unknown.some((u) => u.startsWith('the volumes attached to node2\'s instances cannot be known'))).toBe(true);
  });
});
