// Start and suspend log no line of their own on compute (catalog 7.3, 7.7). With only the compute log, the
// power-state sync lines about the instance name them. Expected instances and request IDs are the fixtures'
// ground truth (the same as test/operations/eras.test.ts reads off the fixture text).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/commands/analysis.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { HAS_REALDATA, REALDATA, ROOT } from '../helpers.js';

const computeOnly = async (...paths: string[]) => (await analyzeInputs(paths, parseOptionsFrom({}), () => undefined)).operations
  .map((op) => [op.type, op.instance, op.requestIds[0], op.outcome]);

const fixture = (set: string, file: string): string => join(ROOT, 'fixtures', 'operations', set, file);

describe('compute-only start and suspend, named by the power-state sync', () => {
  it.each([
    ['start-juno', 'n-cpu-node2.log', 'start', '53c18c5f-b912-4b9b-9bcb-eed9077de976', 'req-b0b9d43a-d899-46d8-aab9-a2563c11fba5'],
    ['start-zed', 'n-cpu-node2.log', 'start', 'd0ed496c-37aa-4596-acce-fc8be4f509f6', 'req-8dc444c3-554a-4cf8-89ac-feb1d0234d07'],
    ['suspend-juno', 'n-cpu-node1.log', 'suspend', '74be61d7-2bd2-432d-b4a9-26b79ba90e51', 'req-cc3c0b47-4ce7-4a77-b378-4e722594d5af'],
    ['suspend-zed', 'n-cpu-node1.log', 'suspend', '44eef8a1-ca20-4d71-87f9-2e48f972e65b', 'req-9555cdd6-505d-4ed8-9bb6-7d7789b877f4'],
  ])('%s', async (set, file, type, instance, request) => {
    expect(await computeOnly(fixture(set, file))).toEqual([[type, instance, request, 'succeeded']]);
  });

  // The reboot's type is the API body's `"type"`; with only the compute log, libvirt's lines say it (catalog 7.4).
  // Expected variants: each fixture's n-api.log body, read here rather than written down.
  it.each(['reboot-juno', 'reboot-rocky', 'reboot-zed'])('%s: a compute-only reboot is soft or hard as its API body says', async (set) => {
    const asked = [...readFileSync(fixture(set, 'n-api.log'), 'utf8').matchAll(/"reboot": \{"type": "(SOFT|HARD)"\}/g)].map((m) => (m[1] as string).toLowerCase());
    expect(asked.length).toBeGreaterThan(0);
    const ops = (await analyzeInputs([fixture(set, 'n-cpu-node1.log')], parseOptionsFrom({}), () => undefined)).operations;
    expect(ops.map((o) => [o.type, o.variant])).toEqual(asked.map((v) => ['reboot', v]));
  });

  it('a stop keeps its own marker line; the sync after it names nothing else', async () => {
    expect((await computeOnly(fixture('stop-zed', 'n-cpu-node1.log'))).map((o) => o[0])).toEqual(['stop']);
  });

  it.skipIf(!HAS_REALDATA)('with the fake driver (zed-rig) there is no power-state sync: a compute-only start stays unnamed', async () => {
    const dir = join(REALDATA, 'zed-rig', '04-start');
    expect(await computeOnly(join(dir, 'n-cpu-compute1.log'), join(dir, 'n-cpu-compute2.log'))).toEqual([]);
  });
});
