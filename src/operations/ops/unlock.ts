// unlock: API only; catalog 7.17.

import { recognizer } from '../recognizer.js';

export const unlock = recognizer({
  type: 'unlock',
  api: [{ method: 'POST', path: 'action', actions: ['unlock'] }],
  completion: { byApi: true },
  placement: 'api',
});
