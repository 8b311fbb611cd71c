// power on (os-start): no compute lock and no INFO line of its own; catalog 7.3.

import type { Recognizer } from '../recognizer.js';

export const start: Recognizer = {
  type: 'start',
  api: [{ method: 'POST', path: 'action', actions: ['os-start'] }],
  done: [/^Instance rebooted successfully/, /^Instance running successfully/],
  libvirtDone: true,
};
