// shelveOffload; catalog 7.13.

import type { Recognizer } from '../recognizer.js';

export const shelveOffload: Recognizer = {
  type: 'shelve-offload',
  api: [{ method: 'POST', path: 'action', actions: ['shelveOffload'] }],
  computeLocks: ['do_shelve_offload_instance'],
  computeMarkers: [/^Shelve offloading$/],
  beginEvent: 'shelve-offloading',
};
