// The analysis engine on hand-made Zed-format lines (Nova's real strings, catalog sections 2, 7, 9): which lines
// join an operation, which stay context, which become unattached errors.

import { describe, expect, it } from 'vitest';
import { Analyzer } from '../../src/analysis/analyzer.js';
import type { LogEntry } from '../../src/model/entry.js';
import { parseLines } from '../helpers.js';

const VM = '2af41595-5a28-418d-8ca0-6fabdcf463c8';
const USER = 'cb86ecccd0b441d8b267a2911862f5fa 3934ffe1358d4db0b666a9f96e79859e - - default default';

function line(time: string, level: string, logger: string, ctx: string, text: string): string {
  return `2026-11-22 ${time} 22606 ${level} ${logger} [${ctx}] ${text}`;
}

function entries(file: string, lines: readonly string[]): LogEntry[] {
  return parseLines(lines, file).entries;
}

function run(...sets: LogEntry[][]) {
  const c = new Analyzer({ keepEntries: () => true });
  for (const e of sets.flat().sort((a, b) => (a.time ?? 0) - (b.time ?? 0))) c.add(e);
  return c.finish();
}

const stopApi = (req: string, t0: string, t1: string, status = 202) => entries('n-api.log', [
  line(t0, 'DEBUG', 'nova.api.openstack.wsgi', `None ${req} ${USER}`, `Action: 'action', calling method: <bound method ServersController._stop_server of <x>>, body: {"os-stop": null}`),
  line(t1, 'INFO', 'nova.api.openstack.requestlog', `None ${req} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/action" status: ${status} len: 0 microversion: 2.92 time: 0.5`),
]);

/** compute's stop lock taken, and let go (catalog 7.2, Zed's py3 holder). */
const stopLockTaken = (req: string, taken: string): string =>
  line(taken, 'DEBUG', 'oslo_concurrency.lockutils', `None ${req} ${USER}`, `Lock "${VM}" acquired by "nova.compute.manager.ComputeManager.stop_instance.<locals>.do_stop_instance" :: waited 0.000s`);
const stopLockReleased = (req: string, released: string): string =>
  line(released, 'DEBUG', 'oslo_concurrency.lockutils', `None ${req} ${USER}`, `Lock "${VM}" "released" by "nova.compute.manager.ComputeManager.stop_instance.<locals>.do_stop_instance" :: held 0.158s`);

/** A stop the API took at 02:40:30.100 and answered at .600, with these lines of compute2's log. */
const runStop = (req: string, cpu: readonly string[]) => run(stopApi(req, '02:40:30.100', '02:40:30.600'), entries('n-cpu-compute2.log', cpu));

