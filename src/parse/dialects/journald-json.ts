// `journalctl -o json`: one journal record a line. With oslo.log's journal handler the record carries the logger,
// level, code location and request fields; otherwise MESSAGE holds devstack's oslo body, or plain text.

import type { DialectModule } from '../dialect.js';
import { parseBody } from '../oslo-body.js';
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
    let body: Body | null = null;
    if (loggerName !== null) {
      const priority = num(r, 'PRIORITY');
      const lvl = level(str(r, 'LOGGER_LEVEL')) ?? (priority !== null ? PRIORITY[priority] ?? null : null) ?? 'INFO';
      const parsedMessage = /^\[instance: ([0-9a-f-]{36})\] /i.exec(message);
      const requestId = nonEmpty(str(r, 'REQUEST_ID'));
      body = {
        level: lvl,
        logger: loggerName,
        hasContext: requestId !== null,
        globalRequestId: nonEmpty(str(r, 'GLOBAL_REQUEST_ID')),
        requestId,
        user: nonEmpty(str(r, 'USER_NAME')),
        project: nonEmpty(str(r, 'PROJECT_NAME')),
        instance: parsedMessage?.[1]?.toLowerCase() ?? null,
        message: parsedMessage ? message.slice(parsedMessage[0].length) : message,
        location: location(str(r, 'CODE_FUNC'), str(r, 'CODE_FILE'), num(r, 'CODE_LINE')),
      };
    } else {
      body = parseBody(message, 0, ctx.lite);
    }
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
      text: body ? body.message : message,
      continuation: lines(r['EXCEPTION_TEXT']),
    };
  },
};
