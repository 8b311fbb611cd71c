// Corpus test over ../shared/realdata: `novatrace host --json` on a whole compute host that failed and was
// host-evacuated (zed-rig-hostevac/31-host-evacuate and its full session) and on a single-instance evacuation with
// one refused while the host was still up (zed-rig/15-evacuate and zed-rig/full) gives what truth.json records:
// every instance, its evacuation's request ID, destination and outcome, the force-down and force-up, the refused
// evacuation, the host-evacuate loop, the restart and each instance's clean-up. The kill's last line is read off the
// raw compute log (its last line before the rig's SIGKILL), never from novatrace's output.
// Skipped, with the reason printed, only where ../shared/realdata is absent.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_REALDATA, REALDATA, ROOT, runCli } from '../helpers.js';
import type { HostIncidentRecord, OperationRecord } from '../../src/model/records.js';

if (!HAS_REALDATA) {
  console.warn(`host incident corpus tests skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
}

interface TruthOperation {
  readonly operation: string;
  readonly server_uuid?: string | null;
  readonly start_utc: string;
  readonly end_utc: string;
  readonly dest_host?: string | null;
  readonly outcome: string;
  readonly http_status?: number | null;
  readonly x_openstack_request_id?: string | null;
  readonly host?: string;
  readonly hypervisor_lookup?: readonly { readonly request_id: string }[];
  readonly evacuate_request_ids?: readonly string[];
  readonly host_evacuate_table?: readonly { readonly server_uuid: string }[];
  readonly log_cleanup_allocations_lines?: number;
  readonly log_destroying_evacuated_lines?: number;
}

interface Truth {
  readonly operations: readonly TruthOperation[];
  readonly source_host: string;
  readonly dest_host: string;
  readonly servers_not_evacuated?: readonly string[];
}

interface HostDocument {
  readonly host: string;
  readonly incidents: readonly HostIncidentRecord[];
  readonly warnings: readonly string[];
}

function truthOf(dir: string): Truth {
  return JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
}

function one(truth: Truth, name: string): TruthOperation {
  const found = truth.operations.filter((o) => o.operation === name);
  expect(found, name).toHaveLength(1);
  return found[0] as TruthOperation;
}

/** The time of the compute log's last line before `before` (its stamps are UTC): what the host last said. */
function lastLineBefore(file: string, before: number): number | null {
  let last: number | null = null;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})/.exec(line);
    if (!m) continue;
    const t = Date.parse(`${m[1]}T${m[2]}Z`);
    if (t < before) last = t;
  }
  return last;
}

async function hostJson(host: string, paths: readonly string[]): Promise<HostDocument> {
  const r = await runCli(['host', '--json', host, ...paths]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as HostDocument;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** The incident's facts every input must give alike: instances, their evacuations and the return's clean-up. */
function expectEvacuations(incident: HostIncidentRecord, truth: Truth, withApi = true): void {
  const evacuations = truth.operations.filter((o) => o.operation === 'server-evacuate');
  const accepted = (i: HostIncidentRecord['instances'][number]): OperationRecord | undefined => i.operations.find((op) => op.requestIds[0] === i.requestId);
  expect(incident.host).toBe(truth.source_host);
  expect(incident.instances.map((i) => i.instance).sort()).toEqual(evacuations.map((o) => o.server_uuid).sort());
  for (const e of evacuations) {
    const i = incident.instances.find((x) => x.instance === e.server_uuid);
    expect(i?.requestId, e.server_uuid ?? '').toBe(e.x_openstack_request_id);
    expect(i?.destination).toBe(e.dest_host);
    expect(i?.fate).toBe(e.outcome === 'success' ? 'evacuated' : 'failed');
    // Without the API log, the HTTP status is not known.
    expect(accepted(i as HostIncidentRecord['instances'][number])?.httpStatus).toBe(withApi ? e.http_status : null);
  }
  expect(incident.instances.filter((i) => i.fate === 'not-evacuated').map((i) => i.instance)).toEqual(truth.servers_not_evacuated ?? []);
  expect(incident.outcome).toBe(evacuations.every((e) => e.outcome === 'success') ? 'all-evacuated' : 'some-failed');
  // No line of these recordings names a volume (no os-volume_attachments call, no compute volume line; the
  // destination says `disk not on shared storage, evacuating from image`), and no cinder-volume log is among them.
  expect(incident.volumes).toEqual([]);
  expect(incident.volumeBackendOnHost).toBeNull();
  expect(incident.volumeBackends).toEqual([]);
}

function expectReturn(incident: HostIncidentRecord, truth: Truth, cleanups: number, destroyed: number): void {
  const restart = one(truth, 'restart-source-nova-compute');
  const returned = incident.returned;
  expect(returned).not.toBeNull();
  expect(Date.parse(returned?.time ?? '')).toBeGreaterThanOrEqual(Date.parse(restart.start_utc));
  expect(Date.parse(returned?.started ?? '')).toBeGreaterThanOrEqual(Date.parse(restart.start_utc));
  expect(Date.parse(returned?.started ?? '')).toBeLessThanOrEqual(Date.parse(restart.end_utc));
  const allocations = returned?.cleanups.filter((c) => c.message.startsWith('Cleaning up allocations of the instance as it has been evacuated')) ?? [];
  expect(allocations).toHaveLength(cleanups);
  expect(allocations.map((c) => c.instance).sort()).toEqual(incident.instances.map((i) => i.instance).sort());
  expect(returned?.cleanups.filter((c) => /^(?:Destroying|Deleting) instance as it has been evacuated/.test(c.message))).toHaveLength(destroyed);
  expect(returned?.problems).toEqual([]);
}

function expectForced(incident: HostIncidentRecord, truth: Truth): void {
  const down = one(truth, 'compute-service-set-down');
  const up = one(truth, 'compute-service-set-up');
  expect(incident.events.filter((e) => e.kind === 'force-down').map((e) => e.requestId)).toEqual([down.x_openstack_request_id]);
  expect(incident.events.filter((e) => e.kind === 'force-up').map((e) => e.requestId)).toEqual([up.x_openstack_request_id]);
}

describe.skipIf(!HAS_REALDATA)('zed-rig-hostevac/31-host-evacuate: a whole host SIGKILLed and host-evacuated', () => {
  const dir = join(REALDATA, 'zed-rig-hostevac', '31-host-evacuate');
  const full = join(REALDATA, 'zed-rig-hostevac', 'full');
  const truth = HAS_REALDATA ? truthOf(dir) : (null as unknown as Truth);

  it.each([['the scenario\'s slice', dir], ['the whole session', full]])('%s: one incident, exactly as truth.json says', async (_name, input) => {
    const doc = await hostJson(truth.source_host, [input]);
    expect(doc.incidents).toHaveLength(1);
    const incident = doc.incidents[0] as HostIncidentRecord;
    expectEvacuations(incident, truth);

    // SIGKILL: no shutdown line; its last line is the last one before the kill.
    const kill = one(truth, 'sigkill-nova-compute');
    expect(kill.host).toBe(truth.source_host);
    const last = lastLineBefore(join(input, `n-cpu-${truth.source_host}.log`), Date.parse(kill.start_utc));
    expect(incident.lastLine).toBe(iso(last));
    expect(incident.ended).toBe('abrupt');

    // nova host-evacuate: one hypervisor lookup, then the evacuates back to back, in the client's order.
    const loop = one(truth, 'nova-host-evacuate');
    expect(incident.evacuations).toEqual([{
      kind: 'host-evacuate',
      lookup: { time: expect.any(String) as string, requestId: loop.hypervisor_lookup?.[0]?.request_id },
      requestIds: loop.evacuate_request_ids,
      instances: loop.host_evacuate_table?.map((r) => r.server_uuid),
    }]);
    expect(incident.events.filter((e) => e.kind === 'hypervisor-lookup').map((e) => e.requestId)).toEqual([loop.hypervisor_lookup?.[0]?.request_id]);
    expectForced(incident, truth);
    expect(incident.events.filter((e) => e.kind === 'evacuate-refused')).toEqual([]);

    const restart = one(truth, 'restart-source-nova-compute');
    expectReturn(incident, truth, restart.log_cleanup_allocations_lines ?? -1, restart.log_destroying_evacuated_lines ?? -1);
    expect(incident.silenceMs).toBe(Date.parse(incident.returned?.time ?? '') - (last as number));

    // The host by its FQDN is the same host.
    expect((await hostJson(`${truth.source_host}.example.org`, [input])).incidents).toEqual(doc.incidents);
  });

  it('analyze --json lists it in hostIncidents, after the other keys; text gives it a host-failure row', async () => {
    const evacuations = truth.operations.filter((o) => o.operation === 'server-evacuate').length;
    const json = await runCli(['analyze', '--json', dir]);
    const doc = JSON.parse(json.stdout) as { hostIncidents: HostIncidentRecord[] };
    expect(Object.keys(doc)).toEqual(['operations', 'summary', 'unattached', 'parse', 'warnings', 'hostIncidents']);
    expect(doc.hostIncidents.map((i) => [i.kind, i.host, i.instances.length, i.outcome])).toEqual([
      ['host-failure', truth.source_host, evacuations, 'all-evacuated'],
    ]);
    const text = await runCli(['analyze', '--no-tui', dir]);
    expect(text.stdout).toMatch(new RegExp(`\\n  \\S+  host-failure  ${truth.source_host}  \\S+\\s+${evacuations}\\s+all evacuated \\(${evacuations} of ${evacuations} instances\\)\\n`));
    // A filter on operations only (--type) lists no incident; --host keeps it.
    expect((await runCli(['analyze', '--no-tui', '--type', 'boot', dir])).stdout).not.toMatch(/host-failure/);
    expect((await runCli(['analyze', '--no-tui', '--host', `${truth.source_host}.example.org`, dir])).stdout).toMatch(/host-failure/);
  });

  it('check --rules with hosts: {evacuated: all} passes, and names the host and count', async () => {
    const evacuations = truth.operations.filter((o) => o.operation === 'server-evacuate');
    const r = await runCli(['check', '--format', 'json', '--rules', 'fixtures/check/rules/hosts-evacuated.yaml', dir]);
    const doc = JSON.parse(r.stdout) as { rules: { id: string; status: string; detail: string }[] };
    expect(doc.rules.find((x) => x.id === 'hosts')).toMatchObject({
      status: evacuations.every((e) => e.outcome === 'success') ? 'passed' : 'failed',
      detail: `1 failed host: ${evacuations.length} of ${evacuations.length} instances evacuated`,
    });
    expect(r.code).toBe(0);
  });

  it('README and docs/hosts.md show what novatrace host prints on it, word for word', async () => {
    const command = 'npx novatrace host compute2 ../shared/realdata/zed-rig-hostevac/31-host-evacuate';
    const r = await runCli(['host', 'compute2', dir]);
    for (const doc of ['README.md', 'docs/hosts.md']) {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const start = text.indexOf(`$ ${command}\n`);
      expect(start, doc).toBeGreaterThan(-1);
      const shown = text.slice(start + command.length + 3, text.indexOf('\n```', start) + 1);
      expect(shown, doc).toBe(r.stdout.replaceAll(dir, '../shared/realdata/zed-rig-hostevac/31-host-evacuate'));
    }
  });

  it('without the API log: the same instances and evacuations, and it says what it cannot know', async () => {
    const files = ['n-cond.log', 'n-sch.log', 'n-cpu-compute1.log', 'n-cpu-compute2.log'].map((f) => join(dir, f));
    const doc = await hostJson(truth.source_host, files);
    expect(doc.incidents).toHaveLength(1);
    const incident = doc.incidents[0] as HostIncidentRecord;
    expectEvacuations(incident, truth, false);
    expect(incident.events.filter((e) => e.service === 'api')).toEqual([]);
    expect(incident.evacuations.every((r) => r.kind === 'evacuate' && r.lookup === null)).toBe(true);
    expect(incident.unknown.some((u) => u.startsWith('no nova-api log among the inputs: force-down and force-up'))).toBe(true);
  });
});

