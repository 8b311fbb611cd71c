// POST /servers/{id}/os-interface.

import { recognizer } from '../recognizer.js';

export const attachInterface = recognizer({
  type: 'attach-interface',
  api: [{ method: 'POST', path: 'interfaces' }],
  computeLocks: ['do_attach_interface'],
  completion: {},
  placement: 'host',
});
