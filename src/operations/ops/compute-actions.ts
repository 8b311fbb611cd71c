// Server actions nova-api casts to the instance's compute host, with no INFO marker of their own in most releases:
// they finish by quiet unless a line below says otherwise. changePassword (catalog: ComputeManager.set_admin_password);
// addFixedIp, removeFixedIp (to 2.43); resetNetwork, injectNetworkInfo (removed in Newton's API); restore (a
// soft-deleted instance); trigger_crash_dump (2.17+).

import { doneLines, recognizer } from '../recognizer.js';

export const changePassword = recognizer({
  type: 'change-password',
  api: [{ method: 'POST', path: 'action', actions: ['changePassword'] }],
  failed: [/^set_admin_password failed/],
  completion: { done: [doneLines('maybe', /^Admin password set/)] },
  placement: 'host',
});

export const addFixedIp = recognizer({
  type: 'add-fixed-ip',
  api: [{ method: 'POST', path: 'action', actions: ['addFixedIp'] }],
  completion: {},
  placement: 'host',
});

export const removeFixedIp = recognizer({
  type: 'remove-fixed-ip',
  api: [{ method: 'POST', path: 'action', actions: ['removeFixedIp'] }],
  completion: {},
  placement: 'host',
});

export const resetNetwork = recognizer({
  type: 'reset-network',
  api: [{ method: 'POST', path: 'action', actions: ['resetNetwork'] }],
  completion: {},
  placement: 'host',
});

export const injectNetworkInfo = recognizer({
  type: 'inject-network-info',
  api: [{ method: 'POST', path: 'action', actions: ['injectNetworkInfo'] }],
  completion: {},
  placement: 'host',
});

export const restore = recognizer({
  type: 'restore',
  api: [{ method: 'POST', path: 'action', actions: ['restore'] }],
  completion: {},
  placement: 'host',
});

export const triggerCrashDump = recognizer({
  type: 'trigger-crash-dump',
  api: [{ method: 'POST', path: 'action', actions: ['trigger_crash_dump'] }],
  failed: [/^Error from libvirt while injecting an NMI/],
  completion: {},
  placement: 'host',
});