describe.skipIf(!HAS_REALDATA)('zed-rig/15-evacuate: one instance, an evacuation refused while the host was up', () => {
  const dir = join(REALDATA, 'zed-rig', '15-evacuate');
  const full = join(REALDATA, 'zed-rig', 'full');
  const truth = HAS_REALDATA ? truthOf(dir) : (null as unknown as Truth);

  it.each([['the scenario\'s slice', dir], ['the whole recording', full]])('%s: the refusal, the evacuation, the return', async (name, input) => {
    const doc = await hostJson(truth.source_host, [input]);
    expect(doc.incidents).toHaveLength(1);
    const incident = doc.incidents[0] as HostIncidentRecord;
    expectEvacuations(incident, truth);
    const refused = one(truth, 'server-evacuate-while-source-up');
    expect(incident.events.filter((e) => e.kind === 'evacuate-refused').map((e) => [e.requestId, e.message])).toEqual([
      [refused.x_openstack_request_id, `HTTP exception thrown: Compute service of ${truth.source_host} is still in use.`],
    ]);
    const ops = incident.instances[0]?.operations ?? [];
    expect(ops.map((op) => [op.requestIds[0], op.httpStatus])).toEqual([
      [refused.x_openstack_request_id, refused.http_status],
      [one(truth, 'server-evacuate').x_openstack_request_id, one(truth, 'server-evacuate').http_status],
    ]);
    expect(incident.evacuations.map((r) => [r.kind, r.requestIds])).toEqual([
      ['evacuate', [refused.x_openstack_request_id]], ['evacuate', [one(truth, 'server-evacuate').x_openstack_request_id]],
    ]);
    expectForced(incident, truth);
    // The fake driver lost its guest with the process: the allocations' clean-up only (README).
    expectReturn(incident, truth, 1, 0);

    const kill = one(truth, 'kill-source-nova-compute');
    const last = lastLineBefore(join(input, `n-cpu-${truth.source_host}.log`), Date.parse(kill.start_utc));
    expect(incident.lastLine).toBe(iso(last));
    if (name.includes('slice')) {
      // The slice begins after the host's last line: it says so rather than take a later line for it.
      expect(last).toBeNull();
      expect(incident.ended).toBe('unknown');
      expect(incident.unknown.some((u) => u.includes('begins after its silence began'))).toBe(true);
    } else {
      expect(incident.ended).toBe('abrupt');
    }
  });
});
