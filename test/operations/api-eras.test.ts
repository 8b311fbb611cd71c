// Server operations of every era's compute API (fixtures/api-eras: nova-api logs in Juno's v2 eventlet, Queens'
// v2.1 eventlet and Zed's uwsgi formats, one request per action or path): each is an operation of its type, with
// its request ID and the API's answer. The expected type of each request is read from its own dispatch line and
// path through the table below, written from Nova's API reference, not from novatrace.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeInProcess } from '../helpers.js';

// Action name (the body's key) -> operation; and the release span nova-api accepted it in.
const ACTIONS: Readonly<Record<string, string>> = {
  addFloatingIp: 'add-floating-ip', // v2 .. v2.1 microversion 2.43
  removeFloatingIp: 'remove-floating-ip', // v2 .. 2.43
  addSecurityGroup: 'add-security-group', // v2 ..
  removeSecurityGroup: 'remove-security-group', // v2 ..
  changePassword: 'change-password', // v2 ..
  addFixedIp: 'add-fixed-ip', // v2 .. 2.43
  removeFixedIp: 'remove-fixed-ip', // v2 .. 2.43
  resetNetwork: 'reset-network', // v2 .. Mitaka (removed in Newton)
  injectNetworkInfo: 'inject-network-info', // v2 ..
  'os-resetState': 'reset-state', // v2 ..
  restore: 'restore', // v2 .. (soft delete)
  forceDelete: 'delete', // v2 .. (soft delete)
  createBackup: 'snapshot', // v2 ..
  trigger_crash_dump: 'trigger-crash-dump', // 2.17 ..
  force_complete: 'live-migrate-force-complete', // 2.22 ..
};
// Paths without an action body -> operation.
const PATHS: readonly (readonly [string, RegExp, string])[] = [
  ['POST', /\/os-volumes_boot$/, 'boot'], // v2 (Grizzly .. Kilo), kept in v2.1
  ['PUT', /\/servers\/[0-9a-f-]{36}\/os-volume_attachments\/[0-9a-f-]{36}$/, 'swap-volume'],
  ['DELETE', /\/servers\/[0-9a-f-]{36}\/migrations\/\d+$/, 'live-migrate-abort'], // 2.24 ..
];

const REQ = /\[(?:None )?(req-[0-9a-f-]{36})/;
const ACCESS = /"(POST|PUT|DELETE) (\S+?)(?: HTTP\/1\.1)?" status: (\d+)/;
const BODY_KEY = /(?:body|corpo): \{"([^"]+)"/;

function expected(file: string): { type: string; request: string; status: number }[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  return lines.flatMap((l) => {
    const access = ACCESS.exec(l);
    if (access === null) return [];
    const request = REQ.exec(l)?.[1] as string;
    const key = lines.map((d) => (d.includes(request) ? BODY_KEY.exec(d)?.[1] : undefined)).find((k) => k !== undefined);
    const byKey = key === undefined ? undefined : ACTIONS[key];
    const byPath = PATHS.find(([method, re]) => method === access[1] && re.test(access[2] as string))?.[2];
    const type = byKey ?? byPath;
    if (type === undefined) throw new Error(`no expected type for ${l}`);
    return [{ type, request, status: Number(access[3]) }];
  });
}

describe('analyze on every era\'s compute API paths and action names (fixtures/api-eras)', () => {
  it.each(['juno', 'queens', 'zed'])('%s: each request is an operation of its type', async (era) => {
    const file = `fixtures/api-eras/${era}/n-api.log`;
    const want = expected(file);
    expect(want.length).toBeGreaterThan(0);
    const r = await analyzeInProcess([file]);
    expect(r.code).toBe(0);
    const ops = (JSON.parse(r.stdout) as { operations: { type: string; requestIds: string[]; httpStatus: number | null }[] }).operations;
    expect(ops.map((o) => ({ type: o.type, request: o.requestIds[0], status: o.httpStatus }))).toEqual(want);
  });

  it('the table covers every action the fixtures use', () => {
    const keys = ['juno', 'queens', 'zed'].flatMap((era) => readFileSync(`fixtures/api-eras/${era}/n-api.log`, 'utf8').split('\n').map((l) => BODY_KEY.exec(l)?.[1]).filter((k) => k !== undefined));
    for (const k of keys) if (k !== 'server' && k !== 'volumeAttachment') expect(ACTIONS[k as string], k).toBeDefined();
  });
});
