// shelve (an automatic offload that follows under the same request is part of it); catalog 7.12.

import type { Recognizer } from '../recognizer.js';

export const shelve: Recognizer = {
  type: 'shelve',
  api: [{ method: 'POST', path: 'action', actions: ['shelve'] }],
  computeLocks: ['do_shelve_instance'],
  computeMarkers: [/^Shelving$/],
  beginEvent: 'shelving',
};