describe('Analyzer', () => {
  it('joins a [-] lifecycle line that comes within the grace period, not one that comes later', () => {
    const req = 'req-11111111-1111-4111-8111-111111111111';
    const { operations } = runStop(req, [
      stopLockTaken(req, '02:40:30.800'),
      stopLockReleased(req, '02:40:30.958'),
      line('02:40:45.000', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Stopped (Lifecycle Event)`),
      line('02:42:00.000', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Started (Lifecycle Event)`),
    ]);
    expect(operations).toHaveLength(1);
    const op = operations[0];
    expect(op).toMatchObject({ type: 'stop', outcome: 'succeeded', instance: VM, httpStatus: 202, hosts: ['compute2'] });
    expect(op?.events.filter((e) => e.name === 'lifecycle').map((e) => e.message)).toEqual(['VM Stopped (Lifecycle Event)']);
    expect(op?.entries?.map((e) => e.message)).not.toContain('VM Started (Lifecycle Event)');
  });

  it('ends a stop at its last step, not at the VM Stopped libvirt sends 15 s later or the power sync after it', () => {
    // Catalog 9: `Stopped` comes ~15 s late (Host._event_emit_delayed); Nova then checks the power state (Liberty+)
    // and syncs it. Those lines are the stop's, but the stop took 158 ms on compute.
    const req = 'req-11111111-1111-4111-8111-111111111113';
    const op = runStop(req, [
      stopLockTaken(req, '02:40:30.800'),
      stopLockReleased(req, '02:40:30.958'),
      line('02:40:45.900', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Stopped (Lifecycle Event)`),
      line('02:40:45.950', 'DEBUG', 'nova.compute.manager', '-', `[instance: ${VM}] Checking state`),
      line('02:40:46.000', 'DEBUG', 'nova.compute.manager', '-', `[instance: ${VM}] Synchronizing instance power state after lifecycle event "Stopped"; current vm_state: stopped, current task_state: None, current DB power_state: 4, VM power_state: 4`),
    ]).operations[0];
    expect(op?.end).toBe(Date.parse('2026-11-22T02:40:30.958Z'));
    expect(op?.phases.find((p) => p.service === 'compute')).toMatchObject({ start: Date.parse('2026-11-22T02:40:30.800Z'), end: Date.parse('2026-11-22T02:40:30.958Z'), entries: 5 });
    expect(op?.events.map((e) => e.message)).toEqual(['VM Stopped (Lifecycle Event)']);
    expect(op?.entries).toHaveLength(7);
  });

  it('counts a `Checking state` that follows no lifecycle event as a step', () => {
    // Nova checks the power state in its steps too (a stop's _power_off_instance): only after a lifecycle event is it a report.
    const req = 'req-11111111-1111-4111-8111-111111111114';
    const op = runStop(req, [
      stopLockTaken(req, '02:40:30.800'),
      line('02:40:30.850', 'DEBUG', 'nova.compute.manager', `None ${req} ${USER}`, `[instance: ${VM}] Checking state`),
      stopLockReleased(req, '02:40:30.958'),
      line('02:40:30.990', 'DEBUG', 'nova.compute.manager', '-', `[instance: ${VM}] Checking state`),
    ]).operations[0];
    // With no lifecycle event before it, the last `Checking state` is a step like any other line.
    expect(op?.end).toBe(Date.parse('2026-11-22T02:40:30.990Z'));
  });

  it('keeps an operation\'s [-] lines when the logs go quiet for longer than context is kept, then go on', () => {
    // A stop, its delayed VM Stopped under [-], then two hours without a line (a quiet night, a service down), then
    // anything. The stop's request closes at the first line after the gap: its context must not be forgotten by then.
    const req = 'req-11111111-1111-4111-8111-111111111112';
    const { operations } = runStop(req, [
      stopLockTaken(req, '02:40:30.800'),
      stopLockReleased(req, '02:40:30.958'),
      line('02:40:45.000', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Stopped (Lifecycle Event)`),
      ...Array.from({ length: 5000 }, (_, i) => line(`04:4${Math.floor(i / 1000)}:${String(Math.floor(i / 20) % 50).padStart(2, '0')}.000`, 'DEBUG', 'nova.compute.manager', '-', 'Skipping network cache update for instance because it is Building.')),
    ]);
    expect(operations.map((o) => [o.type, o.events.filter((e) => e.name === 'lifecycle').map((e) => e.message)])).toEqual([['stop', ['VM Stopped (Lifecycle Event)']]]);
  });

  it('calls an operation incomplete when compute took the instance lock and the logs end before its release', () => {
    const req = 'req-22222222-2222-4222-8222-222222222222';
    const { operations } = runStop(req, [
      stopLockTaken(req, '02:40:30.800'),
    ]);
    expect(operations[0]?.outcome).toBe('incomplete');
  });

  it('names the rejected request and keeps its fault line as the error', () => {
    const req = 'req-33333333-3333-4333-8333-333333333333';
    const api = entries('n-api.log', [
      line('02:44:08.862', 'DEBUG', 'nova.api.openstack.wsgi', `None ${req} ${USER}`, `Action: 'action', calling method: <bound method ServersController._stop_server of <x>>, body: {"os-stop": null}`),
      line('02:44:08.890', 'INFO', 'nova.api.openstack.wsgi', `None ${req} ${USER}`, `HTTP exception thrown: Cannot 'os-stop' instance ${VM} while it is in vm_state stopped`),
      line('02:44:08.901', 'INFO', 'nova.api.openstack.requestlog', `None ${req} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/action" status: 409 len: 107 microversion: 2.92 time: 0.04`),
    ]);
    const { operations } = run(api);
    expect(operations[0]).toMatchObject({ type: 'stop', outcome: 'rejected', httpStatus: 409 });
    expect(operations[0]?.error?.message).toBe(`HTTP exception thrown: Cannot 'os-stop' instance ${VM} while it is in vm_state stopped`);
  });

  it('at INFO (no body logged), names a refused action by its refusal, and counts one nothing names', () => {
    const refused = 'req-33333333-3333-4333-8333-333333333334';
    const locked = 'req-33333333-3333-4333-8333-333333333335';
    const api = entries('n-api.log', [
      line('02:44:08.890', 'INFO', 'nova.api.openstack.wsgi', `None ${refused} ${USER}`, `HTTP exception thrown: Cannot 'os-stop' instance ${VM} while it is in vm_state stopped`),
      line('02:44:08.901', 'INFO', 'nova.api.openstack.requestlog', `None ${refused} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/action" status: 409 len: 107 microversion: 2.92 time: 0.04`),
      line('02:44:09.900', 'INFO', 'nova.api.openstack.wsgi', `None ${locked} ${USER}`, `HTTP exception thrown: Instance ${VM} is locked`),
      line('02:44:09.901', 'INFO', 'nova.api.openstack.requestlog', `None ${locked} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/action" status: 409 len: 107 microversion: 2.92 time: 1.02`),
    ]);
    // Queens' nova-api wrote its refusals in the host's locale (Italian): the quoted action is the same.
    const italian = 'req-33333333-3333-4333-8333-333333333336';
    api.push(...entries('n-api.log', [
      line('02:44:10.890', 'INFO', 'nova.api.openstack.wsgi', `None ${italian} ${USER}`, `HTTP exception thrown: Impossibile 'pause' l'istanza ${VM} mentre si trova in vm_state stopped`),
      line('02:44:10.901', 'INFO', 'nova.api.openstack.requestlog', `None ${italian} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/action" status: 409 len: 107 microversion: 2.92 time: 0.04`),
    ]));
    const c = new Analyzer();
    for (const e of api) c.add(e);
    const { operations } = c.finish();
    expect(operations.map((o) => [o.type, o.outcome, o.httpStatus, o.requestIds[0]])).toEqual([['stop', 'rejected', 409, refused], ['pause', 'rejected', 409, italian]]);
    expect(c.notes.unnamedActions).toEqual({ count: 1, requestIds: [locked] });
  });

  it('counts the user requests compute logged that have no API line: named from compute, or naming nothing', () => {
    const stop = 'req-33333333-3333-4333-8333-333333333337';
    const start = 'req-33333333-3333-4333-8333-333333333338';
    const seen = 'req-33333333-3333-4333-8333-333333333339';
    // A stop and a start whose API lines are not in the input (a rotated n-api.log), then a stop the API logged.
    const cpu = entries('n-cpu-compute2.log', [
      stopLockTaken(stop, '02:40:30.800'),
      stopLockReleased(stop, '02:40:30.958'),
      line('02:40:40.460', 'DEBUG', 'nova.network.neutron', `None ${start} ${USER}`, `[instance: ${VM}] Building network info cache for instance`),
      line('02:40:41.212', 'DEBUG', 'nova.compute.manager', `None ${start} ${USER}`, `[instance: ${VM}] Checking state`),
      stopLockTaken(seen, '02:41:30.800'),
      stopLockReleased(seen, '02:41:30.958'),
    ]);
    const c = new Analyzer();
    for (const e of [...stopApi(seen, '02:41:30.100', '02:41:30.600'), ...cpu].sort((a, b) => (a.time ?? 0) - (b.time ?? 0))) c.add(e);
    const { operations } = c.finish();
    expect(operations.map((o) => [o.type, o.httpStatus, o.requestIds[0]])).toEqual([['stop', null, stop], ['stop', 202, seen]]);
    expect({ named: { ...c.notes.withoutApi.named }, unnamed: { ...c.notes.withoutApi.unnamed } })
      .toEqual({ named: { count: 1, requestIds: [stop] }, unnamed: { count: 1, requestIds: [start] } });
  });

  it('keeps periodic tasks out of operations, and counts their errors as unattached', () => {
    const periodic = 'req-44444444-4444-4444-8444-444444444444';
    const cpu = entries('n-cpu-compute2.log', [
      line('02:40:00.000', 'DEBUG', 'oslo_service.periodic_task', `None ${periodic} - - - - - -`, 'Running periodic task ComputeManager._heal_instance_info_cache'),
      line('02:40:01.000', 'ERROR', 'nova.compute.manager', `None ${periodic} - - - - - -`, 'Error updating resources for node compute2.'),
      line('02:40:02.000', 'ERROR', 'nova.compute.manager', `None ${periodic} - - - - - -`, 'Error updating resources for node compute2.'),
    ]);
    const { operations, unattached } = run(cpu);
    expect(operations).toEqual([]);
    expect(unattached).toEqual([expect.objectContaining({ message: 'Error updating resources for node compute2.', count: 2, service: 'compute' })]);
  });

  it('keeps the entries of errors outside operations only for whoever keeps entries to show them (the UI, trace)', () => {
    const periodic = 'req-44444444-4444-4444-8444-444444444444';
    const errors = entries('n-cpu-compute2.log', [
      line('02:40:01.000', 'ERROR', 'nova.compute.manager', `None ${periodic} - - - - - -`, 'Error updating resources for node compute2.'),
      line('02:40:02.000', 'ERROR', 'nova.compute.manager', `None ${periodic} - - - - - -`, 'Error updating resources for node compute2.'),
    ]);
    expect(run(errors).unattached[0]?.samples?.map((e) => e.time)).toEqual(errors.map((e) => e.time));
    const plain = new Analyzer();
    for (const e of errors) plain.add(e);
    expect(plain.finish().unattached[0]?.samples).toBeUndefined();
  });

  it('names an unattached error whose first line is empty by its first line that is not (Juno neutron, mergedlogs.log)', () => {
    const agent = (req: string, pid: string) => entries('q-agt.log', [
      `2015-10-29 10:51:49.031 6209 ERROR neutron.agent.linux.utils [${req} None] `,
      `                                        Command: ['ps', '--ppid', '${pid}', '-o', 'pid=']`,
      '                                        Exit code: 1',
    ]);
    const { unattached } = run(
      agent('req-8af06537-3df5-4cf4-8303-c59a4b0f13d6', '6804'),
      agent('req-dfa02bf7-6f79-4a2e-9248-b7f441af8e56', '5644'),
    );
    expect(unattached).toEqual([expect.objectContaining({ message: "Command: ['ps', '--ppid', '6804', '-o', 'pid=']", count: 2 })]);
  });

  it('lets only the accepted evacuate take the old host\'s clean-up, whenever it comes', () => {
    const refused = 'req-55555555-5555-4555-8555-555555555555';
    const accepted = 'req-66666666-6666-4666-8666-666666666666';
    const startup = 'req-77777777-7777-4777-8777-777777777777';
    const evacuate = (req: string, t0: string, t1: string, status: number) => entries('n-api.log', [
      line(t0, 'DEBUG', 'nova.api.openstack.wsgi', `None ${req} ${USER}`, `Action: 'action', calling method: <bound method EvacuateController._evacuate of <x>>, body: {"evacuate": {}}`),
      line(t1, 'INFO', 'nova.api.openstack.requestlog', `None ${req} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/action" status: ${status} len: 0 microversion: 2.92 time: 0.5`),
    ]);
    const dest = entries('n-cpu-compute2.log', [
      line('02:43:10.264', 'INFO', 'nova.compute.manager', `None ${accepted} ${USER}`, `[instance: ${VM}] Evacuating instance`),
      line('02:43:10.299', 'INFO', 'nova.compute.claims', `None ${accepted} ${USER}`, `[instance: ${VM}] Claim successful on node compute2`),
    ]);
    const source = entries('n-cpu-compute1.log', [
      line('02:44:17.945', 'INFO', 'nova.compute.manager', `None ${startup} - - - - - -`, `[instance: ${VM}] Cleaning up allocations of the instance as it has been evacuated from this host`),
    ]);
    const { operations } = run(evacuate(refused, '02:42:59.100', '02:42:59.140', 400), evacuate(accepted, '02:43:09.880', '02:43:09.985', 200), dest, source);
    expect(operations.map((o) => [o.requestIds[0], o.outcome, o.source, o.destination])).toEqual([
      [refused, 'rejected', null, null],
      [accepted, 'succeeded', 'compute1', 'compute2'],
    ]);
    // The clean-up is the evacuate's, a minute later; the evacuate ended with the claim on the destination (Nova's
    // instance action ends with the rebuild there). The old host's phase starts after that end.
    expect(operations[1]?.events.map((e) => e.name)).toContain('evacuated-source-cleanup');
    expect(operations[1]?.end).toBe(Date.UTC(2026, 10, 22, 2, 43, 10, 299));
    expect(operations[1]?.phases.find((p) => p.host === 'compute1')?.start).toBe(Date.UTC(2026, 10, 22, 2, 44, 17, 945));
  });

  it('ignores api lines logged after the access line under a reused request ID', () => {
    const req = 'req-88888888-8888-4888-8888-888888888888';
    const api = [...stopApi(req, '02:40:30.100', '02:40:30.600', 202), ...entries('n-api.log', [
      line('02:40:34.000', 'INFO', 'nova.api.openstack.requestlog', `None ${req} ${USER}`, '127.0.0.1 "GET /v2.1" status: 200 len: 390 microversion: - time: 0.01'),
    ])];
    const cpu = entries('n-cpu-compute2.log', [
      line('02:40:30.800', 'DEBUG', 'nova.compute.manager', `None ${req} ${USER}`, `[instance: ${VM}] Checking state`),
    ]);
    const { operations } = run(api, cpu);
    expect(operations[0]).toMatchObject({ httpStatus: 202, end: Date.UTC(2026, 10, 22, 2, 40, 30, 800) });
  });

  it('hands lines logged under a leaked earlier request ID to the next operation on the instance', () => {
    const attach = 'req-99999999-9999-4999-8999-999999999999';
    const reboot = 'req-aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    const api = entries('n-api.log', [
      line('02:40:00.000', 'DEBUG', 'nova.api.openstack.wsgi', `None ${attach} ${USER}`, `Action: 'create', calling method: <bound method VolumeAttachmentController.create of <x>>, body: {"volumeAttachment": {"volumeId": "v"}}`),
      line('02:40:01.000', 'INFO', 'nova.api.openstack.requestlog', `None ${attach} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/os-volume_attachments" status: 200 len: 100 microversion: 2.92 time: 1.0`),
      line('02:40:40.000', 'DEBUG', 'nova.api.openstack.wsgi', `None ${reboot} ${USER}`, `Action: 'action', calling method: <bound method ServersController._action_reboot of <x>>, body: {"reboot": {"type": "HARD"}}`),
      line('02:40:40.500', 'INFO', 'nova.api.openstack.requestlog', `None ${reboot} ${USER}`, `127.0.0.1 "POST /v2.1/servers/${VM}/action" status: 202 len: 0 microversion: 2.92 time: 0.5`),
    ]);
    const cpu = entries('n-cpu-compute2.log', [
      line('02:40:02.000', 'INFO', 'nova.compute.manager', `None ${attach} ${USER}`, `[instance: ${VM}] Attaching volume v to /dev/vdb`),
      line('02:40:41.000', 'INFO', 'nova.compute.manager', `None ${reboot} ${USER}`, `[instance: ${VM}] Rebooting instance`),
      // The reboot's own success line, logged under the attach's leaked ID.
      line('02:40:45.000', 'INFO', 'nova.virt.libvirt.driver', `None ${attach} ${USER}`, `[instance: ${VM}] Instance rebooted successfully.`),
    ]);
    const { operations } = run(api, cpu);
    expect(operations.map((o) => [o.type, o.end])).toEqual([
      ['attach-volume', Date.UTC(2026, 10, 22, 2, 40, 2)],
      ['reboot', Date.UTC(2026, 10, 22, 2, 40, 45)],
    ]);
    expect(operations[1]?.events.map((e) => e.name)).toContain('rebooted');
  });

  // With no API log, no API request marks where the next operation on the instance begins. Lines of zed-rig's
  // n-cpu-compute2.log (03-stop then 04-start; 18-delete's [-] network clean-up after 01-boot).
  describe('compute only: context stops where the next request on the instance begins', () => {
    const stop = 'req-396f93af-11d0-4e87-97b8-9d7130b483b9';
    const start = 'req-af3d5c8c-4021-4201-b835-f44e74e61c65';
    const stopLines = [
      stopLockTaken(stop, '02:40:30.889'),
      line('02:40:30.916', 'DEBUG', 'nova.compute.manager', `None ${stop} ${USER}`, `[instance: ${VM}] Checking state`),
      line('02:40:30.958', 'DEBUG', 'oslo_concurrency.lockutils', `None ${stop} ${USER}`, `Lock "${VM}" "released" by "nova.compute.manager.ComputeManager.stop_instance.<locals>.do_stop_instance" :: held 0.069s`),
    ];

    it('a later request of the same user that compute cannot name (a start) is not the stop\'s', () => {
      const cpu = entries('n-cpu-compute2.log', [
        ...stopLines,
        line('02:40:40.460', 'DEBUG', 'nova.network.neutron', `None ${start} ${USER}`, `[instance: ${VM}] Building network info cache for instance`),
        line('02:40:41.212', 'DEBUG', 'nova.compute.manager', `None ${start} ${USER}`, `[instance: ${VM}] Checking state`),
      ]);
      const { operations } = run(cpu);
      expect(operations.map((o) => [o.type, o.requestIds, o.start, o.end])).toEqual([
        ['stop', [stop], Date.parse('2026-11-22T02:40:30.889Z'), Date.parse('2026-11-22T02:40:30.958Z')],
      ]);
    });

    it('a later request of another user (Neutron\'s external event) still joins by instance and time', () => {
      const neutron = 'req-c829f531-3b29-4776-8107-020b25cd662e';
      const cpu = entries('n-cpu-compute2.log', [
        ...stopLines,
        line('02:40:35.543', 'DEBUG', 'nova.compute.manager', `None ${neutron} 0b9d8e7f6a5c4b3d2e1f0a9b8c7d6e5f f1e2d3c4b5a6479881a2b3c4d5e6f7a8 - - default default`, `[instance: ${VM}] Received event network-changed-9f74fcc7-37c2-49a8-8046-3c3d369b945b`),
      ]);
      const { operations } = run(cpu);
      expect(operations.map((o) => [o.type, o.end])).toEqual([['stop', Date.parse('2026-11-22T02:40:35.543Z')]]);
    });

    it('the next operation\'s [-] lines go to it, not to the operation before it', () => {
      const boot = 'req-0947ca7b-8d96-4694-aa35-a8881188621d';
      const del = 'req-3d7aa083-e345-441c-ae72-613ad190f042';
      const cpu = entries('n-cpu-compute2.log', [
        line('02:40:06.449', 'DEBUG', 'oslo_concurrency.lockutils', `None ${boot} ${USER}`, `Lock "${VM}" acquired by "nova.compute.manager.ComputeManager.build_and_run_instance.<locals>._locked_do_build_and_run_instance" :: waited 0.000s`),
        line('02:40:06.839', 'DEBUG', 'oslo_concurrency.lockutils', `None ${boot} ${USER}`, `Lock "${VM}" "released" by "nova.compute.manager.ComputeManager.build_and_run_instance.<locals>._locked_do_build_and_run_instance" :: held 0.390s`),
        line('02:40:20.361', 'DEBUG', 'oslo_concurrency.lockutils', `None ${del} ${USER}`, `Lock "${VM}" acquired by "nova.compute.manager.ComputeManager.terminate_instance.<locals>.do_terminate_instance" :: waited 0.000s`),
        line('02:40:20.380', 'INFO', 'nova.compute.manager', `None ${del} ${USER}`, `[instance: ${VM}] Terminating instance`),
        line('02:40:20.479', 'DEBUG', 'nova.compute.manager', '-', `[instance: ${VM}] Deallocating network for instance`),
        line('02:40:20.541', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] Took 0.06 seconds to deallocate network for instance.`),
        line('02:40:20.726', 'DEBUG', 'oslo_concurrency.lockutils', `None ${del} ${USER}`, `Lock "${VM}" "released" by "nova.compute.manager.ComputeManager.terminate_instance.<locals>.do_terminate_instance" :: held 0.365s`),
      ]);
      const { operations } = run(cpu);
      const deallocated = (o: (typeof operations)[number]) => o.entries?.some((e) => e.message.startsWith('Took 0.06 seconds to deallocate')) ?? false;
      expect(operations.map((o) => [o.type, o.end, deallocated(o)])).toEqual([
        ['boot', Date.parse('2026-11-22T02:40:06.839Z'), false],
        ['delete', Date.parse('2026-11-22T02:40:20.726Z'), true],
      ]);
    });
  });

  it('counts entries that come more than the close window behind: input out of time order', () => {
    const c = new Analyzer();
    const es = entries('n-cpu-compute2.log', [
      line('02:00:00.000', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Started (Lifecycle Event)`),
      line('02:30:00.000', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Paused (Lifecycle Event)`),
      line('02:05:00.000', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Resumed (Lifecycle Event)`),
      line('02:29:00.000', 'INFO', 'nova.compute.manager', '-', `[instance: ${VM}] VM Resumed (Lifecycle Event)`),
    ]);
    for (const e of es) c.add(e);
    // 02:05 is 25 minutes behind 02:30; 02:29 is within the 10-minute window.
    expect(c.notes.late).toBe(1);
  });
});


