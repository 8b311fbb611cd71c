// unshelve; catalog 7.14.

import type { Recognizer } from '../recognizer.js';

export const unshelve: Recognizer = {
  type: 'unshelve',
  api: [{ method: 'POST', path: 'action', actions: ['unshelve'] }],
  computeLocks: ['do_unshelve_instance'],
  computeMarkers: [/^Unshelving$/],
  beginEvent: 'unshelving',
  failed: [/^No valid host found for unshelve instance/],
  move: true,
};
