// One entry as a merged-stream line: `<UTC time> [host/svc] LEVEL logger [req] [instance: x] message`, then
// its continuation lines indented. All log text goes through escapeControl.

import { basename } from 'node:path';
import type { Level, LogEntry, Service } from '../model/entry.js';
import { shortHost } from '../model/entry.js';
import { fileStem } from '../parse/origin.js';
import { formatIso } from '../format/time.js';
import { escapeControl } from '../format/escape.js';
import { PairTextCache } from '../format/text-cache.js';
import type { Paint } from '../format/paint.js';
import { hostColor, levelColor } from '../format/paint.js';

const SHORT_SERVICE: Readonly<Record<Service, string>> = {
  api: 'n-api', conductor: 'n-cond', scheduler: 'n-sch', compute: 'n-cpu', other: '',
};

/** `[hp-ms-01-c29/n-cpu]`; a service novatrace does not time is named by its file (`server`, `nova-cert`). */
export function sourceAlias(entry: Pick<LogEntry, 'service' | 'host' | 'file'>): string {
  let service = SHORT_SERVICE[entry.service];
  if (service === '') {
    service = fileStem(basename(entry.file)) || 'other';
  }
  const host = entry.host === null ? '' : `${shortHost(entry.host)}/`;
  return `${host}${service}`;
}

/** The time column: a timeless (message-only) entry keeps the column's width. */
const NO_TIME = '-'.padEnd(24);

interface Source {
  readonly service: Service;
  readonly host: string | null;
  /** ` [host/svc]`, painted in the host's colour. */
  readonly text: string;
}

/**
 * merge's per-entry hot path in text. A line made of many small strings costs as much again to flatten when it is
 * written: the runs entries repeat are kept as one text each, each source's ` [host/svc]` (per file, service and
 * host: a merged file interleaves hosts) and each level and logger's ` LEVEL logger` (painted, escaped).
 */
export function entryTextFormatter(paint: Paint): (entry: LogEntry) => string {
  const sources = new Map<string, Source[]>();
  /** ` LEVEL logger`, either absent. */
  const loggers = new PairTextCache<string | null, Level | null>((logger, level) =>
    `${level === null ? '' : ` ${paint.color(levelColor(level), level)}`}${logger === null ? '' : ` ${escapeControl(logger)}`}`);

  const sourceText = (entry: LogEntry): string => {
    let known = sources.get(entry.file);
    if (known === undefined) {
      if (sources.size >= 4096) sources.clear();
      known = [];
      sources.set(entry.file, known);
    }
    for (const s of known) if (s.service === entry.service && s.host === entry.host) return s.text;
    const alias = `[${escapeControl(sourceAlias(entry))}]`;
    const text = ` ${paint.on && entry.host !== null ? paint.color(hostColor(shortHost(entry.host)), alias) : alias}`;
    if (known.length < 64) known.push({ service: entry.service, host: entry.host, text });
    return text;
  };

  return (e) => {
    let text = `${e.time === null ? NO_TIME : formatIso(e.time, Math.max(3, e.precision))}${sourceText(e)}${loggers.get(e.logger, e.level)}`;
    const g = e.globalRequestId;
    const r = e.requestId;
    if (g !== null || r !== null) {
      text += g !== null && r !== null ? ` [${escapeControl(g)} ${escapeControl(r)}]` : ` [${escapeControl((g ?? r) as string)}]`;
    } else if (e.level !== null) {
      text += ' [-]';
    }
    if (e.instance !== null) text += ` [instance: ${e.instance}]`;
    text += ` ${escapeControl(e.message)}`;
    for (const line of e.continuation) text += `\n    ${escapeControl(line)}`;
    return text;
  };
}
