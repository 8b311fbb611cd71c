// lock: API only; catalog 7.17.

import { recognizer } from '../recognizer.js';

export const lock = recognizer({
  type: 'lock',
  api: [{ method: 'POST', path: 'action', actions: ['lock'] }],
  completion: { byApi: true },
  placement: 'api',
});
