// Host incidents on the hand-written fixtures of fixtures/hosts/ (provenance in fixtures/README.md): older releases'
// wording (Queens: `Rebuilding instance`, shared storage, `nova host-evacuate` through `/os-hypervisors/<host>/servers`,
// force-down before 2.53, the returning host's `Deleting instance as it has been evacuated from this host`, an
// instance deleted while its host is down) and an evacuation that fails on the destination (Zed), in text and in
// oslo.log's JSON. Expected values are the fixtures' own IDs and times, read off their lines.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnalyzeRecord, HostIncidentRecord } from '../../src/model/records.js';
import { analyzeInProcess } from '../helpers.js';

async function incidents(paths: readonly string[]): Promise<readonly HostIncidentRecord[]> {
  const r = await analyzeInProcess(paths);
  return (JSON.parse(r.stdout) as AnalyzeRecord).hostIncidents;
}

/** The request ID and time of the fixture's line that holds `text`. */
function lineOf(file: string, text: string): { requestId: string | null; time: string } {
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.includes(text));
  if (line === undefined) throw new Error(`${file}: no line holds ${text}`);
  const json = line.startsWith('{') ? (JSON.parse(line) as { created: number; context: { request_id: string | null } }) : null;
  if (json !== null) return { requestId: json.context.request_id, time: new Date(json.created * 1000).toISOString() };
  const [date, time] = line.split(' ');
  return { requestId: /\breq-[0-9a-f-]{36}/.exec(line)?.[0] ?? null, time: new Date(`${date as string}T${time as string}Z`).toISOString() };
}

