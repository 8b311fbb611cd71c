// A host incident as lines of text: `novatrace host` prints them, the terminal UI's host view scrolls over them.
// Each line says which instance and evacuation it is about, so that the UI can open that evacuation.

import { formatDuration } from './duration.js';
import { escapeControl } from './escape.js';
import { formatIso } from './time.js';
import type { HostIncident, InstanceFate } from '../model/host-incident.js';

export interface IncidentLine {
  /** Log text in it is escaped (escapeControl). */
  readonly text: string;
  /** An instance's row (its fate) or one of its other operations: the instance. */
  readonly instance?: string;
  /** The request ID of the operation the row names (the accepted evacuation, a refused one); null: none. */
  readonly requestId?: string | null;
  /** The instance's own row: its fate (its other operations' rows have none). */
  readonly fate?: InstanceFate;
}

function at(time: number | null): string {
  return time === null || !Number.isFinite(time) ? '-' : formatIso(time, 3);
}

/** The outcome in words: `analyze`'s row and this page say it alike. */
export function incidentSummary(i: HostIncident): string {
  const counted = i.instances.filter((x) => x.fate !== 'deleted');
  const deleted = i.instances.length - counted.length;
  const evacuated = counted.filter((x) => x.fate === 'evacuated').length;
  const words = i.outcome === 'all-evacuated' ? 'all evacuated' : i.outcome === 'none' ? 'none evacuated' : 'some failed';
  return `${words} (${evacuated} of ${counted.length} instance${counted.length === 1 ? '' : 's'}${deleted === 0 ? '' : `; ${deleted} deleted meanwhile`})`;
}

export function incidentLines(i: HostIncident): IncidentLine[] {
  const out: IncidentLine[] = [];
  const text = (t: string): void => {
    out.push({ text: t });
  };
  const silence = i.silenceMs === null ? 'unknown' : formatDuration(i.silenceMs);
  text(`host-failure of ${escapeControl(i.host)}: ${incidentSummary(i)}`);
  const ended = i.ended === 'clean' ? 'clean: a service stop was logged' : i.ended === 'abrupt' ? 'abrupt: no service stop logged' : 'unknown';
  text(`  last line ${at(i.lastLine)}, then silent for ${silence}; ended ${ended}`);
  if (i.events.length > 0) {
    text('');
    text('  what Nova said and did:');
    for (const e of i.events) {
      text(`    ${at(e.time)}  ${e.kind.padEnd(17)} ${e.service.padEnd(9)} ${escapeControl(e.requestId ?? '-')}  ${escapeControl(e.message.slice(0, 160))}`);
    }
  }
  if (i.evacuations.length > 0) {
    text('');
    text('  evacuations:');
    for (const r of i.evacuations) {
      const lookup = r.lookup === null ? '' : ` after hypervisor lookup ${escapeControl(r.lookup.requestId ?? '-')} at ${at(r.lookup.time)}`;
      text(`    ${r.kind} of ${r.instances.length} instance${r.instances.length === 1 ? '' : 's'}${lookup}: ${r.requestIds.map(escapeControl).join(', ')}`);
    }
  }
  text('');
  text('  instances:');
  for (const x of i.instances) {
    const dest = x.destination === null ? '' : ` -> ${escapeControl(x.destination)}`;
    out.push({ text: `    ${escapeControl(x.instance)}  ${x.fate.padEnd(13)} ${escapeControl(x.requestId ?? '-')}${dest}`, instance: x.instance, requestId: x.requestId, fate: x.fate });
    for (const op of x.operations) {
      if (op.requestIds[0] === x.requestId) continue;
      out.push({
        text: `      also ${op.type} ${op.outcome}${op.httpStatus === null ? '' : ` (HTTP ${op.httpStatus})`} ${escapeControl(op.requestIds[0] ?? '-')} at ${at(op.start)}`,
        instance: x.instance, requestId: op.requestIds[0] ?? null,
      });
    }
  }
  text('');
  if (i.returned === null) {
    text('  returned: not in the logs given');
  } else {
    const r = i.returned;
    text(`  returned: first line ${at(r.time)}, started ${at(r.started)}`);
    for (const c of r.cleanups) {
      text(`    ${at(c.time)}  ${c.failed ? 'clean-up FAILED' : 'clean-up'}  ${escapeControl(c.instance ?? '-')}  ${escapeControl(c.message.slice(0, 120))}`);
    }
    for (const p of r.problems) text(`    problem: ${escapeControl(p)}`);
  }
  if (i.volumes.length > 0 || i.volumeBackendOnHost === true) {
    text('');
    text('  volumes (as the logs say when the first evacuation came):');
    for (const v of i.volumes) {
      const parts = [
        ...(v.attached.length === 0 ? [] : [`attached ${v.attached.map(escapeControl).join(', ')}`]),
        ...(v.detached.length === 0 ? [] : [`detached ${v.detached.map(escapeControl).join(', ')}`]),
        ...(v.unnamed === 0 ? [] : [`${v.unnamed} attach${v.unnamed === 1 ? '' : 'es'} whose volume is not logged`]),
        ...(v.rootOnVolume ? ['root disk on a volume (its evacuation said so)'] : []),
      ];
      // Enter on it opens the instance's evacuation, as on its own row.
      const requestId = i.instances.find((x) => x.instance === v.instance)?.requestId ?? null;
      out.push({ text: `    ${escapeControl(v.instance)}  ${parts.join('; ')}`, instance: v.instance, requestId });
    }
    const backend = i.volumeBackendOnHost === true
      ? `yes, cinder-volume names ${i.volumeBackends.map(escapeControl).join(', ')}: an instance whose volume it manages cannot reach it while the host is down`
      : i.volumeBackendOnHost === false ? 'none named by the cinder-volume log given' : 'unknown (no cinder-volume log given)';
    text(`    volume backend on ${escapeControl(i.host)}: ${backend}`);
  }
  if (i.unknown.length > 0) {
    text('');
    text('  unknown from these logs:');
    for (const u of i.unknown) text(`    ${escapeControl(u)}`);
  }
  return out;
}
