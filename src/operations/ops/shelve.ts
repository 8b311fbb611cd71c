// shelve (an automatic offload that follows under the same request is part of it); catalog 7.12.

import { recognizer } from '../recognizer.js';

export const shelve = recognizer({
  type: 'shelve',
  api: [{ method: 'POST', path: 'action', actions: ['shelve'] }],
  computeLocks: ['do_shelve_instance'],
  computeMarkers: [/^Shelving$/],
  beginEvent: 'shelving',
  completion: {},
  placement: 'host',
});
