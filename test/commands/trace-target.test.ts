import { describe, expect, it } from 'vitest';
import { traceTarget } from '../../src/commands/trace.js';

describe('traceTarget: what trace looks for', () => {
  it.each([
    ['a whole request ID', 'req-0947ca7b-8d96-4694-aa35-a8881188621d', { instance: null, request: 'req-0947ca7b-8d96-4694-aa35-a8881188621d' }],
    ['a request ID cut short, in capitals', 'REQ-0947CA7B', { instance: null, request: 'req-0947ca7b' }],
    ['a bare UUID: an instance, or a request written without req-', '2af41595-5a28-418d-8ca0-6fabdcf463c8',
      { instance: '2af41595-5a28-418d-8ca0-6fabdcf463c8', request: 'req-2af41595-5a28-418d-8ca0-6fabdcf463c8' }],
    ['four characters, as git takes a short hash', '2af4', { instance: '2af4', request: 'req-2af4' }],
  ])('%s', (_name, id, target) => {
    expect(traceTarget(id)).toEqual(target);
  });

  it.each([['three characters', '2af'], ['req- and three', 'req-2af'], ['not hex', '2af4159x'], ['dashes only', '----'], ['a name', 'srv1']])('refuses %s', (_name, id) => {
    expect(() => traceTarget(id)).toThrow(/is neither a request ID \(req-<uuid>\) nor an instance UUID, nor the first 4 characters or more of one/);
  });
});
