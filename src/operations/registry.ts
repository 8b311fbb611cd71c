// Every operation novatrace recognizes: the one place operation types are declared. The order is the order
// compute-only evidence is tried in and the order types are listed in (help, the UI's type filter). Adding an
// operation is adding a module in ops/, a line here, a fixture and a test (ARCHITECTURE.md).

import type { Recognizer } from './recognizer.js';
import { boot } from './ops/boot.js';
import { deleteServer } from './ops/delete.js';
import { stop } from './ops/stop.js';
import { start } from './ops/start.js';
import { reboot } from './ops/reboot.js';
import { pause } from './ops/pause.js';
import { unpause } from './ops/unpause.js';
import { suspend } from './ops/suspend.js';
import { resume } from './ops/resume.js';
import { rescue } from './ops/rescue.js';
import { unrescue } from './ops/unrescue.js';
import { snapshot } from './ops/snapshot.js';
import { rebuild } from './ops/rebuild.js';
import { evacuate } from './ops/evacuate.js';
import { shelve } from './ops/shelve.js';
import { shelveOffload } from './ops/shelve-offload.js';
import { unshelve } from './ops/unshelve.js';
import { migrate } from './ops/migrate.js';
import { resize } from './ops/resize.js';
import { confirmResize } from './ops/confirm-resize.js';
import { revertResize } from './ops/revert-resize.js';
import { liveMigrate } from './ops/live-migrate.js';
import { lock } from './ops/lock.js';
import { unlock } from './ops/unlock.js';
import { attachVolume } from './ops/attach-volume.js';
import { detachVolume } from './ops/detach-volume.js';
import { attachInterface } from './ops/attach-interface.js';
import { detachInterface } from './ops/detach-interface.js';
import { swapVolume } from './ops/swap-volume.js';
import { liveMigrateAbort, liveMigrateForceComplete } from './ops/live-migrate-control.js';
import { addFloatingIp, addSecurityGroup, removeFloatingIp, removeSecurityGroup, resetState } from './ops/api-actions.js';
import {
  addFixedIp, changePassword, injectNetworkInfo, removeFixedIp, resetNetwork, restore, triggerCrashDump,
} from './ops/compute-actions.js';

export const RECOGNIZERS = [
  boot, stop, start, reboot, deleteServer, pause, unpause, suspend, resume, rescue, unrescue, snapshot, rebuild, evacuate,
  shelve, shelveOffload, unshelve, migrate, resize, confirmResize, revertResize, liveMigrate, lock, unlock, attachVolume,
  detachVolume, attachInterface, detachInterface, swapVolume, liveMigrateForceComplete, liveMigrateAbort, changePassword,
  restore, triggerCrashDump, addFixedIp, removeFixedIp, resetNetwork, injectNetworkInfo, addFloatingIp, removeFloatingIp,
  addSecurityGroup, removeSecurityGroup, resetState,
] as const;

/** The name of a Nova operation novatrace recognizes (`boot`, `stop`, `live-migrate`, ...). */
export type OperationType = (typeof RECOGNIZERS)[number]['type'];

export const OPERATION_TYPES: readonly OperationType[] = RECOGNIZERS.map((r) => r.type);

export const BY_TYPE: ReadonlyMap<string, Recognizer> = new Map(RECOGNIZERS.map((r) => [r.type, r]));

export function isOperationType(text: string): text is OperationType {
  return BY_TYPE.has(text);
}