describe('Analyzer memory', () => {
  // The same day of a real CI job replayed ten times, a day apart: what it holds after each day must not grow
  // with the days behind it (a leak once kept every closed request).
  it('holds only what is open, however many days came before', async () => {
    const { HAS_REALDATA, REALDATA } = await import('../helpers.js');
    if (!HAS_REALDATA) {
      if (process.env['CI']) throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);
      console.warn(`correlator memory test skipped: ${REALDATA} is absent`);
      return;
    }
    const { readFileSync } = await import('node:fs');
    const { gunzipSync } = await import('node:zlib');
    const { join } = await import('node:path');
    const text = gunzipSync(readFileSync(join(REALDATA, 'devstack-ci-mitaka', 'screen-n-cpu.txt.gz'))).toString('utf8');
    const { entries } = parseLines(text.split('\n'), 'screen-n-cpu.txt');
    const analyzer = new Analyzer();
    const held: number[] = [];
    for (let day = 0; day < 10; day++) {
      for (const e of entries) analyzer.add({ ...e, time: e.time === null ? null : e.time + day * 86_400_000 });
      held.push(analyzer.held);
    }
    // Each day closes what the one before left open: no later day holds much more than the first two did (sweeps
    // run every 4096 entries, so the counts move a little; the leak added some 20 requests a day).
    expect(Math.max(...held.slice(2))).toBeLessThanOrEqual(1.25 * Math.max(...held.slice(0, 2)));
    expect(analyzer.finish().operations.length).toBeGreaterThan(0);
  });
});

