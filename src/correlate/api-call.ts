// nova-api's own account of a request: the access line (method, path, status) and the DEBUG dispatch line
// (`Action: 'action', calling method: ..., body: {"os-stop": null}`), read off entries of the api service.

import type { LogEntry } from '../model/entry.js';

export interface ApiCall {
  readonly method: string;
  /** The path, without its query. */
  readonly path: string;
  /** The request target as logged: the path and its query (`/v2.1/os-hypervisors?hypervisor_hostname_pattern=c2`). */
  readonly target: string;
  readonly status: number;
  /** When the access line was written: the end of the API request. */
  readonly time: number | null;
  /** The request's wall time the access line gives (`time: 0.6236281`), in milliseconds; null when it gives none. */
  readonly tookMs: number | null;
}

export interface ApiAction {
  /** The controller method's kind: `action` (a server action), `create`, `update`; `call` for a request without a body. */
  readonly name: string;
  /** The body's first key: `os-stop`, `reboot`, `server`, ... */
  readonly key: string | null;
  readonly body: string;
  /** The handler, when the line names it (`ServersController._stop_server`). */
  readonly handler: string | null;
}

// requestlog (uwsgi, Pike+): `1.2.3.4 "POST /v2.1/servers" status: 202 len: 370 microversion: 2.92 time: 0.89`
// eventlet wsgi.server (Grizzly-2025.1): `1.2.3.4 "POST /v2.1/servers HTTP/1.1" status: 202 len: 412 time: 0.62`
const ACCESS = /"(GET|POST|PUT|DELETE|PATCH|HEAD) ([^" ]+)(?: HTTP\/[\d.]+)?" status: (\d{3})\b/;
const TOOK = / time: (\d+(?:\.\d+)?)\s*$/;
const ACCESS_LOGGERS = new Set(['nova.api.openstack.requestlog', 'nova.osapi_compute.wsgi.server']);

/**
 * The last entry read and what it said: the engine and the host facts read the same access line one after the
 * other (entries are not changed once made, so the answer is the same).
 */
let lastCallOf: LogEntry | null = null;
let lastCall: ApiCall | null = null;

export function readApiCall(entry: LogEntry): ApiCall | null {
  if (entry.logger === null || !ACCESS_LOGGERS.has(entry.logger)) return null;
  if (entry === lastCallOf) return lastCall;
  lastCall = accessLine(entry);
  lastCallOf = entry;
  return lastCall;
}

function accessLine(entry: LogEntry): ApiCall | null {
  const m = ACCESS.exec(entry.message);
  if (!m) return null;
  const took = TOOK.exec(entry.message)?.[1];
  const target = m[2] as string;
  return {
    method: m[1] as string, path: target.split('?')[0] as string, target, status: Number(m[3]), time: entry.time,
    tookMs: took === undefined ? null : Number(took) * 1000,
  };
}

// Juno+: `Action: 'action', calling method: <bound method X.y of <...>>, body: {...}`; Grizzly/Icehouse:
// `Action: 'action', body: {...}`.
// Localized where the host's locale leaked into the service (Queens, Italian: `Azione: 'create', metodo
// chiamata: ..., corpo: {...}`): the English and Italian words, then any `Word: 'x', ..., word: {` shape.
const ACTION = /^(?:Action|Azione): '(\w+)', (?:(?:calling method|metodo chiamata): (.*?), )?(?:body|corpo): (.*)$/s;
const ACTION_ANY_LOCALE = /^[^\s:']{3,20}: '(\w+)', (?:[^{]*?: (<bound method [^>]*>*|\S+), )?[^\s:{]{2,20}: (\{.*)$/s;
const HANDLER = /<bound method ([\w.]+)/;
const FIRST_KEY = /^\s*\{\s*"([^"]+)"/;

// A request without a body (GET, DELETE): `Calling method '<bound method ServersController.delete of <...>>'`.
const CALLING = /^Calling method '<bound method ([\w.]+) /;

/** The last dispatch line read and what it said (read by the engine, then by the host facts). */
let lastActionOf: LogEntry | null = null;
let lastAction: ApiAction | null = null;

