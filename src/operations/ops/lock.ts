// lock: API only; catalog 7.17.

import type { Recognizer } from '../recognizer.js';

export const lock: Recognizer = {
  type: 'lock',
  api: [{ method: 'POST', path: 'action', actions: ['lock'] }],
  apiOnly: true,
};
