// What the exported formats must be, checked field by field, independent of the renderers: the Trace Event Format
// (Chrome's "Trace Event Format" document, as ui.perfetto.dev's JSON importer reads it) and OTLP/JSON (the
// OpenTelemetry proto's JSON mapping). Each checker returns the problems it found, so a test shows them all.
// Then how a trace must relate to the operations it was made from: times, names, counts read off the Operation.

import type { Operation } from '../../src/model/operation.js';

type Json = Record<string, unknown>;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Trace Event Format's rules for the events novatrace writes, and Perfetto's for slices on one track. */
export function perfettoProblems(doc: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(doc) || !Array.isArray(doc['traceEvents'])) return ['not {"traceEvents": [...]}'];
  if (doc['displayTimeUnit'] !== 'ms') problems.push(`displayTimeUnit ${String(doc['displayTimeUnit'])}, expected "ms"`);
  const events = doc['traceEvents'] as unknown[];
  const processNames = new Set<number>();
  const threadNames = new Set<string>();
  const used: [number, number, string][] = [];
  const slices = new Map<string, { ts: number; dur: number; name: string }[]>();
  events.forEach((e, i) => {
    const at = `event ${i}`;
    if (!isObject(e)) return void problems.push(`${at}: not an object`);
    const { ph, pid, tid, name } = e;
    if (typeof name !== 'string' || name === '') problems.push(`${at}: name ${String(name)}`);
    if (!isInt(pid) || pid <= 0) problems.push(`${at}: pid ${String(pid)}`);
    if (!isInt(tid) || tid < 0) problems.push(`${at}: tid ${String(tid)}`);
    const key = `${String(pid)}/${String(tid)}`;
    if (ph === 'M') {
      const args = e['args'];
      if (!isObject(args)) return void problems.push(`${at}: metadata without args`);
      if (name === 'process_name' || name === 'thread_name') {
        if (typeof args['name'] !== 'string' || args['name'] === '') problems.push(`${at}: ${name} without args.name`);
        if (name === 'process_name') processNames.add(pid as number);
        else threadNames.add(key);
      } else if (name === 'process_sort_index' || name === 'thread_sort_index') {
        if (!isInt(args['sort_index'])) problems.push(`${at}: ${name} without an integer args.sort_index`);
      } else {
        problems.push(`${at}: unknown metadata ${String(name)}`);
      }
    } else if (ph === 'X') {
      if (typeof e['ts'] !== 'number' || !Number.isFinite(e['ts'])) problems.push(`${at}: X without a ts number`);
      if (typeof e['dur'] !== 'number' || !Number.isFinite(e['dur']) || (e['dur'] as number) < 0) problems.push(`${at}: X without a dur number >= 0`);
      used.push([pid as number, tid as number, at]);
      const list = slices.get(key) ?? [];
      list.push({ ts: e['ts'] as number, dur: e['dur'] as number, name: name as string });
      slices.set(key, list);
    } else if (ph === 'i') {
      if (typeof e['ts'] !== 'number' || !Number.isFinite(e['ts'])) problems.push(`${at}: instant without a ts number`);
      if (e['s'] !== 't') problems.push(`${at}: instant scope ${String(e['s'])}, expected "t" (its thread)`);
      used.push([pid as number, tid as number, at]);
    } else {
      problems.push(`${at}: ph ${String(ph)}`);
    }
  });
  for (const [pid, tid, at] of used) {
    if (!processNames.has(pid)) problems.push(`${at}: pid ${pid} has no process_name`);
    if (!threadNames.has(`${pid}/${tid}`)) problems.push(`${at}: tid ${pid}/${tid} has no thread_name`);
  }
  // On one track, slices either nest or do not overlap: a stack of open slices, in start order (longer first).
  for (const [key, list] of slices) {
    const sorted = [...list].sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open: { ts: number; dur: number; name: string }[] = [];
    for (const s of sorted) {
      while (open.length > 0 && (open[open.length - 1] as { ts: number; dur: number }).ts + (open[open.length - 1] as { dur: number }).dur <= s.ts) open.pop();
      const parent = open[open.length - 1];
      if (parent !== undefined && s.ts + s.dur > parent.ts + parent.dur) {
        problems.push(`track ${key}: "${s.name}" [${s.ts}, +${s.dur}] overlaps "${parent.name}" [${parent.ts}, +${parent.dur}] without nesting`);
      }
      open.push(s);
    }
  }
  return problems;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const NANOS = /^\d+$/;
