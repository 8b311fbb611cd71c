// soft or hard reboot; catalog 7.4.

import { doneLines, recognizer } from '../recognizer.js';

const SOFT = /^(?:Instance soft rebooted successfully|Instance soft reboot failed|Failed to soft reboot instance|Instance may have been rebooted during soft reboot)/;
const HARD = /^Instance rebooted successfully/;

export const reboot = recognizer({
  type: 'reboot',
  api: [{ method: 'POST', path: 'action', actions: ['reboot'] }],
  computeLocks: ['do_reboot_instance'],
  computeMarkers: [/^Rebooting instance/],
  beginEvent: 'rebooting',
  failed: [/^Cannot reboot instance/, /^Reboot failed but instance is running/],
  variant: (body) => /"type"\s*:\s*"(\w+)"/.exec(body)?.[1]?.toLowerCase() ?? null,
  // libvirt says which was asked (catalog 7.4): a soft reboot logs a soft line, also when it falls back to hard
  // (`Failed to soft reboot instance. Trying hard reboot.`); only a hard one logs `Instance rebooted successfully.`
  // alone. Drivers that log neither (the fake driver) leave it unknown.
  computeVariant: (entries) => {
    if (entries.some((e) => SOFT.test(e.message))) return 'soft';
    return entries.some((e) => HARD.test(e.message)) ? 'hard' : null;
  },
  completion: { done: [doneLines('libvirt', /^Instance (?:soft )?rebooted successfully/, /^Instance may have been rebooted during soft reboot/)] },
  placement: 'host',
});
