// Every operation type, in each era whose log lines differ (fixtures/operations/<type>-<era>/, provenance in
// fixtures/README.md, "operations/"): `analyze --json` on the set (run in process) finds exactly the operations the fixture holds,
// with their type, variant, instance, request ID, HTTP status, outcome, user and project, hosts, the move's source
// and destination, the services (and hosts) that logged for it, the key events placed in it and, for failures, the
// error line and its traceback. Every expected value was read off the fixture text, never off novatrace's output.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeInProcess } from '../helpers.js';
import type { AnalyzeJson, OperationJson, PhaseJson } from '../analyze-json.js';

type Operation = OperationJson;
type Report = AnalyzeJson;

// ---- what each fixture holds ----

type Era = 'juno' | 'liberty' | 'newton' | 'zed';

/** The identity in the request brackets of each era's fixtures. */
const IDENTITY: Record<Era, readonly [user: string, project: string]> = {
  // [req-<uuid> <user> <tenant>]
  juno: ['4e1c8a2f9b3d47e6a5c0d1f2e3b4a596', '8b2d6f0a4c1e43d7b9a5e2c3d4f5a6b7'],
  // [req-<uuid> <user> <project> - - -]
  liberty: ['7a0e3c5b9d1f42a8b6c4e2d0f8a6c4e2', '1f3b5d7e9a0c42e4b6d8f0a2c4e6a8b0'],
  // [req-<uuid> <user> <project> - default default] (queens, rocky, stein)
  newton: ['d2a4c6e8f0b1436587a9cbedf1032547', '9e8d7c6b5a4f43e2d1c0b9a8f7e6d5c4'],
  // [None req-<uuid> <user> <project> - - default default]
  zed: ['c3a1f7e92b4d4e0f8a6b5c4d3e2f1a0b', '5d7e9f1a3b5c4d6e8f0a2b4c6d8e0f1a'],
};

interface WantError {
  readonly service: string;
  readonly host: string | null;
  /** The error entry's message starts with this. */
  readonly message: string;
  /** Lines (trimmed) its traceback must hold; a line given as `prefix...` only has to start with the prefix. */
  readonly traceback?: readonly string[];
}

interface Want {
  readonly type: string;
  readonly variant?: string;
  readonly instance: string;
  readonly requestId: string;
  readonly httpStatus: number;
  readonly outcome: 'succeeded' | 'failed' | 'rejected' | 'incomplete';
  readonly hosts: readonly string[];
  readonly selected?: string;
  readonly source?: string;
  readonly destination?: string;
  /** Every phase as `service@host` (`-` for none), each once. */
  readonly phases: readonly string[];
  /** Key event names (src/timeline/events.ts) that must be among the operation's events. */
  readonly events: readonly string[];
  readonly error?: WantError;
}

interface Case {
  readonly set: string;
  readonly era: Era;
  readonly ops: readonly Want[];
}

const API = 'api@-';
const COND = 'conductor@-';
const SCH = 'scheduler@-';
const N1 = 'compute@node1';
const N2 = 'compute@node2';

const ok = (type: string, instance: string, requestId: string, httpStatus: number, hosts: readonly string[], phases: readonly string[],
  events: readonly string[], extra: Partial<Want> = {}): Want =>
  ({ type, instance, requestId, httpStatus, outcome: 'succeeded', hosts, phases, events, ...extra });