/** The four services the brief names, and the file-named `other` services (n-net, ...). */
const NOVA_SERVICES = /^(?:nova-api|nova-conductor|nova-scheduler|nova-compute|[\w.-]+)$/;

function attributeProblems(list: unknown, at: string): string[] {
  if (!Array.isArray(list)) return [`${at}: attributes not an array`];
  return list.flatMap((a, i): string[] => {
    if (!isObject(a) || typeof a['key'] !== 'string' || !isObject(a['value'])) return [`${at} attribute ${i}: not {key, value}`];
    const value = a['value'];
    const kinds = Object.keys(value);
    if (kinds.length !== 1) return [`${at} ${a['key']}: value has ${kinds.join(', ')}`];
    if ('stringValue' in value && typeof value['stringValue'] === 'string') return [];
    // int64 is a decimal string in proto3's JSON mapping.
    if ('intValue' in value && typeof value['intValue'] === 'string' && /^-?\d+$/.test(value['intValue'])) return [];
    if ('boolValue' in value && typeof value['boolValue'] === 'boolean') return [];
    return [`${at} ${a['key']}: value ${JSON.stringify(value)}`];
  });
}

export interface OtlpSpanView {
  readonly service: string;
  readonly host: string | null;
  readonly span: Json;
}

/** Every span with its resource's service.name and host.name. */
export function otlpSpans(doc: unknown): OtlpSpanView[] {
  const out: OtlpSpanView[] = [];
  for (const rs of (doc as { resourceSpans: Json[] }).resourceSpans) {
    const attrs = (rs['resource'] as { attributes: { key: string; value: { stringValue?: string } }[] }).attributes;
    const service = attrs.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    const host = attrs.find((a) => a.key === 'host.name')?.value.stringValue ?? null;
    for (const ss of rs['scopeSpans'] as { spans: Json[] }[]) for (const span of ss.spans) out.push({ service, host, span });
  }
  return out;
}

