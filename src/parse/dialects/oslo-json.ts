// oslo.log's JSONFormatter and FluentFormatter: one record a line with message, name, levelname (or level),
// created/time, process, funcname, pathname/filename, lineno, hostname, context{...}, traceback[...].

import type { DialectModule, LineContext } from '../dialect.js';
import type { Body } from '../oslo-body.js';
import { level, lines, location, nonEmpty, num, obj, parseObject, str } from './json-fields.js';
import type { Json } from './json-fields.js';
import { readDateTime, readFraction } from '../time.js';

function instanceOf(record: Json): string | null {
  const extra = obj(record, 'extra');
  const candidates = [
    extra && str(extra, 'instance_uuid'),
    extra && obj(extra, 'instance') && str(obj(extra, 'instance') as Json, 'uuid'),
    str(record, 'instance_uuid'),
  ];
  const found = candidates.find((c): c is string => typeof c === 'string' && /^[0-9a-f-]{36}$/i.test(c));
  return found ? found.toLowerCase() : null;
}

function timeOf(record: Json, ctx: LineContext): [number, number] | null {
  const created = num(record, 'created') ?? num(record, 'time');
  if (created !== null) return [created * 1000, 6];
  const asctime = str(record, 'asctime') ?? str(record, 'time');
  if (asctime === null) return null;
  const whole = readDateTime(asctime, 0, ctx.zone, ctx.scratch.minute);
  if (Number.isNaN(whole)) return null;
  const msecs = num(record, 'msecs');
  if (msecs !== null) return [whole + msecs, 3];
  const [fraction, precision] = readFraction(asctime, 19);
  return [whole + fraction, precision];
}

export const osloJson: DialectModule = {
  name: 'oslo-json',
  parse(line, ctx) {
    if (!line.includes('"message"')) return null;
    const r = parseObject(line);
    if (!r) return null;
    const message = str(r, 'message');
    const logger = str(r, 'name');
    const lvl = level(str(r, 'levelname') ?? str(r, 'level'));
    if (message === null || logger === null || lvl === null) return null;
    const when = timeOf(r, ctx);
    const context = obj(r, 'context') ?? {};
    const prefixed = /^\[instance: ([0-9a-f-]{36})\] /i.exec(message);
    const requestId = nonEmpty(str(context, 'request_id'));
    const body: Body = {
      level: lvl,
      logger,
      hasContext: requestId !== null,
      globalRequestId: nonEmpty(str(context, 'global_request_id')),
      requestId,
      user: nonEmpty(str(context, 'user_name') ?? str(context, 'user') ?? str(context, 'user_id')),
      project: nonEmpty(str(context, 'project_name') ?? str(context, 'project_id') ?? str(context, 'tenant')),
      instance: instanceOf(r) ?? prefixed?.[1]?.toLowerCase() ?? null,
      message: prefixed ? message.slice(prefixed[0].length) : message,
      location: location(str(r, 'funcname') ?? str(r, 'funcName'), str(r, 'pathname') ?? str(r, 'filename'), num(r, 'lineno')),
    };
    return {
      dialect: 'oslo-json',
      time: when ? when[0] : null,
      precision: when ? when[1] : 0,
      pid: num(r, 'process'),
      host: str(r, 'hostname'),
      ident: null,
      fileHint: null,
      body,
      text: message,
      continuation: lines(r['traceback']),
    };
  },
};