const CASES: readonly Case[] = [
  // ---- boot (catalog 7.1): AUDIT / INFO / DEBUG "Starting instance...", claim wordings, py2/py3 lock holders, Took lines
  { set: 'boot-juno', era: 'juno', ops: [ok('boot', '565ebaf2-5540-4e45-8108-370149e876b1', 'req-c535e60c-1dad-4190-8930-86faf07f19af', 202,
    ['node2'], [API, SCH, N2], ['claim', 'networks', 'block-devices', 'spawn', 'spawned', 'lifecycle'], { selected: 'node2' })] },
  { set: 'boot-liberty', era: 'liberty', ops: [ok('boot', '4ff98218-8c11-45d2-a4da-2ac79dbf8ac2', 'req-df2abb6c-ff6c-4a3c-a25a-7bf5ff73014b', 202,
    ['node2'], [API, SCH, N2], ['claim', 'networks', 'block-devices', 'spawn', 'spawned', 'lifecycle'], { selected: 'node2' })] },
  { set: 'boot-rocky', era: 'newton', ops: [ok('boot', '68d47449-0773-433e-92e1-32ea2027b30f', 'req-c5eb83f1-7309-44bf-a4d2-1fc53fd29279', 202,
    ['node2'], [API, COND, SCH, N2], ['scheduled', 'claim', 'networks', 'block-devices', 'spawn', 'spawned', 'lifecycle', 'timing'],
    { selected: 'node2' })] },
  { set: 'boot-zed', era: 'zed', ops: [ok('boot', 'b554c560-5582-4f45-b5ad-abeb396ca152', 'req-bfa414fe-1ddf-4a38-b6b3-13bcd73dc6d7', 202,
    ['node2'], [API, COND, SCH, N2], ['scheduled', 'claim', 'networks', 'block-devices', 'spawn', 'vif-plugged', 'spawned', 'lifecycle', 'timing'],
    { selected: 'node2' })] },
  // spawn failure, no retry info (Juno TRACE traceback)
  { set: 'boot-failed-juno', era: 'juno', ops: [{
    type: 'boot', instance: '78c0c08f-60fa-42d5-97b4-cc8d6053281e', requestId: 'req-b6f9c0f5-84f3-4d89-bc3e-abd02a66480e', httpStatus: 202,
    outcome: 'failed', hosts: ['node2'], selected: 'node2', phases: [API, SCH, N2], events: ['claim', 'spawn', 'terminating', 'destroyed'],
    error: { service: 'compute', host: 'node2', message: 'Instance failed to spawn',
      traceback: ['Traceback (most recent call last):', 'libvirtError: internal error: process exited while connecting to monitor: ...'] },
  }] },
  // spawn failure, re-scheduled, no alternates left (catalog 8.1)
  { set: 'boot-failed-zed', era: 'zed', ops: [{
    type: 'boot', instance: '9ae18742-0187-43c5-810c-7630ca0ab4d4', requestId: 'req-1585c4c0-9284-41cb-a829-54a3e5abe128', httpStatus: 202,
    outcome: 'failed', hosts: ['node1'], selected: 'node1', phases: [API, COND, SCH, N1],
    events: ['scheduled', 'claim', 'spawn', 'terminating', 'destroyed', 'error-state'],
    error: { service: 'compute', host: 'node1', message: 'Instance failed to spawn: libvirt.libvirtError: internal error: process exited while connecting to monitor',
      traceback: ['Traceback (most recent call last):', 'File "/opt/stack/nova/nova/compute/manager.py", line 2743, in _build_resources',
        'libvirt.libvirtError: internal error: process exited while connecting to monitor: ...'] },
  }] },
  // the compute log ends after the build lock and "Starting instance..."
  { set: 'boot-incomplete-zed', era: 'zed', ops: [{
    type: 'boot', instance: 'f7e2b2fb-25c2-4e1a-a18a-7e5b95d93731', requestId: 'req-74913d79-f3ed-4968-97a8-72c609659768', httpStatus: 202,
    outcome: 'incomplete', hosts: ['node2'], selected: 'node2', phases: [API, COND, SCH, N2], events: ['scheduled'],
  }] },

  // ---- stop (7.2): Juno semaphore, py2 holder + `released by` (rocky), py3 holder + `"released" by` (zed)
  { set: 'stop-juno', era: 'juno', ops: [ok('stop', 'e15654f3-4549-49e1-84a8-b78be4736f91', 'req-fdeb2390-d44e-4e8e-bb97-9eabc3b753a6', 202,
    ['node1'], [API, N1], ['shutdown', 'destroyed', 'lifecycle'])] },
  { set: 'stop-rocky', era: 'newton', ops: [ok('stop', '0d60f638-2d99-490d-b9a6-8ef04dcbcf9a', 'req-2144db0f-5b22-4e1e-88a1-496208acec62', 202,
    ['node1'], [API, N1], ['shutdown', 'destroyed', 'lifecycle'])] },
  { set: 'stop-zed', era: 'zed', ops: [ok('stop', '092429fd-e3c5-4781-a63d-db3081cb98b6', 'req-08ccce75-e270-4601-8e07-6152c49023b8', 202,
    ['node1'], [API, N1], ['shutdown', 'destroyed', 'lifecycle'])] },
  { set: 'stop-rejected-zed', era: 'zed', ops: [
    ok('stop', '0ca2998b-1344-4a0c-93b5-53d6108c97fa', 'req-ecfe3020-d2bc-4378-9f49-e7ca016eec81', 202, ['node1'], [API, N1],
      ['shutdown', 'destroyed', 'lifecycle']),
    { type: 'stop', instance: '0ca2998b-1344-4a0c-93b5-53d6108c97fa', requestId: 'req-34e055c9-54e8-4176-be34-76ec0616ca61', httpStatus: 409,
      outcome: 'rejected', hosts: [], phases: [API], events: [],
      error: { service: 'api', host: null,
        message: "HTTP exception thrown: Cannot 'os-stop' instance 0ca2998b-1344-4a0c-93b5-53d6108c97fa while it is in vm_state stopped" } },
  ] },

  // ---- start (7.3)
  { set: 'start-juno', era: 'juno', ops: [ok('start', '53c18c5f-b912-4b9b-9bcb-eed9077de976', 'req-b0b9d43a-d899-46d8-aab9-a2563c11fba5', 202,
    ['node2'], [API, N2], ['destroyed', 'lifecycle', 'rebooted'])] },
  { set: 'start-zed', era: 'zed', ops: [ok('start', 'd0ed496c-37aa-4596-acce-fc8be4f509f6', 'req-8dc444c3-554a-4cf8-89ac-feb1d0234d07', 202,
    ['node2'], [API, N2], ['destroyed', 'lifecycle', 'rebooted'])] },

  // ---- reboot (7.4): AUDIT marker and no lock (juno), no lock (rocky), do_reboot_instance lock (zed)
  { set: 'reboot-juno', era: 'juno', ops: [ok('reboot', '291a67ed-880a-45af-88fe-c44be03d646b', 'req-c3ce6e26-edd7-4541-9e20-171861389822', 202,
    ['node1'], [API, N1], ['shutdown', 'lifecycle', 'running', 'rebooted'], { variant: 'soft' })] },
  { set: 'reboot-rocky', era: 'newton', ops: [ok('reboot', '494af867-1bd1-4302-8a3f-e7cd894624c9', 'req-8ab0ad25-c6e5-4d26-acee-ceedd35b42e3', 202,
    ['node1'], [API, N1], ['destroyed', 'lifecycle', 'rebooted'], { variant: 'hard' })] },
  { set: 'reboot-zed', era: 'zed', ops: [
    ok('reboot', 'd2734eef-a4e2-4efe-b68b-fed501510d65', 'req-2c4d7043-5e00-464b-bbe8-0b9d0d6b40c5', 202, ['node1'], [API, N1],
      ['shutdown', 'lifecycle', 'running', 'rebooted'], { variant: 'soft' }),
    ok('reboot', 'd2734eef-a4e2-4efe-b68b-fed501510d65', 'req-ce36e9ca-b591-48a8-bd3f-d7beb6d271da', 202, ['node1'], [API, N1],
      ['destroyed', 'lifecycle', 'rebooted'], { variant: 'hard' }),
  ] },

  // ---- delete (7.5): no Took lines (juno), `Deleted allocation for instance` (rocky), `Deleted allocations for instance` (zed)
  { set: 'delete-juno', era: 'juno', ops: [ok('delete', 'fd020a3d-23fc-46a0-b348-026234fa0962', 'req-b6b5fe20-eb62-435a-843d-78fd83f92ee6', 204,
    ['node2'], [API, N2], ['terminating', 'destroyed', 'lifecycle'])] },
  { set: 'delete-rocky', era: 'newton', ops: [ok('delete', 'e47631a3-b851-4e27-aa53-f33c8e57e0d8', 'req-9ab74ddb-4ca3-4ad2-b9d9-29a4380f43a3', 204,
    ['node2'], [API, N2], ['terminating', 'destroyed', 'timing', 'lifecycle'])] },
  { set: 'delete-zed', era: 'zed', ops: [ok('delete', 'fa65fb9e-e378-4737-b2bd-145660dbc6fa', 'req-f961f83f-fa30-4f8e-a444-ef45e7ac219b', 204,
    ['node2'], [API, N2], ['terminating', 'destroyed', 'timing', 'lifecycle'])] },

  // ---- pause / unpause (7.6), suspend / resume (7.7)
  { set: 'pause-juno', era: 'juno', ops: [ok('pause', 'd7842cdc-f0d9-466a-82aa-c54e8f6704c5', 'req-6f0ba485-7be7-4393-8ab5-3c3c145f587d', 202,
    ['node1'], [API, N1], ['lifecycle'])] },
  { set: 'pause-zed', era: 'zed', ops: [ok('pause', '9cb97dd0-1126-499f-8b0b-8bdb99ce41d7', 'req-e21c7c41-7854-410b-9b33-93e4603daf67', 202,
    ['node1'], [API, N1], ['lifecycle'])] },
  { set: 'unpause-juno', era: 'juno', ops: [ok('unpause', 'd4d44623-6a58-4a73-9ac4-1763f97afb4c', 'req-f38f8249-8f54-470c-bb75-734f51980428', 202,
    ['node1'], [API, N1], ['lifecycle'])] },
  { set: 'unpause-zed', era: 'zed', ops: [ok('unpause', '2c1f7b0d-a1a3-42d5-8404-a85604b98ed0', 'req-06722315-682d-45ab-a77b-e93bfa175a70', 202,
    ['node1'], [API, N1], ['lifecycle'])] },
  { set: 'suspend-juno', era: 'juno', ops: [ok('suspend', '74be61d7-2bd2-432d-b4a9-26b79ba90e51', 'req-cc3c0b47-4ce7-4a77-b378-4e722594d5af', 202,
    ['node1'], [API, N1], ['lifecycle'])] },
  { set: 'suspend-zed', era: 'zed', ops: [ok('suspend', '44eef8a1-ca20-4d71-87f9-2e48f972e65b', 'req-9555cdd6-505d-4ed8-9bb6-7d7789b877f4', 202,
    ['node1'], [API, N1], ['lifecycle'])] },
  { set: 'resume-juno', era: 'juno', ops: [ok('resume', 'acc13013-8a72-47f5-9e48-41c9e4121dc4', 'req-5f96a2bf-fb52-4c88-b765-01234d9a18f6', 202,
    ['node1'], [API, N1], ['lifecycle', 'running'])] },
  { set: 'resume-zed', era: 'zed', ops: [ok('resume', 'e5ad09c5-a20e-456d-8dad-74b915ae8816', 'req-ec4e95f4-399c-432d-96d5-241cd637c7a6', 202,
    ['node1'], [API, N1], ['lifecycle', 'running'])] },

  // ---- rescue / unrescue (7.8): "Attempting rescue" Ussuri+
  { set: 'rescue-juno', era: 'juno', ops: [ok('rescue', '91b4dbba-0de4-4dd7-be1d-766828ed132a', 'req-15c06307-c738-44f8-99ab-7978b0d982dc', 200,
    ['node2'], [API, N2], ['destroyed', 'lifecycle'])] },
  { set: 'rescue-zed', era: 'zed', ops: [ok('rescue', 'b130c7d9-2036-4667-9fff-878a5277a4b4', 'req-068a7438-05ab-497b-84e3-1766a780779e', 200,
    ['node2'], [API, N2], ['destroyed', 'lifecycle'])] },
  { set: 'unrescue-juno', era: 'juno', ops: [ok('unrescue', 'ea7c9dc9-5913-486a-b924-0d34163b03e1', 'req-ca4eb9f5-cdc9-4d36-b81f-ba489e8cf2ea', 202,
    ['node2'], [API, N2], ['destroyed', 'lifecycle'])] },
  { set: 'unrescue-zed', era: 'zed', ops: [ok('unrescue', '909597d7-0b3c-4a8c-9975-4e62bed99fd6', 'req-fda0039e-778a-4719-9a09-ddc4e0a23bfd', 202,
    ['node2'], [API, N2], ['destroyed', 'lifecycle'])] },

  // ---- snapshot (7.9): "Took ... to snapshot" Rocky+
  { set: 'snapshot-juno', era: 'juno', ops: [ok('snapshot', '238247ed-3d96-4643-a8a3-587b94f1c866', 'req-0657d1e6-eb94-4521-ae11-df633c724f43', 202,
    ['node1'], [API, N1], [])] },
  { set: 'snapshot-zed', era: 'zed', ops: [ok('snapshot', '890dcade-1d7d-4b82-94ef-fa794dd239d6', 'req-5b4d740b-9098-41ad-814d-89ee02e56070', 202,
    ['node1'], [API, N1], ['timing'])] },

  // ---- rebuild (7.10): rebuild-only scheduling in zed
  { set: 'rebuild-juno', era: 'juno', ops: [ok('rebuild', 'bbd7167a-566b-494b-ba9c-e2d602cae899', 'req-5d939504-ebb8-4802-a16d-0ef1cb866df5', 202,
    ['node1'], [API, N1], ['shutdown', 'destroyed', 'lifecycle', 'spawned'])] },
  { set: 'rebuild-zed', era: 'zed', ops: [ok('rebuild', '1cd23751-ff02-42e2-8578-b528fa25c584', 'req-cf505568-d127-4a77-bb57-85e885be7743', 202,
    ['node1'], [API, COND, SCH, N1], ['scheduled', 'shutdown', 'destroyed', 'lifecycle', 'spawned'])] },

  // ---- evacuate (7.11): "Rebuilding instance" (<= Queens) vs "Evacuating instance" (Rocky+); the old host's clean-up on
  // restart: "Deleting instance as its host (...) is not equal to our host (...)." (juno), "Deleting instance as it has been
  // evacuated from this host" (queens, stein), "Destroying instance as it has been evacuated ... hypervisor" (zed)
  { set: 'evacuate-juno', era: 'juno', ops: [ok('evacuate', 'e7a63784-efc4-4cd5-ab2b-4ded807eb987', 'req-fd4bb507-66ca-42ee-bb35-e1327e7d05bd', 200,
    ['node1', 'node2'], [API, N2, N1], ['lifecycle', 'spawned', 'evacuated-source-cleanup'], { source: 'node1', destination: 'node2' })] },
  { set: 'evacuate-queens', era: 'newton', ops: [ok('evacuate', 'be5b62cf-92df-45b2-95a5-598a3d2c2b86', 'req-de6d8a6c-624f-48ed-9ec7-65511d537094', 200,
    ['node1', 'node2'], [API, COND, SCH, N2, N1], ['scheduled', 'claim', 'lifecycle', 'spawned', 'evacuated-source-cleanup'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'evacuate-stein', era: 'newton', ops: [ok('evacuate', 'e70297ef-d284-4402-9780-6b9d13f4c931', 'req-55851040-28e9-4470-b630-ce3c79bc90a2', 200,
    ['node1', 'node2'], [API, COND, SCH, N2, N1], ['scheduled', 'claim', 'lifecycle', 'spawned', 'evacuated-source-cleanup'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'evacuate-zed', era: 'zed', ops: [ok('evacuate', '20a79bf8-6f52-421c-819d-9884207f19f4', 'req-814e2c1a-a5c0-4e9b-a542-34c6a5ac8d85', 200,
    ['node1', 'node2'], [API, COND, SCH, N2, N1], ['scheduled', 'claim', 'lifecycle', 'spawned', 'evacuated-source-cleanup'],
    { source: 'node1', destination: 'node2' })] },

  // ---- shelve (7.12, inline offload), shelveOffload (7.13), unshelve (7.14): no markers before Newton
  { set: 'shelve-juno', era: 'juno', ops: [ok('shelve', 'e68db96f-cd95-4953-80c3-cd309070eb71', 'req-eb82e29e-58c3-496e-b775-7e9b8d433d90', 202,
    ['node1'], [API, N1], ['shutdown', 'destroyed', 'lifecycle'])] },
  { set: 'shelve-zed', era: 'zed', ops: [ok('shelve', '027e5a26-f4b7-4b5a-a795-3f6b0abd4ca7', 'req-11741aeb-8650-4f5f-9b76-13159354bb78', 202,
    ['node1'], [API, N1], ['shutdown', 'destroyed', 'lifecycle'])] },
  { set: 'shelve-offload-juno', era: 'juno', ops: [ok('shelve-offload', '17ed9037-ab7c-4d94-9740-5ef3a1f6a6ea',
    'req-65be18fd-d2a0-446d-9c04-2c36f7700623', 202, ['node1'], [API, N1], ['destroyed'])] },
  { set: 'shelve-offload-zed', era: 'zed', ops: [ok('shelve-offload', '3cdff19e-7df2-42f3-bf32-ddcd87eb4f7c',
    'req-199fb0a6-c2e2-495e-8b96-4eeda4d66729', 202, ['node1'], [API, N1], ['destroyed'])] },
  { set: 'unshelve-juno', era: 'juno', ops: [ok('unshelve', 'ad0ed841-ac73-4597-b09d-349349673773', 'req-68d9ee97-7a28-4b6c-9c0c-8da564bb5b3c', 202,
    ['node2'], [API, SCH, N2], ['claim', 'lifecycle', 'spawned'], { destination: 'node2' })] },
  { set: 'unshelve-zed', era: 'zed', ops: [ok('unshelve', 'd71fdcef-fb0f-4ca4-86e1-7ac49d766cdb', 'req-0607a223-85e1-4161-9163-52529b003c15', 202,
    ['node2'], [API, COND, SCH, N2], ['scheduled', 'claim', 'lifecycle', 'spawned'], { destination: 'node2' })] },

  // ---- cold migrate / resize (7.15): AUDIT claims and Migrating (juno), "Attempting claim on node" + "Calling prep_resize"
  // (rocky), cast to the conductor (zed)
  { set: 'migrate-juno', era: 'juno', ops: [ok('migrate', 'a7a982d2-5fc0-4a2b-9d27-0df898118e24', 'req-2dee414a-c16c-4f40-bdf5-6ffd22b2128a', 202,
    ['node1', 'node2'], [API, SCH, N2, N1], ['claim', 'migrating', 'shutdown', 'destroyed', 'lifecycle', 'running'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'migrate-rocky', era: 'newton', ops: [ok('migrate', 'bb5f9b66-2e43-48a0-9cd2-9b71d4d9af98', 'req-576f79e4-77f7-4319-9076-ca212cef750c', 202,
    ['node1', 'node2'], [API, COND, SCH, N2, N1], ['scheduled', 'claim', 'migrating', 'shutdown', 'destroyed', 'lifecycle', 'running'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'migrate-zed', era: 'zed', ops: [ok('migrate', 'a1992e34-074d-42f8-91cf-65da38d21d40', 'req-5a35ad77-a002-4357-8c10-fc38bbf309fe', 202,
    ['node1', 'node2'], [API, COND, SCH, N2, N1], ['scheduled', 'claim', 'migrating', 'shutdown', 'destroyed', 'lifecycle', 'running'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'resize-juno', era: 'juno', ops: [ok('resize', '543dd3d1-c745-45f3-82f5-f200a1599e91', 'req-81b24b79-3fa2-4570-b7d3-c08356b42351', 202,
    ['node1', 'node2'], [API, SCH, N2, N1], ['claim', 'migrating', 'shutdown', 'destroyed', 'lifecycle', 'running'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'resize-zed', era: 'zed', ops: [ok('resize', '8738610e-e2bb-4b6d-a477-09f383832219', 'req-6ef206bf-74d1-4bc1-a564-54438935416e', 202,
    ['node1', 'node2'], [API, COND, SCH, N2, N1], ['scheduled', 'claim', 'migrating', 'shutdown', 'destroyed', 'lifecycle', 'running'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'confirm-resize-juno', era: 'juno', ops: [ok('confirm-resize', 'dae46b4f-4758-43f4-b90d-60757a456194',
    'req-74153075-d2ce-4b59-b5b0-a690be882b57', 204, ['node1'], [API, N1], [])] },
  { set: 'confirm-resize-zed', era: 'zed', ops: [ok('confirm-resize', '70c06168-40b1-42a7-9c48-f71e3a2efc45',
    'req-79f63247-635c-4852-a5a4-17fe1994388c', 204, ['node1'], [API, N1], [])] },
  // revert: the instance goes back from the resize's destination (node2) to where it was (node1)
  { set: 'revert-resize-juno', era: 'juno', ops: [ok('revert-resize', '3c586dd8-aafe-469d-8f90-e50878cab9c4',
    'req-2743237b-1405-4096-85ee-1830c31456ec', 202, ['node1', 'node2'], [API, N2, N1], ['destroyed', 'lifecycle', 'running'],
    { source: 'node2', destination: 'node1' })] },
  { set: 'revert-resize-zed', era: 'zed', ops: [ok('revert-resize', '640365f1-1195-4f87-873b-8e3a70432d4c',
    'req-3080a2d3-f9ed-4233-ae97-0d26a4d0185e', 202, ['node1', 'node2'], [API, N2, N1], ['destroyed', 'lifecycle', 'running'],
    { source: 'node2', destination: 'node1' })] },

  // ---- live migration (7.16): Juno's source monitor thread logs under [-]
  { set: 'live-migrate-juno', era: 'juno', ops: [ok('live-migrate', '96b62719-c972-4346-b99f-78c3ee911343',
    'req-771649e1-50d9-4283-833a-6303aec7806f', 202, ['node1', 'node2'], [API, N2, N1], ['lifecycle', 'migrated'],
    { source: 'node1', destination: 'node2' })] },
  { set: 'live-migrate-zed', era: 'zed', ops: [ok('live-migrate', 'a139e67a-05e3-474d-8472-c4bc678bd857',
    'req-7026f9f1-bbe4-456f-8fee-5758288f60f7', 202, ['node1', 'node2'], [API, COND, SCH, N2, N1],
    ['scheduled', 'lifecycle', 'migration-progress', 'migrated'], { source: 'node1', destination: 'node2' })] },

  // ---- lock / unlock (7.17): API only; in zed a stop while locked is refused
  { set: 'lock-juno', era: 'juno', ops: [ok('lock', '2acefb45-9b02-4d02-9a1d-0ebb3180070d', 'req-668f0c2a-ecdf-4416-ace4-1e808b44890b', 202,
    [], [API], [])] },
  { set: 'lock-zed', era: 'zed', ops: [
    ok('lock', '0ff4cc26-8434-46f7-98a6-3f656d8a58dc', 'req-02e3f057-256c-490a-ba02-b174bb43d58d', 202, [], [API], []),
    { type: 'stop', instance: '0ff4cc26-8434-46f7-98a6-3f656d8a58dc', requestId: 'req-a133e9cf-513f-4104-b09e-d61cfe160881', httpStatus: 409,
      outcome: 'rejected', hosts: [], phases: [API], events: [],
      error: { service: 'api', host: null, message: 'HTTP exception thrown: Instance 0ff4cc26-8434-46f7-98a6-3f656d8a58dc is locked' } },
  ] },
  { set: 'unlock-juno', era: 'juno', ops: [ok('unlock', '46e6e732-93c6-45e6-b447-0e12af39f9be', 'req-86e7c08f-2566-426b-a3b2-214c5fd7e5e2', 202,
    [], [API], [])] },
  { set: 'unlock-zed', era: 'zed', ops: [ok('unlock', '21691397-3bdc-4a57-990a-8fe030229599', 'req-4ab44772-8cc8-4d14-9986-433d119a04ad', 202,
    [], [API], [])] },

  // ---- volumes and interfaces (locks of catalog 4.3; compute strings from nova-log-strings.tsv)
  { set: 'attach-volume-juno', era: 'juno', ops: [ok('attach-volume', 'cef38763-43c2-4417-8ecd-9d17682fd74e',
    'req-0dffd0b0-050d-4778-9d1e-f80cb7bd9fdf', 200, ['node1'], [API, N1], [])] },
  { set: 'attach-volume-zed', era: 'zed', ops: [ok('attach-volume', 'b5cc31a6-3cc3-4487-b4ae-61761a55cefa',
    'req-dd91daa1-5d9d-48f1-9fc0-330f58a86c13', 200, ['node1'], [API, N1], [])] },
  { set: 'detach-volume-juno', era: 'juno', ops: [ok('detach-volume', 'acd06ec3-ad9f-4fef-8c4a-ed92b7c94605',
    'req-0f797ff0-b4f5-42ae-829c-f18988aea899', 202, ['node1'], [API, N1], [])] },
  { set: 'detach-volume-zed', era: 'zed', ops: [ok('detach-volume', '9b2365fe-6409-41d2-9ef0-b4f00e96c468',
    'req-5f2ce8d2-58f2-4bb3-af0c-265dd7d4805f', 202, ['node1'], [API, N1], [])] },
  { set: 'attach-interface-juno', era: 'juno', ops: [ok('attach-interface', '40494a3f-4e42-4345-8132-76e4a9336164',
    'req-951ccc80-8032-482d-bfdb-c6493d7b1fc5', 200, ['node1'], [API, N1], [])] },
  { set: 'attach-interface-zed', era: 'zed', ops: [ok('attach-interface', '2a82bfdb-0132-4333-a559-5b1e24fcafd9',
    'req-7f3ad012-bfe9-4a9f-978d-b6e195b84db4', 200, ['node1'], [API, N1], [])] },
  // no compute line for it in Juno; node1's periodic tasks go on for 87 s after it
  { set: 'detach-interface-juno', era: 'juno', ops: [ok('detach-interface', 'faf76dcd-004d-46bd-a945-6f8c92045695',
    'req-c330115a-426b-42ff-a233-80150729cda1', 202, [], [API], [])] },
  { set: 'detach-interface-zed', era: 'zed', ops: [ok('detach-interface', 'fe460a3d-679d-48b0-b69f-dc24485c8dbc',
    'req-a97ef3de-6665-4c33-980e-f430c38c64e1', 202, ['node1'], [API, N1], [])] },
];

// ---- comparison: each expected operation against the one that carries its request ID, field by field ----

const phaseKey = (p: PhaseJson): string => `${p.service}@${p.host ?? '-'}`;

function tracebackHas(traceback: readonly string[], want: string): boolean {
  const lines = traceback.map((l) => l.trim());
  return want.endsWith('...') ? lines.some((l) => l.startsWith(want.slice(0, -3))) : lines.includes(want);
}

function expectedRow(c: Case, w: Want): Record<string, unknown> {
  const [user, project] = IDENTITY[c.era];
  const row: Record<string, unknown> = {
    requestId: w.requestId, matches: 1, type: w.type, variant: w.variant ?? null, instance: w.instance, httpStatus: w.httpStatus,
    outcome: w.outcome, user, project, hosts: w.hosts, phases: [...w.phases].sort(), events: w.events,
  };
  if (w.selected !== undefined) row['selected'] = w.selected;
  if (w.source !== undefined) row['source'] = w.source;
  if (w.destination !== undefined) row['destination'] = w.destination;
  row['error'] = w.error ? { service: w.error.service, host: w.error.host, message: `starts with ${w.error.message}`, traceback: w.error.traceback ?? [] } : null;
  return row;
}

function actualRow(w: Want, ops: readonly Operation[]): Record<string, unknown> {
  const found = ops.filter((o) => o.requestIds[0] === w.requestId);
  const op = found[0];
  if (!op) return { requestId: w.requestId, matches: 0 };
  const names = new Set(op.events.map((e) => e.name));
  const row: Record<string, unknown> = {
    requestId: op.requestIds[0], matches: found.length, type: op.type, variant: op.variant, instance: op.instance, httpStatus: op.httpStatus,
    outcome: op.outcome, user: op.user, project: op.project, hosts: op.hosts,
    phases: [...new Set(op.phases.map(phaseKey))].sort(),
    // the expected names it has, in the expected order, then the ones it lacks marked as such
    events: w.events.map((n) => (names.has(n) ? n : `(missing) ${n}`)),
  };
  if (w.selected !== undefined) row['selected'] = op.selected;
  if (w.source !== undefined) row['source'] = op.source;
  if (w.destination !== undefined) row['destination'] = op.destination;
  if (op.error === null || w.error === undefined) {
    row['error'] = op.error === null ? null : { service: op.error.service, host: op.error.host, message: op.error.message };
  } else {
    row['error'] = {
      service: op.error.service, host: op.error.host,
      message: op.error.message.startsWith(w.error.message) ? `starts with ${w.error.message}` : op.error.message,
      traceback: (w.error.traceback ?? []).map((t) => (tracebackHas(op.error?.traceback ?? [], t) ? t : `(missing) ${t}`)),
    };
  }
  return row;
}

const describeOp = (o: Operation): string => `${o.type} ${String(o.instance)} [${o.requestIds.join(', ')}] ${o.outcome}`;

async function analyze(set: string): Promise<Report> {
  const r = await analyzeInProcess([`fixtures/operations/${set}`]);
  expect(r.stderr, `${set}: stderr`).toBe('');
  expect(r.code, `${set}: exit code`).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('analyze --json on fixtures/operations: every operation type in each era', () => {
  it('covers every operation type', () => {
    const types = new Set(CASES.flatMap((c) => c.ops.map((o) => o.type)));
    expect([...types].sort()).toEqual([
      'attach-interface', 'attach-volume', 'boot', 'confirm-resize', 'delete', 'detach-interface', 'detach-volume', 'evacuate', 'live-migrate',
      'lock', 'migrate', 'pause', 'reboot', 'rebuild', 'rescue', 'resize', 'resume', 'revert-resize', 'shelve', 'shelve-offload', 'snapshot',
      'start', 'stop', 'suspend', 'unlock', 'unpause', 'unrescue', 'unshelve',
    ]);
  });

  it.each(CASES.map((c) => [c.set, c] as const))('%s', async (_set, c) => {
    const report = await analyze(c.set);
    const ops = report.operations;
    expect(c.ops.map((w) => actualRow(w, ops))).toEqual(c.ops.map((w) => expectedRow(c, w)));
    // ...and nothing else is an operation: not the status polls, not Neutron's external events, not periodic tasks.
    const wanted = new Set(c.ops.map((w) => w.requestId));
    expect(ops.filter((o) => !wanted.has(o.requestIds[0] ?? '')).map(describeOp), 'operations the fixture does not hold').toEqual([]);
  });
});

// The compute manager logs a line as it begins each operation, and the libvirt driver as it finishes a snapshot
// upload (catalog 7, the wordings of every era): in each fixture, every such line under a request ID is a key
// event of the operation of that request and instance, at that line's time. The lines are found in the fixture
// text with this table, not with novatrace's.
const STEP_LINES: ReadonlyArray<readonly [string, RegExp]> = [
  ['building', /^Starting instance\.\.\.$/], ['stopping', /^Stopping instance; current vm_state: /],
  ['rebooting', /^Rebooting instance$/], ['rebuilding', /^Rebuilding instance$/], ['evacuating', /^Evacuating instance$/],
  ['pausing', /^Pausing$/], ['unpausing', /^Unpausing$/], ['resuming', /^Resuming$/], ['rescuing', /^Rescuing$/],
  ['unrescuing', /^Unrescuing$/], ['shelving', /^Shelving$/], ['shelve-offloading', /^Shelve offloading$/],
  ['unshelving', /^Unshelving$/], ['snapshotting', /^instance snapshotting$/], ['snapshot-uploaded', /^Snapshot image upload complete$/],
  ['attaching-volume', /^Attaching volume [0-9a-f-]{36} to \/dev\/\w+$/], ['detaching-volume', /^Detaching volume [0-9a-f-]{36}$/],
  ['confirming-resize', /^Going to confirm migration \d+$/], ['reverting-resize', /^Updating instance to original state: '/],
];
const STEP_LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})\d* \d+ \w+ nova\.[\w.]+ \[(?:None )?(req-[0-9a-f-]{36}) [^\]]*\] \[instance: ([0-9a-f-]{36})\] (.*?)(?: \{\{.*\}\}| \w+ \/\S+:\d+)?$/;

describe('analyze --json on fixtures/operations: the compute manager\'s step lines are key events', () => {
  const sets = readdirSync('fixtures/operations').filter((d) => statSync(join('fixtures/operations', d)).isDirectory()).sort();
  const steps = sets.map((set) => {
    const found: Array<{ name: string; time: string; requestId: string; instance: string }> = [];
    for (const file of readdirSync(join('fixtures/operations', set)).filter((f) => f.startsWith('n-cpu'))) {
      for (const line of readFileSync(join('fixtures/operations', set, file), 'utf8').split('\n')) {
        const m = STEP_LINE.exec(line);
        const name = m ? STEP_LINES.find(([, re]) => re.test(m[4] as string))?.[0] : undefined;
        if (m && name) found.push({ name, time: `${(m[1] as string).replace(' ', 'T')}Z`, requestId: m[2] as string, instance: m[3] as string });
      }
    }
    return [set, found] as const;
  });

  it('finds step lines in most sets (the table matches the fixtures)', () => {
    expect(steps.filter(([, found]) => found.length > 0).length).toBeGreaterThan(40);
  });

  it.each(steps.filter(([, found]) => found.length > 0))('%s', async (set, found) => {
    const ops = (await analyze(set)).operations;
    const got = found.map((f) => {
      const op = ops.find((o) => o.requestIds.includes(f.requestId) && o.instance === f.instance);
      const hit = op?.events.some((e) => e.name === f.name && e.time === f.time);
      return `${f.name} ${f.time} ${f.requestId}: ${op === undefined ? 'no operation' : hit ? 'event' : `not among ${op.type}'s events`}`;
    });
    expect(got).toEqual(found.map((f) => `${f.name} ${f.time} ${f.requestId}: event`));
  });
});

// Multi-create (`"min_count": 2`): one request builds two instances, here one on each host (fixtures/README.md says
// how the set was made from zed-boot). Each instance is a boot of its own, with its own host and phases; the
// compute lines that name no instance (locks, the resource tracker) go with the instance built on their host.
describe('analyze --json on fixtures/operations/boot-multi-zed: one request, two instances', () => {
  const REQUEST = 'req-0947ca7b-8d96-4694-aa35-a8881188621d';
  const want = [
    ['2af41595-5a28-418d-8ca0-6fabdcf463c8', 'compute2'],
    ['7c1d0e4a-3b2f-4e8a-9d6c-5f4e3d2c1b0a', 'compute1'],
  ] as const;

  it('with every log: a boot per instance, each on its own host', async () => {
    const report = await analyze('boot-multi-zed');
    expect(report.operations.map((o) => ({
      type: o.type, instance: o.instance, requestIds: o.requestIds, outcome: o.outcome, hosts: o.hosts, selected: o.selected,
      computePhases: o.phases.filter((p) => p.service === 'compute').map((p) => p.host),
    }))).toEqual(want.map(([instance, host]) => ({
      type: 'boot', instance, requestIds: [REQUEST], outcome: 'succeeded', hosts: [host], selected: host, computePhases: [host],
    })));
  });

  it('with the compute logs alone: the same two boots', async () => {
    const r = await analyzeInProcess(['fixtures/operations/boot-multi-zed/n-cpu-compute1.log', 'fixtures/operations/boot-multi-zed/n-cpu-compute2.log']);
    const ops = (JSON.parse(r.stdout) as Report).operations;
    expect(ops.map((o) => [o.type, o.instance, o.requestIds[0], o.outcome, o.hosts])).toEqual(want.map(([instance, host]) => ['boot', instance, REQUEST, 'succeeded', [host]]));
  });
});