export function readApiAction(entry: LogEntry): ApiAction | null {
  if (entry.logger !== 'nova.api.openstack.wsgi') return null;
  if (entry === lastActionOf) return lastAction;
  lastAction = dispatchLine(entry);
  lastActionOf = entry;
  return lastAction;
}

function dispatchLine(entry: LogEntry): ApiAction | null {
  if (entry.message.startsWith('Calling method')) {
    const handler = CALLING.exec(entry.message)?.[1];
    return handler === undefined ? null : { name: 'call', key: null, body: '', handler };
  }
  if (!entry.message.includes(": '")) return null;
  const m = ACTION.exec(entry.message) ?? ACTION_ANY_LOCALE.exec(entry.message);
  if (!m) return null;
  const body = m[3] as string;
  return { name: m[1] as string, key: FIRST_KEY.exec(body)?.[1] ?? null, body, handler: m[2] ? HANDLER.exec(m[2])?.[1] ?? null : null };
}

// The kinds of path a controller's create (POST, with a body) and delete (DELETE, without) serve.
const PATHS_OF: Readonly<Record<string, readonly [create: string, remove: string]>> = {
  ServersController: ['servers', 'server'],
  VolumeAttachmentController: ['volume-attachments', 'volume-attachment'],
  InterfaceAttachmentController: ['interfaces', 'interface'],
};

/**
 * The method and kind of path of a request, from its dispatch line alone (the logs end before its access line):
 * null when the line does not say (a read, a controller that acts on no server, Grizzly's lines that name none).
 */
export function shapeOfAction(action: ApiAction): { method: 'POST' | 'DELETE'; path: string } | null {
  if (action.name === 'action') return { method: 'POST', path: 'action' };
  const [controller, method] = action.handler?.split('.').slice(-2) ?? [];
  const paths = controller === undefined ? undefined : PATHS_OF[controller];
  if (paths === undefined) return null;
  if (action.name === 'create' && method === 'create') return { method: 'POST', path: paths[0] };
  if (action.name === 'call' && method === 'delete') return { method: 'DELETE', path: paths[1] };
  return null;
}

export interface ServerPath {
  /** `servers`, `server`, `action`, `volume-attachments`, `volume-attachment`, `interfaces`, `interface`, `migrations`, `migration`, `migration-action`. */
  readonly kind: string;
  readonly server: string | null;
}

const SERVER_PATH = /\/servers(?:\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/(action|os-volume_attachments|os-interface|migrations)(?:\/([^/]+)(?:\/(action))?)?)?)?\/?$/i;
// Grizzly to Kilo's v2 API booted from a volume at `POST /v2/<tenant>/os-volumes_boot`, the servers collection under
// another name (v2.1 kept it as an alias).
const VOLUMES_BOOT = /\/os-volumes_boot\/?$/;

/** What a compute API path names; null for paths that are not about servers (flavors, images, services...). */
export function readServerPath(path: string): ServerPath | null {
  const m = SERVER_PATH.exec(path);
  if (!m) return VOLUMES_BOOT.test(path) ? { kind: 'servers', server: null } : null;
  const server = m[1]?.toLowerCase() ?? null;
  if (server === null) return { kind: 'servers', server: null };
  const sub = m[2];
  if (sub === undefined) return { kind: 'server', server };
  if (sub === 'action') return m[3] === undefined ? { kind: 'action', server } : null;
  const one = m[3] !== undefined;
  if (sub === 'migrations') {
    // `/servers/<id>/migrations/<id>/action` (force_complete, 2.22+) and `DELETE /servers/<id>/migrations/<id>` (abort, 2.24+).
    if (m[4] !== undefined) return { kind: 'migration-action', server };
    return { kind: one ? 'migration' : 'migrations', server };
  }
  if (m[4] !== undefined) return null;
  if (sub === 'os-volume_attachments') return { kind: one ? 'volume-attachment' : 'volume-attachments', server };
  return { kind: one ? 'interface' : 'interfaces', server };
}
