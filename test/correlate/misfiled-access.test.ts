// eventlet's nova-api keeps the request context per thread, and a greenthread that waits on Neutron can have its
// answer logged under another request the same worker served meanwhile (Queens, fault-injection-queens-dev Test_40:
// the addFloatingIp's access line under the Neutron event request answered a second before; Test_58: under a
// server list dispatched without a body, before that list's own answer). fixtures/misfiled-access has both shapes:
// each access line goes to the request the same worker dispatched, whose project or instance its path names.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeInProcess } from '../helpers.js';

const FIXTURE = 'fixtures/misfiled-access/n-api.log';

describe('access lines logged under another request of the same nova-api worker', () => {
  it('answer the request that dispatched the action', async () => {
    const lines = readFileSync(FIXTURE, 'utf8').trim().split('\n');
    // The requests that dispatched a server action, from their own dispatch lines.
    const actions = lines.flatMap((l) => {
      const m = /\[(req-[0-9a-f-]{36}) .*Action: 'action', .*body: \{"(\w+)"/.exec(l);
      return m ? [{ request: m[1], action: m[2] }] : [];
    });
    expect(actions.map((a) => a.action)).toEqual(['addFloatingIp', 'removeFloatingIp']);
    // No access line carries their IDs: both answers were logged under other requests.
    for (const a of actions) expect(lines.some((l) => l.includes(a.request as string) && l.includes('status:'))).toBe(false);
    const r = await analyzeInProcess([FIXTURE]);
    const ops = (JSON.parse(r.stdout) as { operations: { type: string; requestIds: string[]; httpStatus: number | null; outcome: string }[] }).operations;
    expect(ops.map((o) => [o.type, o.requestIds[0], o.httpStatus, o.outcome])).toEqual([
      ['add-floating-ip', actions[0]?.request, 202, 'succeeded'],
      ['remove-floating-ip', actions[1]?.request, 202, 'succeeded'],
    ]);
  });
});
