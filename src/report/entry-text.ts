// One entry as a merged-stream line: `<UTC time> [host/svc] LEVEL logger [req] [instance: x] message`, then
// its continuation lines indented. All log text goes through escapeControl.

import { basename } from 'node:path';
import type { LogEntry, Service } from '../model/entry.js';
import { shortHost } from '../model/entry.js';
import { fileStem } from '../parse/origin.js';
import { formatIso } from '../format/time.js';
import { escapeControl } from '../format/escape.js';
import type { Paint } from '../format/paint.js';
import { NO_PAINT, hostColor, levelColor } from '../format/paint.js';

const SHORT_SERVICE: Readonly<Record<Service, string>> = {
  api: 'n-api', conductor: 'n-cond', scheduler: 'n-sch', compute: 'n-cpu', other: '',
};

/** `[hp-ms-01-c29/n-cpu]`; a service novatrace does not time is named by its file (`server`, `nova-cert`). */
export function sourceAlias(entry: LogEntry): string {
  let service = SHORT_SERVICE[entry.service];
  if (service === '') {
    service = fileStem(basename(entry.file)) || 'other';
  }
  const host = entry.host === null ? '' : `${shortHost(entry.host)}/`;
  return `${host}${service}`;
}

export function formatTime(entry: LogEntry): string {
  return entry.time === null ? '-'.padEnd(24) : formatIso(entry.time, Math.max(3, entry.precision));
}

export function formatEntry(entry: LogEntry, paint: Paint = NO_PAINT): string {
  const alias = escapeControl(sourceAlias(entry));
  const parts = [formatTime(entry), paint.on && entry.host !== null ? paint.color(hostColor(shortHost(entry.host)), `[${alias}]`) : `[${alias}]`];
  if (entry.level !== null) parts.push(paint.color(levelColor(entry.level), entry.level));
  if (entry.logger !== null) parts.push(escapeControl(entry.logger));
  const ids = [entry.globalRequestId, entry.requestId].filter((x): x is string => x !== null);
  if (ids.length > 0) parts.push(`[${escapeControl(ids.join(' '))}]`);
  else if (entry.level !== null) parts.push('[-]');
  if (entry.instance !== null) parts.push(`[instance: ${entry.instance}]`);
  parts.push(escapeControl(entry.message));
  let text = parts.join(' ');
  for (const line of entry.continuation) text += `\n    ${escapeControl(line)}`;
  return text;
}
