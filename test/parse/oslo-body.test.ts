// The oslo body's shortcuts on the worker's hot path give what reading the line in full gives: a DEBUG suffix found
// by its end once the code location table knows it (CodeLocations.known), and a context bracket remembered two deep
// (a request's lines interleaved with `[-]` lines). Expected values are written out by hand.

import { describe, expect, it } from 'vitest';
import type { CodeLocation } from '../../src/model/entry.js';
import { CodeLocations } from '../../src/parse/code-locations.js';
import type { Context } from '../../src/parse/oslo-body.js';
import { newBodyScratch, parseBody, splitDebugSuffix } from '../../src/parse/oslo-body.js';

const AMQP = '/usr/lib/python3/dist-packages/oslo_messaging/_drivers/amqpdriver.py';

describe('CodeLocations.known', () => {
  it('gives a suffix find() read before by the text\'s end: where it starts and its record', () => {
    const table = new CodeLocations();
    const text = `received reply msg_id: 09f _send ${AMQP}:296`;
    const sp1 = text.indexOf(' _send');
    const location = table.find(text, sp1, sp1 + 6, text.lastIndexOf(':'), 296);
    expect(location).toEqual({ func: '_send', file: AMQP, line: 296 });
    const other = `CALL msg_id: 8f4 exchange 'nova' _send ${AMQP}:296`;
    const known = table.known(other, 296);
    expect(known?.at).toBe(other.indexOf('_send'));
    expect(known?.location).toBe(location);
  });

  it.each([
    ['another line number', `x _send ${AMQP}:297`, 297],
    ['another function', `x _call ${AMQP}:296`, 296],
    ['no space before the suffix (the text is the suffix)', `_send ${AMQP}:296`, 296],
    ['the suffix glued to a word', `x y_send ${AMQP}:296`, 296],
  ])('is null for %s', (_name, text, line) => {
    const table = new CodeLocations();
    const seen = `a _send ${AMQP}:296`;
    table.find(seen, 1, 7, seen.lastIndexOf(':'), 296);
    expect(table.known(text, line)).toBeNull();
  });

  it('knows a suffix that is not a code location (not a Python path) as one: null location', () => {
    const table = new CodeLocations();
    const seen = 'copied 3 files to /tmp/x:5';
    expect(table.find(seen, seen.indexOf(' to '), seen.indexOf(' /tmp'), seen.lastIndexOf(':'), 5)).toBeNull();
    const known = table.known('moved 2 files to /tmp/x:5', 5);
    expect(known).not.toBeNull();
    expect(known?.at).toBe('moved 2 files '.length);
    expect(known?.location).toBeNull();
  });
});

