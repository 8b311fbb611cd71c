// A UI model with host incidents, built as analyze builds it for the terminal UI, from a fixture of
// fixtures/hosts/ (provenance in fixtures/README.md): the fixture's operations, their entries, its incidents.

import { resolve } from 'node:path';
import { analyzeInputs } from '../../src/commands/analysis.js';
import type { Operation } from '../../src/model/operation.js';
import { buildModel } from '../../src/ui/model.js';
import type { UiModel } from '../../src/ui/model.js';
import { OPTIONS, ROOT } from '../helpers.js';

/** fixtures/hosts/host-evacuate-queens: node1 dies, `nova host-evacuate` moves two instances to node2, one is deleted. */
export const QUEENS = 'fixtures/hosts/host-evacuate-queens';
export const A = 'be5b62cf-92df-45b2-95a5-598a3d2c2b86';
export const B = 'c06c73d0-a3e0-46c3-a6b6-6a9e3d3c3e97';
export const C = 'd17d84e1-b4f1-47d4-b7c7-7b0f4e4d4fa8';
export const EVACUATE_A = 'req-de6d8a6c-624f-48ed-9ec7-65511d537094';
export const EVACUATE_B = 'req-ef7e9b7d-735f-49fe-8fd8-76622e648105';
export const DELETE_C = 'req-f08fac8e-8460-4a0f-9fe9-877330759216';

/** `keep`: the operations the list is given (analyze's filters), all by default; the incidents are all of them. */
export async function hostModel(dir = QUEENS, keep: (op: Operation) => boolean = () => true): Promise<UiModel> {
  const analysis = await analyzeInputs([resolve(ROOT, dir)], OPTIONS, () => undefined, keep);
  return buildModel(analysis.operations.filter(keep), analysis.unattached, analysis.parse, undefined, null, [], analysis.hostIncidents);
}
