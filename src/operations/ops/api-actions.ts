// Server actions nova-api carries out itself: the network and security-group actions it hands to Neutron (or
// nova-network, before Newton) and an admin's reset of the instance's state. Nothing runs on compute; each is done
// when the API answers. addFloatingIp, removeFloatingIp, addSecurityGroup, removeSecurityGroup: v2 and v2.1 to
// microversion 2.43 (the proxy APIs were removed in 2.44); os-resetState: every release.

import { recognizer } from '../recognizer.js';
import type { Recognizer } from '../recognizer.js';

/** A server action (`POST /servers/{id}/action {"<action>": ...}`) nova-api does alone. */
function apiAction<const Type extends string>(type: Type, action: string): Recognizer<Type> {
  return recognizer({ type, api: [{ method: 'POST', path: 'action', actions: [action] }], completion: { byApi: true }, placement: 'api' });
}

export const addFloatingIp = apiAction('add-floating-ip', 'addFloatingIp');
export const removeFloatingIp = apiAction('remove-floating-ip', 'removeFloatingIp');
export const addSecurityGroup = apiAction('add-security-group', 'addSecurityGroup');
export const removeSecurityGroup = apiAction('remove-security-group', 'removeSecurityGroup');
export const resetState = apiAction('reset-state', 'os-resetState');