/** OTLP/JSON's rules for resources, spans, events and attributes; parent links within each trace. */
export function otlpProblems(doc: unknown): string[] {
  if (!isObject(doc) || !Array.isArray(doc['resourceSpans'])) return ['not {"resourceSpans": [...]}'];
  const problems: string[] = [];
  (doc['resourceSpans'] as unknown[]).forEach((rs, r) => {
    if (!isObject(rs) || !isObject(rs['resource']) || !Array.isArray(rs['scopeSpans'])) return void problems.push(`resourceSpans ${r}: not {resource, scopeSpans}`);
    const attrs = rs['resource']['attributes'];
    problems.push(...attributeProblems(attrs, `resource ${r}`));
    const service = (attrs as { key: string; value: { stringValue?: string } }[]).find((a) => a.key === 'service.name')?.value.stringValue;
    if (service === undefined || !NOVA_SERVICES.test(service)) problems.push(`resource ${r}: service.name ${String(service)}`);
    for (const ss of rs['scopeSpans'] as unknown[]) if (!isObject(ss) || !Array.isArray(ss['spans'])) problems.push(`resource ${r}: scopeSpans without spans`);
  });
  if (problems.length > 0) return problems;
  const spans = otlpSpans(doc);
  const ids = new Map<string, Json>();
  for (const { span } of spans) {
    const at = `span ${String(span['spanId'])}`;
    if (typeof span['traceId'] !== 'string' || !HEX32.test(span['traceId']) || /^0+$/.test(span['traceId'])) problems.push(`${at}: traceId ${String(span['traceId'])}`);
    if (typeof span['spanId'] !== 'string' || !HEX16.test(span['spanId']) || /^0+$/.test(span['spanId'])) problems.push(`${at}: spanId`);
    if (ids.has(`${String(span['traceId'])}/${String(span['spanId'])}`)) problems.push(`${at}: spanId used twice in its trace`);
    ids.set(`${String(span['traceId'])}/${String(span['spanId'])}`, span);
    if (typeof span['name'] !== 'string' || span['name'] === '') problems.push(`${at}: name`);
    if (!isInt(span['kind']) || (span['kind'] as number) < 0 || (span['kind'] as number) > 5) problems.push(`${at}: kind ${String(span['kind'])}`);
    const start = span['startTimeUnixNano'];
    const end = span['endTimeUnixNano'];
    if (typeof start !== 'string' || !NANOS.test(start)) problems.push(`${at}: startTimeUnixNano ${String(start)} is not a string of digits`);
    else if (typeof end !== 'string' || !NANOS.test(end)) problems.push(`${at}: endTimeUnixNano ${String(end)} is not a string of digits`);
    else if (BigInt(end) < BigInt(start)) problems.push(`${at}: ends before it starts`);
    problems.push(...attributeProblems(span['attributes'], at));
    const status = span['status'];
    if (!isObject(status) || ![0, 1, 2].includes(status['code'] as number)) problems.push(`${at}: status ${JSON.stringify(status)}`);
    else if (status['code'] === 2 && (typeof status['message'] !== 'string' || status['message'] === '')) problems.push(`${at}: error status without a message`);
    const events = span['events'];
    if (!Array.isArray(events)) problems.push(`${at}: events not an array`);
    else {
      events.forEach((ev: unknown, i) => {
        if (!isObject(ev) || typeof ev['timeUnixNano'] !== 'string' || !NANOS.test(ev['timeUnixNano']) || typeof ev['name'] !== 'string') problems.push(`${at} event ${i}: not {timeUnixNano, name}`);
        else problems.push(...attributeProblems(ev['attributes'], `${at} event ${i}`));
      });
    }
  }
  for (const { span } of spans) {
    const parent = span['parentSpanId'];
    if (parent === undefined || parent === '') continue;
    if (typeof parent !== 'string' || !HEX16.test(parent)) problems.push(`span ${String(span['spanId'])}: parentSpanId ${String(parent)}`);
    else if (!ids.has(`${String(span['traceId'])}/${parent}`)) problems.push(`span ${String(span['spanId'])}: its parent ${parent} is not in its trace`);
  }
  return problems;
}

/** µs and ns as the formats count them, read back to epoch ms. */
export const fromMicros = (us: number): number => us / 1000;
export const fromNanos = (ns: string): number => Number(BigInt(ns) / 1000n) / 1000;

/** `service@host` as the operation names a phase's track; what OTLP calls the service. */
export function laneName(p: { readonly service: string; readonly component: string | null; readonly host: string | null }): string {
  const service = p.component ?? p.service;
  return p.host === null ? service : `${service}@${p.host}`;
}

export const OTLP_SERVICE: Readonly<Record<string, string>> = { api: 'nova-api', conductor: 'nova-conductor', scheduler: 'nova-scheduler', compute: 'nova-compute' };

export function otlpService(p: { readonly service: string; readonly component: string | null }): string {
  return p.service === 'other' ? (p.component ?? 'other') : (OTLP_SERVICE[p.service] as string);
}

/** What the request's UUID makes of a trace ID: `req-` and dashes off (OSProfiler's way). */
export function requestTraceId(op: Operation): string {
  return (op.requestIds[0] ?? '').replace(/^req-/, '').replaceAll('-', '').toLowerCase();
}

const near = (a: number, b: number, within = 0.002): boolean => Math.abs(a - b) <= within;
const iso = (ms: number): string => new Date(ms).toISOString();

