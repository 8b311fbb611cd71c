// Every operation novatrace recognizes, in the order compute-only evidence is tried. Adding an operation is
// adding a module in ops/, a line here, a fixture and a test.

import type { OperationType } from '../model/operation.js';
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

export const RECOGNIZERS: readonly Recognizer[] = [
  boot, deleteServer, stop, start, reboot, pause, unpause, suspend, resume, rescue, unrescue, snapshot, rebuild, evacuate, shelve, shelveOffload, unshelve, migrate, resize, confirmResize, revertResize, liveMigrate, lock, unlock, attachVolume, detachVolume, attachInterface, detachInterface,
];

export const BY_TYPE: ReadonlyMap<OperationType, Recognizer> = new Map(RECOGNIZERS.map((r) => [r.type, r]));
