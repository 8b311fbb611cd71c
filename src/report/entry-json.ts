// One entry as an NDJSON record (schema in docs/json.md, "merge --json").

import type { LogEntry } from '../model/entry.js';
import type { EntryRecord } from '../model/records.js';
import { formatIso } from '../format/time.js';
import { safeJson } from '../format/escape.js';

export function entryRecord(entry: LogEntry): EntryRecord {
  return {
    time: entry.time === null ? null : formatIso(entry.time, Math.max(3, entry.precision)),
    epochMs: entry.time,
    service: entry.service,
    host: entry.host,
    pid: entry.pid,
    level: entry.level,
    logger: entry.logger,
    globalRequestId: entry.globalRequestId,
    requestId: entry.requestId,
    user: entry.user,
    project: entry.project,
    instance: entry.instance,
    message: entry.message,
    location: entry.location,
    continuation: entry.continuation,
    file: entry.file,
    line: entry.line,
    dialect: entry.dialect,
  };
}

export function formatEntryJson(entry: LogEntry): string {
  return safeJson(entryRecord(entry));
}
