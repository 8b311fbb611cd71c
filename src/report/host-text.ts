// `novatrace host` as text: per incident, the host's silence, what Nova said and did about it, each instance's
// fate, the host's return and what the logs cannot tell.

import { formatDuration } from '../format/duration.js';
import { escapeControl } from '../format/escape.js';
import { formatIso } from '../format/time.js';
import type { HostIncident } from '../model/host-incident.js';

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

export function formatHostIncident(i: HostIncident): string {
  const out: string[] = [];
  const silence = i.silenceMs === null ? 'unknown' : formatDuration(i.silenceMs);
  out.push(`host-failure of ${escapeControl(i.host)}: ${incidentSummary(i)}`);
  const ended = i.ended === 'clean' ? 'clean: a service stop was logged' : i.ended === 'abrupt' ? 'abrupt: no service stop logged' : 'unknown';
  out.push(`  last line ${at(i.lastLine)}, then silent for ${silence}; ended ${ended}`);
  if (i.events.length > 0) {
    out.push('');
    out.push('  what Nova said and did:');
    for (const e of i.events) {
      out.push(`    ${at(e.time)}  ${e.kind.padEnd(17)} ${e.service.padEnd(9)} ${escapeControl(e.requestId ?? '-')}  ${escapeControl(e.message.slice(0, 160))}`);
    }
  }
  if (i.evacuations.length > 0) {
    out.push('');
    out.push('  evacuations:');
    for (const r of i.evacuations) {
      const lookup = r.lookup === null ? '' : ` after hypervisor lookup ${escapeControl(r.lookup.requestId ?? '-')} at ${at(r.lookup.time)}`;
      out.push(`    ${r.kind} of ${r.instances.length} instance${r.instances.length === 1 ? '' : 's'}${lookup}: ${r.requestIds.map(escapeControl).join(', ')}`);
    }
  }
  out.push('');
  out.push('  instances:');
  for (const x of i.instances) {
    const dest = x.destination === null ? '' : ` -> ${escapeControl(x.destination)}`;
    out.push(`    ${x.instance}  ${x.fate.padEnd(13)} ${escapeControl(x.requestId ?? '-')}${dest}`);
    for (const op of x.operations) {
      if (op.requestIds[0] === x.requestId) continue;
      out.push(`      also ${op.type} ${op.outcome}${op.httpStatus === null ? '' : ` (HTTP ${op.httpStatus})`} ${escapeControl(op.requestIds[0] ?? '-')} at ${at(op.start)}`);
    }
  }
  out.push('');
  if (i.returned === null) {
    out.push('  returned: not in the logs given');
  } else {
    const r = i.returned;
    out.push(`  returned: first line ${at(r.time)}, started ${at(r.started)}`);
    for (const c of r.cleanups) {
      out.push(`    ${at(c.time)}  ${c.failed ? 'clean-up FAILED' : 'clean-up'}  ${escapeControl(c.instance ?? '-')}  ${escapeControl(c.message.slice(0, 120))}`);
    }
    for (const p of r.problems) out.push(`    problem: ${escapeControl(p)}`);
  }
  if (i.unknown.length > 0) {
    out.push('');
    out.push('  unknown from these logs:');
    for (const u of i.unknown) out.push(`    ${escapeControl(u)}`);
  }
  return out.join('\n');
}
