// shelveOffload; catalog 7.13.

import { recognizer } from '../recognizer.js';

export const shelveOffload = recognizer({
  type: 'shelve-offload',
  api: [{ method: 'POST', path: 'action', actions: ['shelveOffload'] }],
  computeLocks: ['do_shelve_offload_instance'],
  computeMarkers: [/^Shelve offloading$/],
  beginEvent: 'shelve-offloading',
  completion: {},
  placement: 'host',
});
