// Server actions nova-api casts to the instance's compute host, with no INFO marker of their own in most releases:
// they finish by quiet unless a line below says otherwise. changePassword (catalog: ComputeManager.set_admin_password);
// addFixedIp, removeFixedIp (to 2.43); resetNetwork, injectNetworkInfo (removed in Newton's API); restore (a
// soft-deleted instance); trigger_crash_dump (2.17+).

import { doneLines, recognizer } from '../recognizer.js';
import type { Completion, Recognizer } from '../recognizer.js';

/** A server action (`POST /servers/{id}/action {"<action>": ...}`) that runs on the instance's host. */
function computeAction<const Type extends string>(
  type: Type, action: string, more: { readonly failed?: readonly RegExp[]; readonly completion?: Completion } = {},
): Recognizer<Type> {
  return recognizer({
    type, api: [{ method: 'POST', path: 'action', actions: [action] }], completion: more.completion ?? {}, placement: 'host',
    ...(more.failed === undefined ? {} : { failed: more.failed }),
  });
}

export const changePassword = computeAction('change-password', 'changePassword', {
  failed: [/^set_admin_password failed/], completion: { done: [doneLines('maybe', /^Admin password set/)] },
});
export const addFixedIp = computeAction('add-fixed-ip', 'addFixedIp');
export const removeFixedIp = computeAction('remove-fixed-ip', 'removeFixedIp');
export const resetNetwork = computeAction('reset-network', 'resetNetwork');
export const injectNetworkInfo = computeAction('inject-network-info', 'injectNetworkInfo');
export const restore = computeAction('restore', 'restore');
export const triggerCrashDump = computeAction('trigger-crash-dump', 'trigger_crash_dump', { failed: [/^Error from libvirt while injecting an NMI/] });
