// suspend: no INFO line in any release; catalog 7.7.

import type { Recognizer } from '../recognizer.js';

export const suspend: Recognizer = {
  type: 'suspend',
  api: [{ method: 'POST', path: 'action', actions: ['suspend'] }],
  powerStateLast: true,
};
