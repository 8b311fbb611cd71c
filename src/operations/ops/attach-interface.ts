// POST /servers/{id}/os-interface.

import type { Recognizer } from '../recognizer.js';

export const attachInterface: Recognizer = {
  type: 'attach-interface',
  api: [{ method: 'POST', path: 'interfaces' }],
  computeLocks: ['do_attach_interface'],
};
