// shut off (os-stop); catalog 7.2.

import type { Recognizer } from '../recognizer.js';

export const stop: Recognizer = {
  type: 'stop',
  api: [{ method: 'POST', path: 'action', actions: ['os-stop'] }],
  computeLocks: ['do_stop_instance'],
  computeMarkers: [/^Stopping instance; current vm_state/],
  beginEvent: 'stopping',
  done: [/^Instance shutdown successfully/, /^Instance destroyed successfully/, /^Instance already shutdown/, /^Instance is already powered off/],
  libvirtDone: true,
  failed: [/^Instance failed to shutdown/],
};
