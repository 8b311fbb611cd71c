// Messages of one kind read as one template: the errors view groups by it.

import { describe, expect, it } from 'vitest';
import { messageTemplate } from '../../src/format/message-template.js';

describe('messageTemplate', () => {
  it.each<[string, string, string]>([
    ['a request ID', 'Error for req-022f2e61-b641-42c6-af94-490d95045ad8 done', 'Error for <req> done'],
    ['a UUID', 'Instance f69134e5-3d6a-4409-8fb1-a1a67f23f911 could not be found.', 'Instance <uuid> could not be found.'],
    ['an IPv4 address and port', 'AMQP server on 10.12.27.29:5672 is unreachable: [Errno 111] ECONNREFUSED. Trying again in 1 seconds.',
      'AMQP server on <ip> is unreachable: [Errno <n>] ECONNREFUSED. Trying again in <n> seconds.'],
    ['an IPv6 address', 'Failed to bind fe80::1 and 2001:db8:0:1:2:3:4:5', 'Failed to bind <ip> and <ip>'],
    ['0x hex', 'object at 0x7f3a2b1c', 'object at <hex>'],
    ['a bare hex ID with digits', 'Getting quotas for project e9d8fa12b6fb4b1a8bb5455621d09d9d', 'Getting quotas for project <hex>'],
    ['numbers and decimals', 'Took 8.10 seconds, 3 retries', 'Took <n> seconds, <n> retries'],
  ])('%s', (_name, message, template) => {
    expect(messageTemplate(message)).toBe(template);
  });

  it('leaves words, hex-looking words without digits and times as words and numbers', () => {
    expect(messageTemplate('deadbeef facade at 12:34:56')).toBe('deadbeef facade at <n>:<n>:<n>');
  });

  it('25,000 errors of three kinds are three templates', () => {
    const kinds = new Set<string>();
    for (let i = 0; i < 25_000; i++) {
      const id = `${(i * 7919).toString(16).padStart(8, '0')}-0000-4000-8000-${String(i).padStart(12, '0')}`;
      const message = [
        `Instance ${id} failed to spawn: Timeout after ${i % 300} seconds`,
        `Failed to allocate the network(s) for req-${id}, not rescheduling.`,
        `AMQP server on 10.0.${i % 256}.${(i * 3) % 256}:5672 is unreachable`,
      ][i % 3] as string;
      kinds.add(messageTemplate(message));
    }
    expect([...kinds].sort()).toEqual([
      'AMQP server on <ip> is unreachable',
      'Failed to allocate the network(s) for <req>, not rescheduling.',
      'Instance <uuid> failed to spawn: Timeout after <n> seconds',
    ]);
  });
});
