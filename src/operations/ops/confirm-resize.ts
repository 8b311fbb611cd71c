// confirmResize, on the source host; catalog 7.15.

import { recognizer } from '../recognizer.js';

export const confirmResize = recognizer({
  type: 'confirm-resize',
  api: [{ method: 'POST', path: 'action', actions: ['confirmResize'] }],
  computeLocks: ['do_confirm_resize'],
  computeMarkers: [/^Going to confirm migration/],
  beginEvent: 'confirming-resize',
  failed: [/^Confirm resize failed/],
  completion: {},
  placement: 'host-left',
});
