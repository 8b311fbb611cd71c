// Server actions nova-api carries out itself: the network and security-group actions it hands to Neutron (or
// nova-network, before Newton) and an admin's reset of the instance's state. Nothing runs on compute; each is done
// when the API answers. addFloatingIp, removeFloatingIp, addSecurityGroup, removeSecurityGroup: v2 and v2.1 to
// microversion 2.43 (the proxy APIs were removed in 2.44); os-resetState: every release.

import { recognizer } from '../recognizer.js';

export const addFloatingIp = recognizer({
  type: 'add-floating-ip',
  api: [{ method: 'POST', path: 'action', actions: ['addFloatingIp'] }],
  completion: { byApi: true },
  placement: 'api',
});

export const removeFloatingIp = recognizer({
  type: 'remove-floating-ip',
  api: [{ method: 'POST', path: 'action', actions: ['removeFloatingIp'] }],
  completion: { byApi: true },
  placement: 'api',
});

export const addSecurityGroup = recognizer({
  type: 'add-security-group',
  api: [{ method: 'POST', path: 'action', actions: ['addSecurityGroup'] }],
  completion: { byApi: true },
  placement: 'api',
});

export const removeSecurityGroup = recognizer({
  type: 'remove-security-group',
  api: [{ method: 'POST', path: 'action', actions: ['removeSecurityGroup'] }],
  completion: { byApi: true },
  placement: 'api',
});

export const resetState = recognizer({
  type: 'reset-state',
  api: [{ method: 'POST', path: 'action', actions: ['os-resetState'] }],
  completion: { byApi: true },
  placement: 'api',
});
