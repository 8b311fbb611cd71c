// shut off (os-stop); catalog 7.2.

import { doneLines, recognizer } from '../recognizer.js';

export const stop = recognizer({
  type: 'stop',
  api: [{ method: 'POST', path: 'action', actions: ['os-stop'] }],
  computeLocks: ['do_stop_instance'],
  computeMarkers: [/^Stopping instance; current vm_state/],
  beginEvent: 'stopping',
  failed: [/^Instance failed to shutdown/],
  completion: { done: [doneLines('libvirt', /^Instance shutdown successfully/, /^Instance destroyed successfully/, /^Instance already shutdown/, /^Instance is already powered off/)] },
  placement: 'host',
});
