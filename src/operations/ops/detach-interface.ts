// DELETE /servers/{id}/os-interface/{port}.

import type { Recognizer } from '../recognizer.js';

export const detachInterface: Recognizer = {
  type: 'detach-interface',
  api: [{ method: 'DELETE', path: 'interface' }],
  computeLocks: ['do_detach_interface'],
};
