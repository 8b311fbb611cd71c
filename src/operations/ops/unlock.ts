// unlock: API only; catalog 7.17.

import type { Recognizer } from '../recognizer.js';

export const unlock: Recognizer = {
  type: 'unlock',
  api: [{ method: 'POST', path: 'action', actions: ['unlock'] }],
  apiOnly: true,
};
