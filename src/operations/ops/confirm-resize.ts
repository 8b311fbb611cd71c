// confirmResize, on the source host; catalog 7.15.

import type { Recognizer } from '../recognizer.js';

export const confirmResize: Recognizer = {
  type: 'confirm-resize',
  api: [{ method: 'POST', path: 'action', actions: ['confirmResize'] }],
  computeLocks: ['do_confirm_resize'],
  computeMarkers: [/^Going to confirm migration/],
  beginEvent: 'confirming-resize',
  failed: [/^Confirm resize failed/],
  onHostLeft: true,
};
