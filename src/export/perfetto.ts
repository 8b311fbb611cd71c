// Operations -> the Trace Event Format (Chrome's JSON, read by ui.perfetto.dev and chrome://tracing): a process
// per operation, a track per service@host, phases as complete slices, key events and the first failure as instants.

import type { KeyEvent, Operation, Phase } from '../model/operation.js';
import { componentWhere, hostsText, where } from '../format/hosts.js';
import { micros } from './ids.js';

/** One event of the Trace Event Format (only the fields novatrace writes). */
export interface TraceEvent {
  readonly name: string;
  readonly ph: 'X' | 'i' | 'M';
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly dur?: number;
  readonly cat?: string;
  /** Instants: `t`, on their thread's track. */
  readonly s?: 't';
  readonly args?: Readonly<Record<string, unknown>>;
}

export interface PerfettoTrace {
  readonly traceEvents: readonly TraceEvent[];
  readonly displayTimeUnit: 'ms';
  readonly otherData: Readonly<Record<string, string>>;
}

/** A track: a service@host lane, or a second one of it where its phases overlap. */
interface Lane {
  readonly tid: number;
  readonly key: string;
  /** When its last slice ends (µs): a slice that starts before it must go on another lane. */
  end: number;
}

/** Every lane of one operation, tid 1 being the operation's own. */
class Lanes {
  readonly all: Lane[] = [];

  constructor(private readonly pid: number) {}

  /** The first lane of `key` free at `start`, or a new one. */
  forSlice(key: string, start: number, end: number): Lane {
    const lane = this.all.find((l) => l.key === key && l.end <= start) ?? this.add(key);
    lane.end = end;
    return lane;
  }

  /** The first lane of `key`; a lane of its own (instants only) when no phase has it. */
  forInstant(key: string): Lane {
    return this.all.find((l) => l.key === key) ?? this.add(key, -Infinity);
  }

  private add(key: string, end = -Infinity): Lane {
    const lane: Lane = { tid: this.all.length + 1, key, end };
    this.all.push(lane);
    return lane;
  }

  metadata(): TraceEvent[] {
    const count = new Map<string, number>();
    return this.all.flatMap((l, i) => {
      const n = (count.get(l.key) ?? 0) + 1;
      count.set(l.key, n);
      return [
        { name: 'thread_name', ph: 'M', pid: this.pid, tid: l.tid, args: { name: n === 1 ? l.key : `${l.key} (${n})` } },
        { name: 'thread_sort_index', ph: 'M', pid: this.pid, tid: l.tid, args: { sort_index: i } },
      ] satisfies TraceEvent[];
    });
  }
}

/** Args without the values that are not known: a viewer shows `null` as a value, not as nothing. */
function known(args: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null));
}

function phaseEvents(p: Phase, lanes: Lanes, pid: number): TraceEvent[] {
  const start = micros(p.start);
  const end = micros(p.end);
  const lane = lanes.forSlice(componentWhere(p), start, end);
  const events: TraceEvent[] = [{
    name: componentWhere(p), cat: 'phase', ph: 'X', pid, tid: lane.tid, ts: start, dur: end - start,
    args: known({ service: p.service, host: p.host, component: p.component, entries: p.entries, waitMs: p.waitMs }),
  }];
  // Its spans nest inside it (a slice within a slice on one track); one span is the phase itself.
  if (p.spans.length > 1) {
    for (const s of p.spans) {
      const a = Math.max(start, micros(s.start));
      const b = Math.min(end, micros(s.end));
      events.push({ name: 'active', cat: 'span', ph: 'X', pid, tid: lane.tid, ts: a, dur: Math.max(0, b - a) });
    }
  }
  return events;
}

function keyEvent(e: KeyEvent, lanes: Lanes, pid: number): TraceEvent {
  return { name: e.name, cat: 'event', ph: 'i', s: 't', pid, tid: lanes.forInstant(where(e.service, e.host)).tid, ts: micros(e.time), args: { message: e.message } };
}

function operationName(op: Operation): string {
  return `${op.type} ${op.instance?.slice(0, 8) ?? '-'} ${op.outcome}`;
}

/** One operation as a process: `pid` its place in the export (1-based). Its lines must have times. */
export function operationEvents(op: Operation, pid: number): TraceEvent[] {
  const lanes = new Lanes(pid);
  const start = micros(op.start);
  const own = lanes.forSlice('operation', start, micros(op.end));
  const events: TraceEvent[] = [{
    name: operationName(op), cat: 'operation', ph: 'X', pid, tid: own.tid, ts: start, dur: micros(op.end) - start,
    args: known({
      id: op.id, type: op.type, variant: op.variant, instance: op.instance, requestIds: op.requestIds.join(' '), outcome: op.outcome,
      outcomeReason: op.outcomeReason, httpStatus: op.httpStatus, hosts: hostsText(op),
    }),
  }];
  // Lanes in the order of their first phase, so that the tracks read as the waterfall does.
  for (const p of [...op.phases].sort((a, b) => a.start - b.start)) events.push(...phaseEvents(p, lanes, pid));
  for (const e of op.events) events.push(keyEvent(e, lanes, pid));
  const error = op.error;
  if (error !== null && error.time !== null) {
    events.push({
      name: `failure: ${error.message.slice(0, 120)}`, cat: 'error', ph: 'i', s: 't', pid,
      tid: lanes.forInstant(where(error.service, error.host)).tid, ts: micros(error.time),
      args: { message: error.message, traceback: error.traceback.join('\n'), at: `${error.file}:${error.line}` },
    });
  }
  return [
    { name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `${operationName(op)} ${op.requestIds[0] ?? ''}`.trim() } },
    { name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } },
    ...lanes.metadata(),
    ...events,
  ];
}

/** The trace of these operations (timed ones: the caller leaves out those whose lines have no times). */
export function renderPerfetto(ops: readonly Operation[]): PerfettoTrace {
  return {
    traceEvents: ops.flatMap((op, i) => operationEvents(op, i + 1)),
    displayTimeUnit: 'ms',
    otherData: { generator: 'novatrace' },
  };
}