/** The trace events of `ops` (the timed ones, in order: pid i + 1 is ops[i]) say what the operations do. */
export function perfettoMismatches(doc: { traceEvents: Json[] }, ops: readonly Operation[]): string[] {
  const problems: string[] = [];
  const threadName = new Map<string, string>();
  for (const e of doc.traceEvents) if (e['ph'] === 'M' && e['name'] === 'thread_name') threadName.set(`${String(e['pid'])}/${String(e['tid'])}`, (e['args'] as { name: string }).name);
  const pids = new Set(doc.traceEvents.filter((e) => e['ph'] !== 'M').map((e) => e['pid']));
  if (pids.size !== ops.length) problems.push(`${pids.size} processes with events for ${ops.length} operations`);
  ops.forEach((op, i) => {
    const pid = i + 1;
    const at = `${op.id} (pid ${pid})`;
    const mine = doc.traceEvents.filter((e) => e['pid'] === pid);
    const track = (e: Json): string => threadName.get(`${pid}/${String(e['tid'])}`) ?? '';
    const whole = mine.filter((e) => e['cat'] === 'operation');
    const w = whole[0];
    if (whole.length !== 1 || w === undefined) problems.push(`${at}: ${whole.length} operation slices`);
    else if (!near(fromMicros(w['ts'] as number), op.start) || !near(fromMicros((w['ts'] as number) + (w['dur'] as number)), op.end)) {
      problems.push(`${at}: operation slice ${iso(fromMicros(w['ts'] as number))} +${String(w['dur'])}µs, the operation ${iso(op.start)} .. ${iso(op.end)}`);
    }
    const phases = mine.filter((e) => e['cat'] === 'phase').sort((a, b) => (a['ts'] as number) - (b['ts'] as number) || String(a['name']).localeCompare(String(b['name'])));
    const expected = [...op.phases].sort((a, b) => a.start - b.start || laneName(a).localeCompare(laneName(b)));
    if (phases.length !== expected.length) problems.push(`${at}: ${phases.length} phase slices for ${expected.length} phases`);
    expected.forEach((p, k) => {
      const e = phases[k];
      if (e === undefined) return;
      const start = fromMicros(e['ts'] as number);
      const end = fromMicros((e['ts'] as number) + (e['dur'] as number));
      if (e['name'] !== laneName(p) || !near(start, p.start) || !near(end, p.end)) {
        problems.push(`${at}: phase ${laneName(p)} ${iso(p.start)} .. ${iso(p.end)} is slice ${String(e['name'])} ${iso(start)} .. ${iso(end)}`);
      }
      if (!track(e).startsWith(laneName(p))) problems.push(`${at}: phase ${laneName(p)} on track "${track(e)}"`);
    });
    const instants = mine.filter((e) => e['cat'] === 'event');
    const names = (list: readonly string[]): string => [...list].sort().join(',');
    if (names(instants.map((e) => String(e['name']))) !== names(op.events.map((e) => e.name))) {
      problems.push(`${at}: instants ${names(instants.map((e) => String(e['name'])))}, key events ${names(op.events.map((e) => e.name))}`);
    }
    for (const ev of op.events) {
      const where = ev.host === null ? ev.service : `${ev.service}@${ev.host}`;
      if (!instants.some((e) => e['name'] === ev.name && near(fromMicros(e['ts'] as number), ev.time) && track(e).startsWith(where))) {
        problems.push(`${at}: no instant ${ev.name} at ${iso(ev.time)} on ${where}'s track`);
      }
    }
    const failures = mine.filter((e) => e['cat'] === 'error');
    const error = op.error;
    if (error === null || error.time === null) {
      if (failures.length > 0) problems.push(`${at}: a failure instant, and no timed error`);
    } else {
      const f = failures[0];
      const where = error.host === null ? error.service : `${error.service}@${error.host}`;
      if (failures.length !== 1 || f === undefined || !near(fromMicros(f['ts'] as number), error.time) || !track(f).startsWith(where)) {
        problems.push(`${at}: the first failure (${iso(error.time)} on ${where}) is not one instant there`);
      }
    }
  });
  return problems;
}

function attr(span: Json, key: string): string | undefined {
  const a = (span['attributes'] as { key: string; value: { stringValue?: string; intValue?: string } }[]).find((x) => x.key === key);
  return a?.value.stringValue ?? a?.value.intValue;
}

