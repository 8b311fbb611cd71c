// suspend: no INFO line in any release; catalog 7.7.

import { CHECKING_STATE, recognizer } from '../recognizer.js';

export const suspend = recognizer({
  type: 'suspend',
  api: [{ method: 'POST', path: 'action', actions: ['suspend'] }],
  completion: { done: [CHECKING_STATE] },
  placement: 'host',
});
