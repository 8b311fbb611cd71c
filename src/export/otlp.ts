// Operations -> OTLP/JSON (the OpenTelemetry protocol's JSON mapping, what Jaeger's OTLP endpoint and its JSON
// upload read): a trace per operation, a root span for it and a child span per phase, under resources named for
// the Nova service and host that logged them.

import type { Service } from '../model/entry.js';
import type { Operation, Phase } from '../model/operation.js';
import { componentWhere, hostsText, where } from '../format/hosts.js';
import { nanosText, spanIdOf, traceIdOf } from './ids.js';

export type AnyValue = { readonly stringValue: string } | { readonly intValue: string } | { readonly boolValue: boolean };

export interface KeyValue {
  readonly key: string;
  readonly value: AnyValue;
}

/** SpanKind: 1 internal, 2 server (the API's answer to the user). */
export const SPAN_KIND_INTERNAL = 1;
export const SPAN_KIND_SERVER = 2;
/** Status.code: 0 unset, 2 error (1, ok, is for application code to say). */
export const STATUS_UNSET = 0;
export const STATUS_ERROR = 2;

export interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent on a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: readonly KeyValue[];
  readonly events: readonly { readonly timeUnixNano: string; readonly name: string; readonly attributes: readonly KeyValue[] }[];
  readonly status: { readonly code: number; readonly message?: string };
}

export interface ResourceSpans {
  readonly resource: { readonly attributes: readonly KeyValue[] };
  readonly scopeSpans: readonly { readonly scope: { readonly name: string }; readonly spans: readonly OtlpSpan[] }[];
}

export interface OtlpTrace {
  readonly resourceSpans: readonly ResourceSpans[];
}

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(Math.trunc(value)) } });

/** What each service's process calls itself. */
const SERVICE_NAMES: Readonly<Record<Service, string>> = {
  api: 'nova-api', conductor: 'nova-conductor', scheduler: 'nova-scheduler', compute: 'nova-compute', other: 'other',
};

function serviceName(service: Service, component: string | null): string {
  return service === 'other' && component !== null ? component : SERVICE_NAMES[service];
}

/** A span and the resource (service, host) it belongs under. */
interface Placed {
  readonly service: string;
  readonly host: string | null;
  readonly span: OtlpSpan;
}

/** The phase an error was logged in: its service and host. */
function failedPhase(op: Operation): Phase | null {
  const error = op.error;
  if (op.outcome !== 'failed' || error === null) return null;
  return op.phases.find((p) => p.service === error.service && p.host === error.host) ?? null;
}

/** One operation's spans: its root first, then a span per phase. Its lines must have times. */
export function operationSpans(op: Operation): Placed[] {
  const traceId = traceIdOf(op);
  const rootId = spanIdOf(op, 'root');
  const failed = failedPhase(op);
  const errorStatus = { code: STATUS_ERROR, message: op.error?.message ?? op.failureEvidence[0]?.message ?? op.outcome };
  const phaseOf = (service: Service, host: string | null): number => op.phases.findIndex((p) => p.service === service && p.host === host);
  const events = op.phases.map((): OtlpSpan['events'][number][] => []);
  const rootEvents: OtlpSpan['events'][number][] = [];
  for (const e of op.events) {
    const i = phaseOf(e.service, e.host);
    const event = { timeUnixNano: nanosText(e.time), name: e.name, attributes: [str('message', e.message), str('nova.where', where(e.service, e.host))] };
    (events[i] ?? rootEvents).push(event);
  }
  if (op.error !== null && op.error.time !== null) {
    // The semantic conventions' exception event, on the span of the phase that logged it.
    const i = phaseOf(op.error.service, op.error.host);
    const lines = op.error.traceback;
    const type = /^(\w+(?:\.\w+)*(?:Error|Exception|Fault|Timeout|NotFound|Invalid\w*))\b/.exec(lines[lines.length - 1] ?? '')?.[1];
    (events[i] ?? rootEvents).push({
      timeUnixNano: nanosText(op.error.time), name: 'exception', attributes: [
        str('exception.message', op.error.message), ...(type === undefined ? [] : [str('exception.type', type)]),
        ...(lines.length > 0 ? [str('exception.stacktrace', lines.join('\n'))] : []), str('code.location', `${op.error.file}:${op.error.line}`),
      ],
    });
  }
  const first = [...op.phases].sort((a, b) => a.start - b.start)[0];
  const rootAttributes: KeyValue[] = [
    str('novatrace.operation.id', op.id), str('novatrace.operation.type', op.type), str('novatrace.outcome', op.outcome),
    str('nova.request_ids', op.requestIds.join(' ')), str('nova.hosts', hostsText(op)),
  ];
  if (op.instance !== null) rootAttributes.push(str('nova.instance.id', op.instance));
  if (op.variant !== null) rootAttributes.push(str('novatrace.operation.variant', op.variant));
  if (op.outcomeReason !== null) rootAttributes.push(str('novatrace.outcome.reason', op.outcomeReason));
  if (op.httpStatus !== null) rootAttributes.push(int('http.response.status_code', op.httpStatus));
  if (op.user !== null) rootAttributes.push(str('enduser.id', op.user));
  if (op.project !== null) rootAttributes.push(str('nova.project.id', op.project));
  const root: Placed = {
    // Under the service that took the request (the API, where its log was given).
    service: first === undefined ? 'nova' : serviceName(first.service, first.component), host: first?.host ?? null,
    span: {
      traceId, spanId: rootId, name: op.type, kind: first?.service === 'api' ? SPAN_KIND_SERVER : SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanosText(op.start), endTimeUnixNano: nanosText(op.end), attributes: rootAttributes, events: rootEvents,
      status: op.outcome === 'failed' ? errorStatus : { code: STATUS_UNSET },
    },
  };
  const phases = op.phases.map((p, i): Placed => ({
    service: serviceName(p.service, p.component), host: p.host,
    span: {
      traceId, spanId: spanIdOf(op, i), parentSpanId: rootId, name: `${op.type} ${componentWhere(p)}`, kind: SPAN_KIND_INTERNAL,
      startTimeUnixNano: nanosText(p.start), endTimeUnixNano: nanosText(p.end),
      attributes: [int('novatrace.phase.index', i), int('novatrace.phase.entries', p.entries), int('novatrace.phase.spans', p.spans.length)],
      events: events[i] ?? [],
      status: p === failed ? errorStatus : { code: STATUS_UNSET },
    },
  }));
  return [root, ...phases];
}

/** The trace of these operations (timed ones): spans grouped by resource (service and host), in first-seen order. */
export function renderOtlp(ops: readonly Operation[]): OtlpTrace {
  const byResource = new Map<string, { service: string; host: string | null; spans: OtlpSpan[] }>();
  for (const op of ops) {
    for (const placed of operationSpans(op)) {
      const key = `${placed.service}\u0000${placed.host ?? ''}`;
      let group = byResource.get(key);
      if (group === undefined) byResource.set(key, group = { service: placed.service, host: placed.host, spans: [] });
      group.spans.push(placed.span);
    }
  }
  return {
    resourceSpans: [...byResource.values()].map((g) => ({
      resource: { attributes: [str('service.name', g.service), ...(g.host === null ? [] : [str('host.name', g.host)])] },
      scopeSpans: [{ scope: { name: 'novatrace' }, spans: g.spans }],
    })),
  };
}
