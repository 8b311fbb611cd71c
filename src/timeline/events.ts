// Key events of a timeline: the lines an operator looks for first (claim, networks, block devices, spawn,
// power state changes, lifecycle events, scheduling, external events), as a table.

import type { LogEntry } from '../model/entry.js';

// The old host's clean-up of an evacuated instance when its compute service starts again (catalog 7.11, 10).
export const EVACUATED_CLEANUP = /as it has been evacuated from this host|^Deleting instance as its host \(/;

const EVENTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['scheduled', /^Selected host: /],
  ['scheduled', /^Calling prep_resize with selected host: /],
  ['claim', /^Claim successful/],
  ['claim-failed', /^Failed to claim/],
  ['networks', /^Start building networks/],
  ['block-devices', /^Start building block device mappings/],
  ['spawn', /^Start spawning the instance on the hypervisor/],
  ['spawned', /^Instance spawned successfully/],
  ['vif-plugged', /^Received event network-vif-plugged/],
  ['lifecycle', /^VM [\w ]+ \(Lifecycle Event\)$/],
  ['lifecycle', /^Lifecycle event \d+ on VM /],
  ['shutdown', /^Instance shutdown successfully/],
  ['destroyed', /^Instance destroyed successfully/],
  ['rebooted', /^Instance (?:soft )?rebooted successfully/],
  ['running', /^Instance running successfully/],
  ['terminating', /^Terminating instance/],
  ['timing', /^Took [\d.]+ seconds to /],
  ['migrating', /^Migrating$/],
  ['migration-progress', /^Migration running for \d+ secs/],
  ['migrated', /^Migrating instance to \S+ finished successfully/],
  ['evacuated-source-cleanup', EVACUATED_CLEANUP],
  ['error-state', /^Setting instance (?:vm_state )?to ERROR/],
  ['no-valid-host', /No valid host was found/],
];

export function eventName(entry: LogEntry): string | null {
  for (const [name, re] of EVENTS) if (re.test(entry.message)) return name;
  return null;
}