/** The OTLP trace of `ops` (the timed ones) says what the operations do: a trace each, a root, a span per phase. */
export function otlpMismatches(doc: unknown, ops: readonly Operation[]): string[] {
  const problems: string[] = [];
  const spans = otlpSpans(doc);
  const roots = spans.filter((s) => s.span['parentSpanId'] === undefined || s.span['parentSpanId'] === '');
  if (roots.length !== ops.length) problems.push(`${roots.length} root spans for ${ops.length} operations`);
  for (const op of ops) {
    const at = op.id;
    const root = roots.find((r) => attr(r.span, 'novatrace.operation.id') === op.id);
    if (root === undefined) {
      problems.push(`${at}: no root span`);
      continue;
    }
    const traceId = root.span['traceId'] as string;
    // A caller's global request ID comes first; else the request's own.
    const globals = (op.entries ?? []).map((e) => e.globalRequestId).filter((g): g is string => g !== null && !op.requestIds.includes(g));
    const allowed = [requestTraceId(op), ...globals.map((g) => g.replace(/^req-/, '').replaceAll('-', '').toLowerCase())];
    if (!allowed.includes(traceId)) problems.push(`${at}: trace ID ${traceId}, its request ${op.requestIds[0] ?? '-'}`);
    if (!near(fromNanos(root.span['startTimeUnixNano'] as string), op.start) || !near(fromNanos(root.span['endTimeUnixNano'] as string), op.end)) {
      problems.push(`${at}: root span times differ from the operation's ${iso(op.start)} .. ${iso(op.end)}`);
    }
    const children = spans.filter((s) => s.span['traceId'] === traceId && s.span['parentSpanId'] === root.span['spanId'])
      .sort((a, b) => fromNanos(a.span['startTimeUnixNano'] as string) - fromNanos(b.span['startTimeUnixNano'] as string) || a.service.localeCompare(b.service) || String(a.host).localeCompare(String(b.host)));
    const phases = [...op.phases].sort((a, b) => a.start - b.start || otlpService(a).localeCompare(otlpService(b)) || String(a.host).localeCompare(String(b.host)));
    if (children.length !== phases.length) problems.push(`${at}: ${children.length} child spans for ${phases.length} phases`);
    phases.forEach((p, k) => {
      const c = children[k];
      if (c === undefined) return;
      const service = otlpService(p);
      if (c.service !== service || c.host !== p.host || !near(fromNanos(c.span['startTimeUnixNano'] as string), p.start) || !near(fromNanos(c.span['endTimeUnixNano'] as string), p.end)) {
        problems.push(`${at}: phase ${laneName(p)} ${iso(p.start)} .. ${iso(p.end)} is span of ${c.service}@${String(c.host)} ${iso(fromNanos(c.span['startTimeUnixNano'] as string))} .. ${iso(fromNanos(c.span['endTimeUnixNano'] as string))}`);
      }
    });
    const mine = [root, ...children];
    const errors = mine.filter((s) => (s.span['status'] as { code: number }).code === 2);
    if (op.outcome === 'failed') {
      if ((root.span['status'] as { code: number }).code !== 2) problems.push(`${at}: failed, and its root span has no error status`);
      const e = op.error;
      if (e !== null && op.phases.some((p) => p.service === e.service && p.host === e.host)) {
        const service = OTLP_SERVICE[e.service] ?? 'other';
        if (!errors.some((s) => s !== root && s.service === service && s.host === e.host)) problems.push(`${at}: the phase that logged its error (${e.service}@${String(e.host)}) has no error status`);
      }
    } else if (errors.length > 0) {
      problems.push(`${at}: ${op.outcome}, and ${errors.length} spans have an error status`);
    }
    const events = mine.flatMap((s) => s.span['events'] as Json[]).filter((e) => e['name'] !== 'exception');
    if (events.length !== op.events.length) problems.push(`${at}: ${events.length} span events for ${op.events.length} key events`);
    for (const ev of op.events) {
      if (!events.some((e) => e['name'] === ev.name && near(fromNanos(e['timeUnixNano'] as string), ev.time))) problems.push(`${at}: no span event ${ev.name} at ${iso(ev.time)}`);
    }
  }
  return problems;
}
