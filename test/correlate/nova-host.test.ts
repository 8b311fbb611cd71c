// Hosts are Nova's own: what nova-compute's resource tracker calls its host (`Compute_service record updated for
// <host>:<node>`, what the API and the scheduler call it), not the machine name a JSON formatter stamps when the two
// differ. fixtures/json-host: two nova-compute services on one machine (`hostname` rack3-node7), compute-a and
// compute-b, and a build on compute-b.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeInProcess } from '../helpers.js';

describe("a JSON compute log's host", () => {
  it("is nova-compute's host, not the formatter's hostname", async () => {
    const records = readFileSync('fixtures/json-host/n-cpu-b.log', 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { hostname: string; message: string; context: { request_id?: string } });
    const stamped = new Set(records.map((r) => r.hostname));
    const nova = /^Compute_service record updated for ([\w.-]+):/.exec(records[0]?.message ?? '')?.[1];
    expect(stamped).toEqual(new Set(['rack3-node7']));
    expect(nova).toBe('compute-b');
    const r = await analyzeInProcess(['fixtures/json-host']);
    const ops = (JSON.parse(r.stdout) as { operations: { type: string; requestIds: string[]; hosts: string[]; phases: { host: string | null }[] }[] }).operations;
    expect(ops.map((o) => [o.type, o.requestIds[0], o.hosts, o.phases.map((p) => p.host)])).toEqual([
      ['boot', records[1]?.context.request_id, [nova], [nova]],
    ]);
  });
});