describe('splitDebugSuffix with the table cold and warm', () => {
  const cases: readonly [string, string, string, CodeLocation | null][] = [
    ['a plain suffix', `CALL msg_id: 8f4 _send ${AMQP}:448`, 'CALL msg_id: 8f4', { func: '_send', file: AMQP, line: 448 }],
    ['a message with colons and digits', `Lock "x" acquired :: waited 0.000s inner /opt/stack/nova/utils.py:12`, 'Lock "x" acquired :: waited 0.000s', { func: 'inner', file: '/opt/stack/nova/utils.py', line: 12 }],
    ['devstack\'s older from (pid=N)', 'Got it from (pid=1705) get_x /opt/stack/nova/nova/x.py:7', 'Got it', { func: 'get_x', file: '/opt/stack/nova/nova/x.py', line: 7 }],
    ['nine digits', 'msg f /a/b.py:123456789', 'msg', { func: 'f', file: '/a/b.py', line: 123456789 }],
    ['ten digits', 'msg f /a/b.py:1234567890', 'msg f /a/b.py:1234567890', null],
    ['no colon before the digits', 'msg f /a/b.py 12', 'msg f /a/b.py 12', null],
    ['a file that is not Python', 'msg f /a/b.txt:12', 'msg f /a/b.txt:12', null],
    ['a file without a folder', 'msg f b.py:12', 'msg f b.py:12', null],
    ['no function (two spaces)', 'msg  /a/b.py:12', 'msg  /a/b.py:12', null],
    ['a space right after the colon', 'msg f /a/b.py: 12', 'msg f /a/b.py: 12', null],
  ];

  it.each(cases)('%s', (_name, text, message, location) => {
    const scratch = newBodyScratch(new CodeLocations());
    const cold = splitDebugSuffix(text, scratch);
    expect(cold).toEqual([message, location]);
    // Read again with what the first reading taught the table (and a second line ending the same way).
    expect(splitDebugSuffix(text, scratch)).toEqual([message, location]);
    expect(splitDebugSuffix(`other words ${text}`, scratch)).toEqual([`other words ${message}`, location]);
  });

  it('reads no suffix in a text that is the suffix alone, though the table knows it', () => {
    const scratch = newBodyScratch(new CodeLocations());
    expect(splitDebugSuffix('f /a/b.py:12', scratch)).toEqual(['f /a/b.py:12', null]);
    expect(splitDebugSuffix('msg f /a/b.py:12', scratch)).toEqual(['msg', { func: 'f', file: '/a/b.py', line: 12 }]);
    expect(splitDebugSuffix('f /a/b.py:12', scratch)).toEqual(['f /a/b.py:12', null]);
  });

  it('gives one shared record for one suffix, read cold or warm', () => {
    const scratch = newBodyScratch(new CodeLocations());
    const [, first] = splitDebugSuffix(`a _send ${AMQP}:448`, scratch);
    const [, second] = splitDebugSuffix(`b c _send ${AMQP}:448`, scratch);
    expect(second).toBe(first);
  });
});

describe('parseBody: context brackets interleaved', () => {
  const A = '[req-aaaaaaaa-1111-4111-8111-111111111111 u1 p1]';
  const B = '[req-bbbbbbbb-2222-4222-8222-222222222222 - -]';
  const contextA: Context = { globalRequestId: null, requestId: 'req-aaaaaaaa-1111-4111-8111-111111111111', user: 'u1', project: 'p1' };
  const contextB: Context = { globalRequestId: null, requestId: 'req-bbbbbbbb-2222-4222-8222-222222222222', user: null, project: null };
  const none: Context = { globalRequestId: null, requestId: null, user: null, project: null };

  it('reads each line\'s own context whatever the lines before it', () => {
    const scratch = newBodyScratch(new CodeLocations());
    const lines: readonly [string, Context, boolean, string][] = [
      [`INFO nova.x ${A} one`, contextA, true, 'one'],
      ['INFO nova.x [-] two', none, true, 'two'],
      [`INFO nova.x ${A} three`, contextA, true, 'three'],
      ['INFO nova.x [-] four', none, true, 'four'],
      [`INFO nova.x ${B} five`, contextB, true, 'five'],
      [`INFO nova.x ${A} six`, contextA, true, 'six'],
      [`INFO nova.x ${B} seven`, contextB, true, 'seven'],
      ['INFO nova.x [instance: 0f3c2a77-0b1f-4c8e-9a4e-2d6b1c5e7f80] eight', none, false, 'eight'],
      [`INFO nova.x ${B} nine`, contextB, true, 'nine'],
      ['INFO nova.x [-] ten', none, true, 'ten'],
      [`INFO nova.x ${A}x eleven`, contextA, true, 'x eleven'],
      ['INFO nova.x [req-aaaaaaaa-1111-4111-8111-111111111111 u1 p2] twelve', { ...contextA, project: 'p2' }, true, 'twelve'],
    ];
    for (const [line, context, hasContext, message] of lines) {
      const body = parseBody(line, 0, scratch);
      expect({ globalRequestId: body?.globalRequestId, requestId: body?.requestId, user: body?.user, project: body?.project }).toEqual(context);
      expect(body?.hasContext).toBe(hasContext);
      expect(body?.message).toBe(message);
    }
  });
});
