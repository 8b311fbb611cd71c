// What the logs say of the deployment itself: whether a compute log is among the inputs, which compute hosts run
// the libvirt driver or log at DEBUG (there, some lines are sure to be logged), and the host of each compute log
// file. A plain store, filled from every entry.

import type { LogEntry } from '../model/entry.js';
import { detach } from '../model/detach.js';
import { HOST_LINE } from '../parse/entry-parser.js';

const RESOURCE_TRACKER = 'nova.compute.resource_tracker';
const TIMING = /^Took [\d.]+ seconds to /;

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
  /** Compute hosts that logged the compute manager's timings (`Took N seconds to ...`, Mitaka on): they log them all. */
  readonly timingHosts = new Set<string>();
  /** Every compute host a log was given for (Nova's names). */
  readonly computeHosts = new Set<string>();
  /**
   * File and the host a formatter stamped (a JSON formatter's `hostname`: the machine) -> nova-compute's own host,
   * as its resource tracker names it, where the two differ: two nova-compute services on one machine are two hosts,
   * and the API, the scheduler and moves name Nova's.
   */
  private readonly novaHost = new Map<string, string>();

  /**
   * The file and stamped host of the last compute line that left nothing to learn (its file's one host, and its host
   * in every set): the next lines of the same file and host change nothing either, but for the resource tracker's.
   */
  private settledFile: string | null = null;
  private settledHost: string | null = null;

  /** `remembersSettled` false reads every compute line whole: the reference the shortcut is tested against. */
  constructor(private readonly remembersSettled = true) {}

  note(entry: LogEntry): void {
    if (entry.service !== 'compute') return;
    this.computeLogged = true;
    if (entry.host === null) return;
    if (entry.logger === RESOURCE_TRACKER) this.learnNovaHost(entry, entry.host);
    if (entry.host === this.settledHost && entry.file === this.settledFile) return;
    this.noteHost(entry, entry.host);
  }

  /** note's reference path: what a compute line with a host says of its host and file. */
  private noteHost(entry: LogEntry, stamped: string): void {
    const host = this.novaHostOf(entry) ?? stamped;
    const known = this.fileHost.get(entry.file);
    if (known === undefined) this.fileHost.set(detach(entry.file), detach(host));
    else if (known !== false && known !== host) this.fileHost.set(entry.file, false);
    let settled = known === undefined || known === host;
    if (!this.libvirtHosts.has(host)) {
      if (entry.logger !== null && entry.logger.startsWith('nova.virt.libvirt')) this.libvirtHosts.add(detach(host));
      else settled = false;
    }
    if (!this.debugHosts.has(host)) {
      if (entry.level === 'DEBUG') this.debugHosts.add(detach(host));
      else settled = false;
    }
    if (!this.computeHosts.has(host)) this.computeHosts.add(detach(host));
    if (!this.timingHosts.has(host)) {
      if (TIMING.test(entry.message)) this.timingHosts.add(detach(host));
      else settled = false;
    }
    this.settledFile = settled && this.remembersSettled ? entry.file : null;
    this.settledHost = settled && this.remembersSettled ? stamped : null;
  }

  /** A compute line with nova-compute's own host: learned later in its file, or in place of the machine's name. */
  withHost(entry: LogEntry): LogEntry {
    if (entry.service !== 'compute') return entry;
    if (entry.host !== null) {
      const nova = this.novaHostOf(entry);
      return nova === undefined ? entry : { ...entry, host: nova };
    }
    const host = this.fileHost.get(entry.file);
    return typeof host === 'string' ? { ...entry, host } : entry;
  }

  /** Nova's own host for the host a formatter stamped on this entry's file, where the two differ. */
  private novaHostOf(entry: LogEntry): string | undefined {
    return this.novaHost.size === 0 ? undefined : this.novaHost.get(`${entry.file}\u0000${entry.host ?? ''}`);
  }

  private learnNovaHost(entry: LogEntry, stamped: string): void {
    const nova = HOST_LINE.exec(entry.message)?.[1];
    if (nova === undefined || nova === stamped || this.novaHostOf(entry) === nova) return;
    this.settledFile = this.settledHost = null;
    this.novaHost.set(detach(`${entry.file}\u0000${stamped}`), detach(nova));
    // What was noted under the machine's name before is Nova's host's.
    for (const hosts of [this.libvirtHosts, this.debugHosts, this.computeHosts, this.timingHosts]) {
      if (hosts.has(stamped)) hosts.add(detach(nova));
    }
    if (this.fileHost.get(entry.file) === stamped) this.fileHost.set(entry.file, detach(nova));
  }
}
