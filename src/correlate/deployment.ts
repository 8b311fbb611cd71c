// What the logs say of the deployment itself: whether a compute log is among the inputs, which compute hosts run
// the libvirt driver or log at DEBUG (there, some lines are sure to be logged), and the host of each compute log
// file. A plain store, filled from every entry.

import type { LogEntry } from '../model/entry.js';
import { detach } from '../model/detach.js';

export class Deployment {
  /** A compute entry was seen: compute's silence about an operation means something. */
  computeLogged = false;
  /** Compute hosts that logged from the libvirt driver: there, an operation's libvirt done lines are always logged. */
  readonly libvirtHosts = new Set<string>();
  /** Compute hosts that logged a DEBUG line: there, an operation's `Checking state` is logged. */
  readonly debugHosts = new Set<string>();
  /**
   * Compute log file -> the one host its lines were seen with (false: several). A log whose name and path name no
   * host gets it from the resource tracker's periodic lines: the lines before the first of them have none.
   */
  private readonly fileHost = new Map<string, string | false>();

  note(entry: LogEntry): void {
    if (entry.service !== 'compute') return;
    this.computeLogged = true;
    const host = entry.host;
    if (host === null) return;
    const known = this.fileHost.get(entry.file);
    if (known === undefined) this.fileHost.set(detach(entry.file), detach(host));
    else if (known !== false && known !== host) this.fileHost.set(entry.file, false);
    if (entry.logger !== null && entry.logger.startsWith('nova.virt.libvirt') && !this.libvirtHosts.has(host)) this.libvirtHosts.add(detach(host));
    if (entry.level === 'DEBUG' && !this.debugHosts.has(host)) this.debugHosts.add(detach(host));
  }

  /** A compute line logged before its file's host was learned, with that host (the file has one). */
  withHost(entry: LogEntry): LogEntry {
    if (entry.host !== null || entry.service !== 'compute') return entry;
    const host = this.fileHost.get(entry.file);
    return typeof host === 'string' ? { ...entry, host } : entry;
  }
}
