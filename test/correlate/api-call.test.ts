// nova-api's access and dispatch lines, every wording the catalog lists (section 3, 10) and the Italian seen in
// the Queens set.

import { describe, expect, it } from 'vitest';
import { readApiAction, readApiCall, readServerPath } from '../../src/correlate/api-call.js';
import { parseLines } from '../helpers.js';

function entry(line: string, path = 'n-api.log') {
  const { entries } = parseLines([line], path);
  const e = entries[0];
  if (!e) throw new Error(`no entry from ${line}`);
  return e;
}

describe('access lines', () => {
  it.each([
    ['requestlog (uwsgi, Pike+)', '2026-11-22 02:40:04.125 22607 INFO nova.api.openstack.requestlog [None req-0947ca7b-8d96-4694-aa35-a8881188621d u p - - default default] 127.0.0.1 "POST /v2.1/servers" status: 202 len: 370 microversion: 2.92 time: 0.894599', 'POST', '/v2.1/servers', 202],
    ['eventlet wsgi.server', '2018-06-27 09:36:59.390 28776 INFO nova.osapi_compute.wsgi.server [req-5dabbeb2-c39a-4305-ae03-df6c76f546a8 - - - - -] 10.0.20.46 "POST /v2.1/26773a1c7926427a8bb239916edf9c6d/servers HTTP/1.1" status: 403 len: 495 time: 2.8721631', 'POST', '/v2.1/26773a1c7926427a8bb239916edf9c6d/servers', 403],
    ['with a query string', '2026-11-22 02:40:04.125 22607 INFO nova.api.openstack.requestlog [None req-0947ca7b-8d96-4694-aa35-a8881188621d u p - - default default] 127.0.0.1 "GET /v2.1/servers/detail?all_tenants=1" status: 200 len: 15 microversion: 2.92 time: 0.1', 'GET', '/v2.1/servers/detail', 200],
  ])('%s', (_name, line, method, path, status) => {
    expect(readApiCall(entry(line))).toMatchObject({ method, path, status });
  });

  it('ignores access-looking text from other loggers', () => {
    expect(readApiCall(entry('2026-11-22 02:40:04.125 22607 INFO nova.compute.api [-] "POST /v2.1/servers" status: 202'))).toBeNull();
  });
});

describe('dispatch lines', () => {
  it.each([
    ['Juno+', `Action: 'action', calling method: <bound method ServersController._stop_server of <nova.api.openstack.compute.servers.ServersController object at 0x7f>>, body: {"os-stop": null}`, 'os-stop', 'ServersController._stop_server'],
    ['Grizzly/Icehouse', `Action: 'action', body: {"reboot": {"type": "HARD"}}`, 'reboot', null],
    ['Italian (Queens set)', `Azione: 'create', metodo chiamata: <bound method ServersController.create of <nova.api.openstack.compute.servers.ServersController object at 0x7f>>, corpo: {"server": {"name": "vm"}}`, 'server', 'ServersController.create'],
  ])('%s', (_name, message, key, handler) => {
    const line = `2026-11-22 02:40:04.000 22607 DEBUG nova.api.openstack.wsgi [None req-0947ca7b-8d96-4694-aa35-a8881188621d u p - - default default] ${message}`;
    expect(readApiAction(entry(line))).toMatchObject({ key, handler });
  });
});

describe('server paths', () => {
  const id = '2af41595-5a28-418d-8ca0-6fabdcf463c8';
  it.each([
    ['/v2.1/servers', { kind: 'servers', server: null }],
    [`/compute/v2.1/servers/${id}`, { kind: 'server', server: id }],
    [`/v2/807a77751fc84631875e6bc15f58e0c7/servers/${id}/action`, { kind: 'action', server: id }],
    [`/v2.1/servers/${id}/os-volume_attachments`, { kind: 'volume-attachments', server: id }],
    [`/v2.1/servers/${id}/os-volume_attachments/0b5f`, { kind: 'volume-attachment', server: id }],
    [`/v2.1/servers/${id}/os-interface/port-1`, { kind: 'interface', server: id }],
    ['/v2.1/flavors', null],
    ['/v2.1/servers/detail', null],
  ])('%s', (path, want) => {
    expect(readServerPath(path)).toEqual(want);
  });
});

describe('one line read twice in a row (the engine, then the host facts)', () => {
  const POST = '2026-11-22 02:40:04.125 22607 INFO nova.api.openstack.requestlog [None req-0947ca7b-8d96-4694-aa35-a8881188621d u p - - default default] 127.0.0.1 "POST /v2.1/servers" status: 202 len: 370 microversion: 2.92 time: 0.894599';
  const GET = '2026-11-22 02:40:05.125 22607 INFO nova.api.openstack.requestlog [None req-1947ca7b-8d96-4694-aa35-a8881188621d u p - - default default] 127.0.0.1 "GET /v2.1/servers/detail" status: 200 len: 15 microversion: 2.92 time: 0.1';
  const DISPATCH = "2026-11-22 02:40:04.001 22607 DEBUG nova.api.openstack.wsgi [None req-0947ca7b-8d96-4694-aa35-a8881188621d u p - - default default] Action: 'action', calling method: <bound method ServersController._stop_server of <nova.api.openstack.compute.servers.ServersController object at 0x7f>>, body: {\"os-stop\": null} _process_stack /opt/stack/nova/nova/api/openstack/wsgi.py:511";

  it('gives the same answer once read, and each line its own between them', () => {
    const post = entry(POST);
    const get = entry(GET);
    const first = readApiCall(post);
    expect(readApiCall(post)).toBe(first);
    expect(readApiCall(get)).toMatchObject({ method: 'GET', status: 200 });
    expect(readApiCall(post)).toEqual(first);
    // A line of the same text but another entry is read for itself.
    expect(readApiCall(entry(POST))).toEqual(first);
  });

  it('so does a dispatch line', () => {
    const dispatch = entry(DISPATCH);
    const first = readApiAction(dispatch);
    expect(first).toMatchObject({ name: 'action', key: 'os-stop' });
    expect(readApiAction(dispatch)).toBe(first);
    expect(readApiAction(entry(GET))).toBeNull();
    expect(readApiAction(dispatch)).toEqual(first);
  });
});