describe('fixtures/hosts/host-evacuate-queens: Queens wording, host-evacuate at microversion 2.1, shared storage', () => {
  const dir = 'fixtures/hosts/host-evacuate-queens';
  const A = 'be5b62cf-92df-45b2-95a5-598a3d2c2b86';
  const B = 'c06c73d0-a3e0-46c3-a6b6-6a9e3d3c3e97';
  const C = 'd17d84e1-b4f1-47d4-b7c7-7b0f4e4d4fa8';

  it('one incident: the old force-down and lookup, the loop, the deleted instance, the old clean-up wording', async () => {
    const [i, ...more] = await incidents([dir]);
    expect(more).toEqual([]);
    expect(i?.host).toBe('node1');
    expect(i?.lastLine).toBe(lineOf(`${dir}/n-cpu-node1.log`, 'ComputeManager._heal_instance_info_cache').time);
    expect(i?.ended).toBe('abrupt');
    const down = lineOf(`${dir}/n-api.log`, 'PUT /v2.1/os-services/force-down');
    const lookup = lineOf(`${dir}/n-api.log`, 'GET /v2.1/os-hypervisors/node1/servers');
    const deleted = lineOf(`${dir}/n-api.log`, "instance's host node1 is down, deleting from database");
    expect(i?.events.map((e) => [e.kind, e.requestId])).toEqual([
      ['force-down', down.requestId], ['hypervisor-lookup', lookup.requestId], ['service-down', deleted.requestId],
    ]);
    const ea = lineOf(`${dir}/n-api.log`, `POST /v2.1/servers/${A}/action`).requestId;
    const eb = lineOf(`${dir}/n-api.log`, `POST /v2.1/servers/${B}/action`).requestId;
    expect(i?.evacuations).toEqual([{ kind: 'host-evacuate', lookup: { time: lookup.time, requestId: lookup.requestId }, requestIds: [ea, eb], instances: [A, B] }]);
    expect(i?.instances.map((x) => [x.instance, x.fate, x.requestId, x.destination])).toEqual([
      [A, 'evacuated', ea, 'node2'], [B, 'evacuated', eb, 'node2'], [C, 'deleted', deleted.requestId, null],
    ]);
    expect(i?.outcome).toBe('all-evacuated');
    expect(i?.returned?.started).toBe(lineOf(`${dir}/n-cpu-node1.log`, 'Starting compute node').time);
    expect(i?.returned?.cleanups.map((c) => [c.instance, c.message])).toEqual([
      [A, 'Deleting instance as it has been evacuated from this host'], [B, 'Deleting instance as it has been evacuated from this host'],
    ]);
    expect(i?.returned?.problems).toEqual([]);
  });

  it('without the API log, Queens\' `Rebuilding instance` on another host is still the evacuation, and it says so', async () => {
    const [i, ...more] = await incidents([`${dir}/n-cpu-node1.log`, `${dir}/n-cpu-node2.log`, `${dir}/n-cond.log`]);
    expect(more).toEqual([]);
    const ea = lineOf(`${dir}/n-cpu-node2.log`, `[instance: ${A}] Rebuilding instance`).requestId;
    const eb = lineOf(`${dir}/n-cpu-node2.log`, `[instance: ${B}] Rebuilding instance`).requestId;
    // C's delete was the API's alone: without its log, C reads as never evacuated.
    expect(i?.instances.map((x) => [x.instance, x.fate, x.requestId, x.destination])).toEqual([
      [A, 'evacuated', ea, 'node2'], [B, 'evacuated', eb, 'node2'], [C, 'not-evacuated', null, null],
    ]);
    expect(i?.instances[0]?.operations[0]?.type).toBe('rebuild');
    expect(i?.events).toEqual([]);
    expect(i?.unknown.filter((u) => /^no nova-api log|^evacuations read from compute's lines alone as rebuilds/.test(u))).toHaveLength(2);
  });
});

describe.each([['text', 'fixtures/hosts/evacuate-failed-zed'], ['oslo.log JSON', 'fixtures/hosts/evacuate-failed-zed-json']])(
  'fixtures/hosts/evacuate-failed-zed (%s): one evacuation fails on the destination, one instance is left behind',
  (_dialect, dir) => {
    const A = '6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
    const B = '7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
    const C = '8b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';

    it('the failed evacuation is the host\'s although no line names its source; the leftover guest is a problem', async () => {
      const [i, ...more] = await incidents([dir]);
      expect(more).toEqual([]);
      expect(i?.lastLine).toBe(lineOf(`${dir}/n-cpu-node1.log`, 'ComputeManager._heal_instance_info_cache').time);
      expect(i?.silenceMs).toBe(Date.parse(lineOf(`${dir}/n-cpu-node1.log`, 'Starting compute node').time) - Date.parse(i?.lastLine ?? ''));
      const ea = lineOf(`${dir}/n-api.log`, `/v2.1/servers/${A}/action`).requestId;
      const eb = lineOf(`${dir}/n-api.log`, `/v2.1/servers/${B}/action`).requestId;
      expect(i?.instances.map((x) => [x.instance, x.fate, x.requestId])).toEqual([[A, 'evacuated', ea], [B, 'failed', eb], [C, 'not-evacuated', null]]);
      expect(i?.instances[1]?.operations[0]?.failureEvidence[0]?.message).toBe('Setting instance vm_state to ERROR');
      expect(i?.outcome).toBe('some-failed');
      // Evacuated one by one, 30 s apart, with no lookup: two evacuates, not a host-evacuate.
      expect(i?.evacuations.map((r) => [r.kind, r.requestIds])).toEqual([['evacuate', [ea]], ['evacuate', [eb]]]);
      expect(i?.events.map((e) => e.kind)).toEqual(['force-down', 'service-down', 'disable', 'force-up']);
      expect(i?.returned?.cleanups.map((c) => c.instance)).toEqual([A, A]);
      expect(i?.returned?.problems).toEqual([
        'its hypervisor holds 1 guest the database does not give it (left behind by an evacuation?): '
        + 'While synchronizing instance power states, found 1 instances in the database and 2 instances on the hypervisor.',
      ]);
    });
  },
);

describe('fixtures/hosts/host-evacuate-volume-zed: an instance with a volume attached, its host failing, its evacuation', () => {
  const dir = 'fixtures/hosts/host-evacuate-volume-zed';
  const A = '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f';
  const V = '9e8f7a6b-5c4d-4e3f-8a2b-1c0d9e8f7a6b';

  it('the volume the API attached (its DEBUG body, compute\'s `Attaching volume`), the root disk on a volume, the backend on the host', async () => {
    const [i, ...more] = await incidents([dir]);
    expect(more).toEqual([]);
    expect(i?.host).toBe('compute2');
    expect(i?.instances.map((x) => x.fate)).toEqual(['evacuated', 'evacuated']);
    expect(i?.volumes).toEqual([{ instance: A, attached: [V], detached: [], unnamed: 0, rootOnVolume: true }]);
    expect(i?.volumeBackendOnHost).toBe(true);
    expect(i?.volumeBackends).toEqual(['compute2@lvmdriver-1']);
    expect(i?.unknown.filter((u) => u.includes('volume'))).toEqual([]);
  });

  it('without the cinder-volume log, the backend is unknown and says so; without the API log, compute\'s line still names the volume', async () => {
    const noCinder = ['n-api.log', 'n-cond.log', 'n-cpu-compute1.log', 'n-cpu-compute2.log'].map((f) => `${dir}/${f}`);
    const [i] = await incidents(noCinder);
    expect([i?.volumeBackendOnHost, i?.volumeBackends]).toEqual([null, []]);
    expect(i?.unknown.some((u) => u.startsWith('no cinder-volume log among the inputs'))).toBe(true);
    const [j] = await incidents(noCinder.filter((f) => !f.endsWith('n-api.log')));
    expect(j?.volumes.map((v) => [v.instance, v.attached])).toEqual([[A, [V]]]);
  });

  it('analyze --json is unchanged outside hostIncidents: the attach is an attach-volume operation as before', async () => {
    const r = await analyzeInProcess([dir]);
    const doc = JSON.parse(r.stdout) as AnalyzeRecord;
    expect(doc.operations.map((op) => op.type)).toEqual(['attach-volume', 'evacuate', 'evacuate']);
  });
});
