// `journalctl -o json`: one journal record a line. With oslo.log's journal handler the record carries the logger,
// level, code location and request fields; otherwise MESSAGE holds devstack's oslo body, or plain text.

import type { DialectModule } from '../dialect.js';
import { parseBody, stripAnsi } from '../oslo-body.js';
import type { Body } from '../oslo-body.js';
import { level, lines, location, nonEmpty, num, parseObject, str } from './json-fields.js';

// syslog PRIORITY -> level, for records that carry no LOGGER_LEVEL.
const PRIORITY = ['CRITICAL', 'CRITICAL', 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'INFO', 'DEBUG'] as const;

function messageText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  // journald stores non-UTF-8 or control-heavy messages as a byte array.
  if (Array.isArray(value) && value.every((b) => typeof b === 'number')) return Buffer.from(value as number[]).toString('utf8');
  return null;
}

export const journaldJson: DialectModule = {
  name: 'journald-json',
  parse(line, ctx) {
    if (!line.includes('"__REALTIME_TIMESTAMP"')) return null;
    const r = parseObject(line);
    if (!r) return null;
    const micros = str(r, '__REALTIME_TIMESTAMP');
    const message = messageText(r['MESSAGE']);
    if (micros === null || !/^\d+$/.test(micros) || message === null) return null;
    const time = Number(micros) / 1000;
    const loggerName = str(r, 'LOGGER_NAME');
    // oslo's journal handler sends the whole formatted record as MESSAGE (devstack's oslo body, colours and
    // all, with traceback lines prefixed) and repeats the traceback in EXCEPTION_TEXT.
    const [first = '', ...rest] = stripAnsi(message).split('\n');
    const parsedBody = parseBody(first, 0, ctx.scratch.body, ctx.lite);
    let body: Body | null = parsedBody;
    if (loggerName !== null && (parsedBody === null || parsedBody.logger !== loggerName)) {
      const priority = num(r, 'PRIORITY');
      const lvl = level(str(r, 'LOGGER_LEVEL')) ?? (priority !== null ? PRIORITY[priority] ?? null : null) ?? 'INFO';
      const prefixed = /^\[instance: ([0-9a-f-]{36})\] /i.exec(first);
      const requestId = nonEmpty(str(r, 'REQUEST_ID'));
      body = {
        level: lvl,
        logger: loggerName,
        hasContext: requestId !== null,
        globalRequestId: nonEmpty(str(r, 'GLOBAL_REQUEST_ID')),
        requestId,
        user: nonEmpty(str(r, 'USER_NAME')),
        project: nonEmpty(str(r, 'PROJECT_NAME')),
        instance: prefixed?.[1]?.toLowerCase() ?? null,
        message: prefixed ? first.slice(prefixed[0].length) : first,
        location: null,
      };
    }
    if (body !== null && body.location === null && loggerName !== null) {
      body = { ...body, location: location(str(r, 'CODE_FUNC'), str(r, 'CODE_FILE'), num(r, 'CODE_LINE')) };
    }
    // Traceback lines inside MESSAGE carry the exception prefix: keep what follows it.
    const continuation = rest.map((line) => {
      const inner = body ? parseBody(line, 0, ctx.scratch.body) : null;
      return inner && !inner.hasContext && inner.logger === body?.logger ? inner.message : line;
    });
    if (continuation.length === 0) continuation.push(...lines(r['EXCEPTION_TEXT']));
    const pid = num(r, '_PID');
    const ident = str(r, 'SYSLOG_IDENTIFIER') ?? str(r, '_SYSTEMD_UNIT');
    return {
      dialect: 'journald-json',
      time,
      precision: 6,
      pid,
      host: str(r, '_HOSTNAME'),
      ident,
      fileHint: str(r, '_SYSTEMD_UNIT'),
      body,
      text: body ? body.message : first,
      continuation,
    };
  },
};
