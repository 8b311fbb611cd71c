// DELETE /servers/{id}/os-interface/{port}.

import { recognizer } from '../recognizer.js';

export const detachInterface = recognizer({
  type: 'detach-interface',
  api: [{ method: 'DELETE', path: 'interface' }],
  computeLocks: ['do_detach_interface'],
  completion: {},
  placement: 'host',
});
