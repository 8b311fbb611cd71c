// Which lines say an operation failed and which are only errors logged while it ran (src/timeline/evidence.ts),
// on lines as Nova writes them (catalog 8; the fault-injection-queens-dev runs named per case).

import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../src/model/entry.js';
import { HARMLESS, harmlessKind, judgeLines } from '../../src/timeline/evidence.js';
import { parseLines } from '../helpers.js';

const OWN = 'req-3b68fbd3-c262-43c9-aa2b-e2fa3bb10fdd';
const OTHER = 'req-c9383b1c-58ef-442f-a8e6-d9980859813b';
const BRACKET = (req: string): string => `[${req} dfe6b5fd4bec4645af0ec856789d250d a2eeeaa465ee43acbd27c4469b1ae2cc - default default]`;
const INSTANCE = '[instance: 9bb310c9-b3d6-41d6-b6c0-64a740d114fd]';

function entry(line: string, path = 'nova-compute.log'): LogEntry {
  const { entries } = parseLines([line], path);
  expect(entries).toHaveLength(1);
  return entries[0] as LogEntry;
}

// Test_28: the reboot's own RPC handler raised.
const RPC_FAILED = entry(`2018-06-27 21:25:51.509 2888 ERROR oslo_messaging.rpc.server ${BRACKET(OWN)} Exception during message handling: AttributeError: 'NoneType' object has no attribute 'host'`);
const REVERTED = entry(`2018-06-27 21:25:51.500 2888 INFO nova.compute.manager ${BRACKET(OWN)} ${INSTANCE} Successfully reverted task state from reboot_pending_hard on failure for instance.`);
// Test_58 / Test_232: Nova catches a notification it could not send, under the operation's own request.
const NOTIFICATION = entry(`2018-06-27 03:02:59.986 29296 ERROR nova.notifications.base ${BRACKET(OWN)} ${INSTANCE} Failed to send state update notification: TypeError: 'NoneType' object is not iterable`);
// Queens: the resource tracker's periodic audit under a user's leaked request ID.
const AUDIT = entry(`2018-06-27 21:26:00.100 2888 ERROR nova.compute.manager ${BRACKET(OWN)} Error updating resources for node localhost.localdomain.: TypeError: 'NoneType' object is not iterable`);
// Test_274: the end of the build logged under Neutron's event request.
const BUILD_FAILED = entry(`2018-06-27 21:25:52.000 2888 ERROR nova.compute.manager ${BRACKET(OTHER)} ${INSTANCE} Unexpected build failure, not rescheduling build.: Exception`);
// Another request's ERROR about the instance: context, not this operation's.
const CONTEXT_ERROR = entry(`2018-06-27 21:25:53.000 2888 ERROR nova.compute.manager ${BRACKET(OTHER)} ${INSTANCE} Failed to deallocate network for instance. Error: Exception`);
const DEPRECATION = entry(`2018-06-27 21:25:50.947 2888 WARNING nova.image.glance ${BRACKET(OWN)} No protocol specified in for api_server 'http://10.0.20.22:9292', please update [glance] api_servers with fully qualified url including scheme (http / https)`);
const API_ERROR = entry(`2018-06-27 21:25:49.500 2890 ERROR nova.api.openstack.extensions ${BRACKET(OWN)} Unexpected exception in API method: AttributeError: 'NoneType' object has no attribute 'filter_by'`, 'nova-api.log');

describe('failure evidence and errors during an operation', () => {
  it("an ERROR under the operation's own request, and a failure line of its own, are evidence", () => {
    const all = [REVERTED, RPC_FAILED];
    expect(judgeLines(all, new Set(all), undefined)).toEqual({ evidence: [REVERTED, RPC_FAILED], during: [] });
  });

  it("an ERROR Nova logs and goes on from is not evidence, even under the operation's own request", () => {
    const all = [NOTIFICATION, AUDIT, DEPRECATION];
    expect(judgeLines(all, new Set(all), undefined)).toEqual({ evidence: [], during: [NOTIFICATION, AUDIT, DEPRECATION] });
    expect(harmlessKind(NOTIFICATION)?.name).toBe('notification not sent');
    expect(harmlessKind(AUDIT)?.name).toBe('resource audit');
    expect(harmlessKind(RPC_FAILED)).toBeNull();
  });

  it("another request's ERROR about the instance is shown, never the verdict; its failure line named by the recognizer is evidence", () => {
    const own = new Set<LogEntry>();
    expect(judgeLines([CONTEXT_ERROR], own, undefined)).toEqual({ evidence: [], during: [CONTEXT_ERROR] });
    expect(judgeLines([BUILD_FAILED], own, [/^Unexpected build failure, not rescheduling build/])).toEqual({ evidence: [BUILD_FAILED], during: [] });
  });

  it("nova-api's own ERROR is not evidence here (its answer decides rejected)", () => {
    expect(judgeLines([API_ERROR], new Set([API_ERROR]), undefined)).toEqual({ evidence: [], during: [API_ERROR] });
  });

  it('every harmless kind says why, and names a logger or a message', () => {
    for (const h of HARMLESS) {
      expect(h.why.length, h.name).toBeGreaterThan(20);
      expect(h.logger !== undefined || h.message !== undefined, h.name).toBe(true);
    }
  });
});
