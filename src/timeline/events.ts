// Key events of a timeline: the lines an operator looks for first (claim, networks, block devices, spawn,
// power state changes, lifecycle events, scheduling, external events), as a table.

import type { LogEntry } from '../model/entry.js';
import { messageGate } from '../correlate/message-gate.js';
import { RECOGNIZERS } from '../operations/registry.js';

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
  // The compute manager's line as it begins each operation (its recognizer's markers, catalog 7), and the steps
  // that end a snapshot and a revert.
  ...RECOGNIZERS.flatMap(({ beginEvent, computeMarkers = [] }) => (beginEvent === undefined ? [] : computeMarkers.map((re) => [beginEvent, re] as const))),
  ['snapshot-uploaded', /^Snapshot image upload complete/],
  ['reverting-resize', /^Updating instance to original state/],
  ['timing', /^Took [\d.]+ seconds to /],
  ['migration-progress', /^Migration running for \d+ secs/],
  ['migrated', /^Migrating instance to \S+ finished successfully/],
  ['evacuated-source-cleanup', EVACUATED_CLEANUP],
  ['error-state', /^Setting instance (?:vm_state )?to ERROR/],
  ['no-valid-host', /No valid host was found/],
];

// Most lines are no event: the patterns' literal prefixes and literals rule them out before the table is walked in
// order (every line of every operation is read here).
const ANY_EVENT = messageGate(EVENTS.map(([, re]) => re));

/** The table walked whole: the reference the gate is tested against. */
export function eventNameUngated(message: string): string | null {
  for (const [name, re] of EVENTS) if (re.test(message)) return name;
  return null;
}

export function eventName(entry: LogEntry): string | null {
  const message = entry.message;
  return ANY_EVENT.mayMatch(message) ? eventNameUngated(message) : null;
}