describe('Analyzer: a line that comes late for a request already closed', () => {
  // Followed files read unevenly (a folder written at once, a reader far behind) can give one service's line after
  // the others have gone 10 minutes further: it still joins its request while that request's operations wait for
  // their context, so follow's last word equals analyze's.
  it("joins the request's operation as it would in time order", () => {
    const req = 'req-5a7c9e1b-3d5f-4a7c-9e1b-3d5f7a9c1e3b';
    const api = stopApi(req, '02:40:30.100', '02:40:30.600');
    const cpu = entries('n-cpu-compute2.log', [stopLockTaken(req, '02:40:30.700'), stopLockReleased(req, '02:40:30.858')]);
    const cond = entries('n-cond.log', [line('02:40:31.200', 'DEBUG', 'oslo_messaging._drivers.amqpdriver', `None ${req} ${USER}`, 'sending reply msg_id: ee523f8a67e84d5aa6ed12f9a reply queue: reply_3c1e')]);
    // Another service's periodic line 11 minutes on: the request closes on it.
    // (the engine closes idle requests every 4,096 entries, whoever reads them: enough lines for one sweep.)
    const later = entries('n-cpu-compute2.log', Array.from({ length: 4200 }, (_, i) => line(`02:51:${String(40 + Math.floor(i / 1000)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`, 'DEBUG', 'oslo_service.periodic_task', 'None req-9e1b3d5f-7a9c-4e1b-8d5f-7a9c1e3b5d7f None None', 'Running periodic task ComputeManager._poll_volume_usage')));
    const inOrder = run(api, cpu, cond, later).operations;
    expect(inOrder.map((o) => [o.type, o.requestIds[0], new Date(o.end).toISOString()])).toEqual([['stop', req, '2026-11-22T02:40:31.200Z']]);

    const late = new Analyzer({ keepEntries: () => true });
    for (const e of [...api, ...cpu, ...later, ...cond]) late.add(e);
    const ops = late.finish().operations;
    expect(ops.map((o) => [o.type, o.requestIds[0], o.end, o.entries?.length])).toEqual(inOrder.map((o) => [o.type, o.requestIds[0], o.end, o.entries?.length]));
  });

  it("names the caller's global request ID its own lines carry, without keeping its entries", () => {
    // oslo's context is `[global_request_id request_id user ...]`: Nova logs a caller's X-OpenStack-Request-ID first.
    const req = 'req-11111111-1111-4111-8111-111111111119';
    const global = 'req-0123ABCD-4567-489a-bcde-f0123456789a';
    const api = stopApi(req, '02:40:30.100', '02:40:30.600').map((e) => ({ ...e, globalRequestId: global }));
    const cpu = entries('n-cpu-compute2.log', [stopLockTaken(req, '02:40:30.800'), stopLockReleased(req, '02:40:30.958')]);
    const bare = new Analyzer({});
    for (const e of [...api, ...cpu]) bare.add(e);
    const [op] = bare.finish().operations;
    expect(op).toMatchObject({ type: 'stop', entries: null, globalRequestId: global.toLowerCase() });
    // Lines whose global ID is their own local one (or none, `None`) name no caller.
    const [plain] = runStop(req, [stopLockTaken(req, '02:40:30.800'), stopLockReleased(req, '02:40:30.958')]).operations;
    expect(plain?.globalRequestId).toBeNull();
    const [self] = run(stopApi(req, '02:40:30.100', '02:40:30.600').map((e) => ({ ...e, globalRequestId: req }))).operations;
    expect(self?.globalRequestId).toBeNull();
  });
});
