// Host incidents as JSON records (src/model/records.ts; docs/hosts.md): the operations in analyze --json's form.

import { formatIso } from '../format/time.js';
import type { HostIncident } from '../model/host-incident.js';
import type { HostIncidentRecord } from '../model/records.js';
import { operationRecord } from './operation-json.js';

function iso(time: number | null): string | null {
  return time === null || !Number.isFinite(time) ? null : formatIso(time, 3);
}

export function hostIncidentRecord(i: HostIncident): HostIncidentRecord {
  return {
    kind: 'host-failure',
    host: i.host,
    start: iso(i.start) ?? '',
    end: iso(i.end) ?? '',
    lastLine: iso(i.lastLine),
    silenceMs: i.silenceMs === null ? null : Math.round(i.silenceMs * 1000) / 1000,
    ended: i.ended,
    outcome: i.outcome,
    events: i.events.map((e) => ({ ...e, time: iso(e.time) })),
    evacuations: i.evacuations.map((r) => ({
      kind: r.kind, lookup: r.lookup === null ? null : { time: iso(r.lookup.time), requestId: r.lookup.requestId }, requestIds: r.requestIds, instances: r.instances,
    })),
    instances: i.instances.map((x) => ({
      instance: x.instance, fate: x.fate, requestId: x.requestId, destination: x.destination, operations: x.operations.map(operationRecord),
    })),
    returned: i.returned === null ? null : {
      time: iso(i.returned.time),
      started: iso(i.returned.started),
      cleanups: i.returned.cleanups.map((c) => ({ ...c, time: iso(c.time) })),
      problems: i.returned.problems,
    },
    volumes: i.volumes.map((v) => ({ ...v })),
    volumeBackendOnHost: i.volumeBackendOnHost,
    volumeBackends: i.volumeBackends,
    unknown: i.unknown,
  };
}
