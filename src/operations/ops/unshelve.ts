// unshelve; catalog 7.14.

import { recognizer } from '../recognizer.js';

export const unshelve = recognizer({
  type: 'unshelve',
  api: [{ method: 'POST', path: 'action', actions: ['unshelve'] }],
  computeLocks: ['do_unshelve_instance'],
  computeMarkers: [/^Unshelving$/],
  beginEvent: 'unshelving',
  failed: [/^No valid host found for unshelve instance/],
  completion: {},
  placement: 'move',
});
