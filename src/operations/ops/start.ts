// power on (os-start): no compute lock and no INFO line of its own; catalog 7.3.

import { doneLines, recognizer } from '../recognizer.js';

export const start = recognizer({
  type: 'start',
  api: [{ method: 'POST', path: 'action', actions: ['os-start'] }],
  completion: { done: [doneLines('libvirt', /^Instance rebooted successfully/, /^Instance running successfully/)] },
  placement: 'host',
});
