// What live reporting has said finished: every operation ID reported finished in this session, exactly (an ID is
// never forgotten, so an operation is never said to start or finish twice), with a hash of the last form said of
// it (a later form that hashes the same is not news). Each ID's UUIDs are kept as 16 bytes instead of 36
// characters: at a thousand operations a second for an hour, 3.6 million IDs.

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A lowercase UUID as \0 and its 16 bytes: no ID holds \0, so the key stands for exactly one ID. */
function pack(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  let out = '\0';
  for (let i = 0; i < 32; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return out;
}

/** The key of an operation ID: the same ID always gives the same key, two IDs never do. */
export function idKey(id: string): string {
  return id.replace(UUID, pack);
}

/**
 * FNV-1a over the text, 30 bits (a small integer V8 stores in the map's slot, not a number object of its own): two
 * forms that hash alike are taken as the same form (a revision not sent, about one in a billion).
 */
export function formHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h & 0x3fffffff;
}

export class SaidOperations {
  private readonly said = new Map<string, number>();

  /** The hash of the last form said finished or revised, or undefined: never said finished. */
  get(id: string): number | undefined {
    return this.said.get(idKey(id));
  }

  has(id: string): boolean {
    return this.said.has(idKey(id));
  }

  /** Said finished or revised with this form. */
  set(id: string, hash: number): void {
    this.said.set(idKey(id), hash);
  }

  get size(): number {
    return this.said.size;
  }
}
