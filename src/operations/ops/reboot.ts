// soft or hard reboot; catalog 7.4.

import type { Recognizer } from '../recognizer.js';

export const reboot: Recognizer = {
  type: 'reboot',
  api: [{ method: 'POST', path: 'action', actions: ['reboot'] }],
  computeLocks: ['do_reboot_instance'],
  computeMarkers: [/^Rebooting instance/],
  done: [/^Instance (?:soft )?rebooted successfully/, /^Instance may have been rebooted during soft reboot/],
  failed: [/^Cannot reboot instance/, /^Reboot failed but instance is running/],
  variant: (body) => /"type"\s*:\s*"(\w+)"/.exec(body)?.[1]?.toLowerCase() ?? null,
};
