// The OTLP export against the OpenTelemetry proto's JSON mapping, field by field, on the fixtures' real
// operations: IDs, nanosecond strings, parent links, resources, error status, events.

import { describe, expect, it } from 'vitest';
import { renderOtlp } from '../../src/export/otlp.js';
import { FIXTURES, analyzed } from './operations.js';
import { otlpMismatches, otlpProblems, otlpSpans } from './trace-specs.js';

describe('renderOtlp', () => {
  it.each(FIXTURES)('%s: valid OTLP/JSON that says what its operations do', async (path) => {
    const ops = (await analyzed(path)).operations.filter((op) => op.timed);
    expect(ops.length).toBeGreaterThan(0);
    const doc: unknown = JSON.parse(JSON.stringify(renderOtlp(ops)));
    expect(otlpProblems(doc)).toEqual([]);
    expect(otlpMismatches(doc, ops)).toEqual([]);
  });

  it('a failed boot: error status with its message on the root and on the phase that logged the error, its traceback as an exception event', async () => {
    const ops = (await analyzed('fixtures/operations/boot-failed-zed')).operations;
    const failed = ops.find((op) => op.outcome === 'failed');
    expect(failed?.error).not.toBeNull();
    const error = failed?.error ?? null;
    if (failed === undefined || error === null) return;
    const spans = otlpSpans(renderOtlp([failed]));
    const withError = spans.filter((s) => (s.span['status'] as { code: number }).code === 2);
    expect(withError.map((s) => s.span['status'])).toEqual(withError.map(() => ({ code: 2, message: error.message })));
    expect(withError.some((s) => s.span['parentSpanId'] === undefined)).toBe(true);
    const exception = spans.flatMap((s) => s.span['events'] as { name: string; attributes: { key: string; value: { stringValue: string } }[] }[]).find((e) => e.name === 'exception');
    const stack = exception?.attributes.find((a) => a.key === 'exception.stacktrace')?.value.stringValue;
    expect(stack).toBe(error.traceback.join('\n'));
  });

  it("takes the trace ID from the caller's global request ID when the operation has one, else from its own", async () => {
    const [op] = (await analyzed('fixtures/zed-boot')).operations;
    if (op === undefined) throw new Error('fixtures/zed-boot has no operation');
    expect(op.globalRequestId).toBeNull();
    const [root] = otlpSpans(renderOtlp([{ ...op, globalRequestId: 'req-0123abcd-4567-489a-bcde-f0123456789a' }]));
    expect(root?.span['traceId']).toBe('0123abcd4567489abcdef0123456789a');
    const [plain] = otlpSpans(renderOtlp([op]));
    expect(plain?.span['traceId']).toBe((op.requestIds[0] as string).slice(4).replaceAll('-', ''));
  });

  it('gives the same span IDs on every run, and a different one to each phase', async () => {
    const ops = (await analyzed('fixtures/zed-boot')).operations;
    const ids = otlpSpans(renderOtlp(ops)).map((s) => s.span['spanId']);
    expect(otlpSpans(renderOtlp((await analyzed('fixtures/zed-boot')).operations)).map((s) => s.span['spanId'])).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the checker catches wrong ids, numbers as times and a parent outside the trace', () => {
    const span = {
      traceId: 'ABC', spanId: '00000000000000000000', parentSpanId: '1111111111111111', name: 'x', kind: 1,
      startTimeUnixNano: 1, endTimeUnixNano: '2', attributes: [{ key: 'n', value: { intValue: 3 } }], events: [], status: { code: 2 },
    };
    const doc = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'nova-api' } }] }, scopeSpans: [{ scope: { name: 't' }, spans: [span] }] }] };
    expect(otlpProblems(doc)).toEqual([
      'span 00000000000000000000: traceId ABC',
      'span 00000000000000000000: spanId',
      'span 00000000000000000000: startTimeUnixNano 1 is not a string of digits',
      'span 00000000000000000000 n: value {"intValue":3}',
      'span 00000000000000000000: error status without a message',
      'span 00000000000000000000: its parent 1111111111111111 is not in its trace',
    ]);
  });
});
