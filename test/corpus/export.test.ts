// The Perfetto and OTLP exports of real clouds' operations, checked field by field against their specifications
// and against the operations (test/export/trace-specs.ts); on zed-rig, against what the client saw (truth.json):
// each API call's request ID is a trace, with the client's HTTP status, received while the client waited.
// Skipped, with the reason printed, only where ../shared/realdata is absent.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeInputs } from '../../src/commands/analysis.js';
import { renderOtlp } from '../../src/export/otlp.js';
import { renderPerfetto } from '../../src/export/perfetto.js';
import { parseOptionsFrom } from '../../src/parse/options.js';
import { HAS_REALDATA, REALDATA } from '../helpers.js';
import { fromNanos, otlpMismatches, otlpProblems, otlpSpans, perfettoMismatches, perfettoProblems } from '../export/trace-specs.js';

if (!HAS_REALDATA) console.warn(`export corpus test skipped: ${REALDATA} is absent (it sits beside the project in CI and development)`);
if (!HAS_REALDATA && process.env['CI']) throw new Error(`CI must run the corpus tests, but ${REALDATA} is absent`);

const SETS = [
  'zed-rig/01-boot',
  'zed-rig/02-boot-novalidhost',
  'zed-rig/15-evacuate',
  'zed-rig/16-live-migrate',
  'devstack-ci-mitaka',
  'live-migration-juno/logs',
] as const;

interface TruthCall {
  readonly method: string;
  readonly status: number;
  readonly request_id: string;
}
interface Truth {
  readonly operations: readonly { readonly operation: string; readonly start_utc: string; readonly end_utc: string; readonly action_calls?: readonly TruthCall[] }[];
}

describe.skipIf(!HAS_REALDATA)('export of real operations', () => {
  it.each(SETS)('%s', async (dir) => {
    const analysis = await analyzeInputs([join(REALDATA, dir)], parseOptionsFrom({}), () => {}, () => true);
    const ops = analysis.operations.filter((op) => op.timed);
    expect(ops.length).toBeGreaterThan(0);
    const perfetto = JSON.parse(JSON.stringify(renderPerfetto(ops))) as { traceEvents: Record<string, unknown>[] };
    expect(perfettoProblems(perfetto)).toEqual([]);
    expect(perfettoMismatches(perfetto, ops)).toEqual([]);
    const otlp: unknown = JSON.parse(JSON.stringify(renderOtlp(ops)));
    expect(otlpProblems(otlp)).toEqual([]);
    expect(otlpMismatches(otlp, ops)).toEqual([]);

    const truthFile = join(REALDATA, dir, 'truth.json');
    if (!existsSync(truthFile)) return;
    const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as Truth;
    const roots = otlpSpans(otlp).filter((s) => s.span['parentSpanId'] === undefined);
    const calls = truth.operations.flatMap((o) => (o.action_calls ?? []).filter((c) => c.method === 'POST' || c.method === 'DELETE').map((c) => ({ ...c, o })));
    expect(calls.length).toBeGreaterThan(0);
    for (const { request_id: id, status, o } of calls) {
      const root = roots.find((r) => r.span['traceId'] === id.replace(/^req-/, '').replaceAll('-', ''));
      expect(root, `${o.operation} ${id}`).toBeDefined();
      const code = (root?.span['attributes'] as { key: string; value: { intValue?: string } }[]).find((a) => a.key === 'http.response.status_code')?.value.intValue;
      expect(code, `${o.operation} ${id}`).toBe(String(status));
      const start = fromNanos(root?.span['startTimeUnixNano'] as string);
      expect(start).toBeGreaterThanOrEqual(Date.parse(o.start_utc));
      expect(start).toBeLessThanOrEqual(Date.parse(o.end_utc));
    }
  });
});
