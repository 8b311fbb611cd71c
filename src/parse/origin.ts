// Which service and host wrote a line: from the file name, a path segment, journald's identifier, the logger,
// or the user's --alias rules (log-formats.md section 6).

import { basename, dirname } from 'node:path';
import type { Service } from '../model/entry.js';

// devstack unit names (n-cpu, n-cpu-1, n-super-cond, n-cond-cell1), screen files (screen-n-api.txt) and
// packaged service names (nova-compute.log-20151124.gz). Anchored at the start of the base name so that
// nova-placement-api.log is not taken for nova-api.
// Matched as a token anywhere in the base name, so that collected logs keep their service: `node1-nova-compute.log`,
// `zed-n-cpu-compute2.log`. nova-placement-api.log is not nova-api: `api` alone is no token.
const FILE_SERVICE: ReadonlyArray<readonly [RegExp, Service]> = [
  [/(?:^|[-_.@])(?:n-api(?:-meta)?|nova-api(?:-os-compute|-metadata)?|nova-osapi_compute)(?![\w])/, 'api'],
  [/(?:^|[-_.@])(?:n-cpu|nova-compute)(?![\w])/, 'compute'],
  [/(?:^|[-_.@])(?:n-sch|nova-scheduler)(?![\w])/, 'scheduler'],
  [/(?:^|[-_.@])(?:n-(?:super-)?cond|nova-conductor)(?![\w])/, 'conductor'],
];

// Files that name a service novatrace does not time (n-net, nova-cert, placement, neutron, cinder): 'other'.
const OTHER_FILE = /^(?:screen-|devstack@)?(?:n-[a-z]+|nova-[a-z_-]+|neutron-[a-z-]+|c-[a-z]+|cinder-[a-z-]+|q-[a-z-]+|placement-api|keystone|glance-[a-z]+|server)(?:[-.]|$)/;

/** A log file's name without compression, extension, rotation suffix or devstack's `screen-`: `n-net`, `c-vol`. */
export function fileStem(baseName: string): string {
  return baseName.replace(/\.gz$/, '').replace(/\.(?:log|txt)(?:[.-].*)?$/, '').replace(/^screen-/, '');
}

/** The service a file names that novatrace does not time (`n-net`, `nova-cert`, `c-vol`); null for any other file. */
export function componentFromFileName(baseName: string): string | null {
  return serviceFromFileName(baseName) === 'other' ? fileStem(baseName) || null : null;
}

const COMPONENTS = new Map<string, string | null>();

/** Folders packages log to, one per project: `/var/log/neutron/server.log` is neutron's server. */
const PROJECT_DIR = /^(?:nova|neutron|cinder|glance|keystone|placement|heat|swift)$/;

/** componentFromFileName of a path, read once per file; a name of no project takes its project folder's. */
export function componentOf(path: string): string | null {
  let component = COMPONENTS.get(path);
  if (component === undefined) {
    component = componentFromFileName(basename(path));
    const dir = basename(dirname(path));
    if (component !== null && !component.includes('-') && PROJECT_DIR.test(dir) && !component.startsWith(dir)) component = `${dir}-${component}`;
    if (COMPONENTS.size >= 4096) COMPONENTS.clear();
    COMPONENTS.set(path, component);
  }
  return component;
}

export function serviceFromFileName(baseName: string): Service | null {
  for (const [re, service] of FILE_SERVICE) if (re.test(baseName)) return service;
  if (OTHER_FILE.test(baseName)) return 'other';
  return null;
}

/** `n-cpu-compute1.log` names its host (devstack's multi-compute `n-cpu-<i>` units); `n-cpu-1.log` too. */
export function hostFromFileName(baseName: string): string | null {
  const m = /(?:^|[-_.])n-cpu-([A-Za-z0-9][\w.-]*?)\.(?:log|txt)\b/.exec(baseName);
  return m?.[1] ?? null;
}

/** `.../logs/<host>/var/log/nova/x.log` -> host. */
export function hostFromPath(path: string): string | null {
  const m = /(?:^|\/)([^/]+)\/var\/log\//.exec(path);
  return m?.[1] ?? null;
}

const LOGGER_SERVICE: ReadonlyArray<readonly [string, Service | null]> = [
  // Runs inside compute and conductor alike: the file (or the file's other lines) decides.
  ['nova.scheduler.client', null],
  ['nova.api.', 'api'],
  ['nova.api', 'api'],
  ['nova.osapi_compute', 'api'],
  ['nova.compute.api', 'api'],
  ['nova.scheduler', 'scheduler'],
  ['nova.filters', 'scheduler'],
  ['nova.conductor', 'conductor'],
  ['nova.compute', 'compute'],
  ['nova.virt', 'compute'],
];

/** Service named by a logger, `undefined` when the logger does not say. */
export function serviceFromLogger(logger: string | null): Service | undefined {
  if (logger === null) return undefined;
  for (const [prefix, service] of LOGGER_SERVICE) {
    if (logger === prefix || logger.startsWith(prefix.endsWith('.') ? prefix : `${prefix}.`)) {
      return service ?? undefined;
    }
  }
  return undefined;
}

/** journald's syslog identifier (`nova-compute`, `nova-scheduler`) -> service. */
export function serviceFromIdent(ident: string): Service | null {
  return serviceFromFileName(ident);
}

export interface AliasRule {
  readonly pattern: string;
  readonly host: string | null;
  readonly service: Service | null;
  readonly test: (path: string) => boolean;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') { re += '.*'; i++; } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  return new RegExp(`(?:^|/)${re}$`);
}

/**
 * `PATTERN=HOST`, `PATTERN=HOST/SERVICE` or `PATTERN=/SERVICE`. PATTERN is a glob matched against the end of
 * the path (`*c30*`, `**\/n-cpu-2.log`) or, without glob characters, a substring of the path.
 */
export function parseAlias(text: string): AliasRule {
  const eq = text.lastIndexOf('=');
  if (eq <= 0 || eq === text.length - 1) {
    throw new Error(`--alias "${text}": expected PATTERN=HOST, PATTERN=HOST/SERVICE or PATTERN=/SERVICE`);
  }
  const pattern = text.slice(0, eq);
  const value = text.slice(eq + 1);
  const slash = value.indexOf('/');
  const host = (slash < 0 ? value : value.slice(0, slash)) || null;
  const serviceText = slash < 0 ? '' : value.slice(slash + 1);
  let service: Service | null = null;
  if (serviceText !== '') {
    const known = serviceFromFileName(serviceText) ?? (['api', 'conductor', 'scheduler', 'compute', 'other'] as const).find((s) => s === serviceText);
    if (!known) {
      throw new Error(`--alias "${text}": unknown service "${serviceText}" (api, conductor, scheduler, compute, other)`);
    }
    service = known;
  }
  const isGlob = /[*?]/.test(pattern);
  const re = isGlob ? globToRegExp(pattern) : null;
  return {
    pattern,
    host,
    service,
    test: re ? (path) => re.test(path) : (path) => path.includes(pattern),
  };
}
