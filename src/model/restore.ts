// A checkpointed object's fields put back into a fresh instance of its class: the state of a store, serialized by
// V8's structured clone (which keeps Maps, Sets, typed arrays, shared and cyclic references, but writes a class
// instance as a plain object), restored into the store the new engine made, so that its methods, and the objects that
// already point at it, stay as they are.

/** Containers whose value is data: a saved one replaces the fresh one whole. */
function isData(value: object): boolean {
  return value instanceof Map || value instanceof Set || Array.isArray(value) || ArrayBuffer.isView(value)
    || value instanceof RegExp || value instanceof Date;
}

/**
 * Puts `saved`'s fields into `target`. A field whose fresh value is an object of fields (a class instance, or a
 * plain object such as { named, unnamed } holding instances) is restored into in turn; any other field is replaced.
 * A field the saved state lacks is an error: the state was made by other code.
 */
export function restoreInto<T extends object>(target: T, saved: object): T {
  const fields = target as Record<string, unknown>;
  const given = saved as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (typeof fields[key] === 'function') continue;
    if (!Object.hasOwn(given, key)) throw new Error(`a checkpoint lacks the field ${key}`);
  }
  for (const [key, value] of Object.entries(given)) {
    const own = fields[key];
    if (own === value) continue;
    if (typeof own === 'function') throw new Error(`a checkpoint has data for the method ${key}`);
    if (own !== null && typeof own === 'object' && !isData(own) && value !== null && typeof value === 'object' && !isData(value)) {
      restoreInto(own, value);
    } else {
      fields[key] = value;
    }
  }
  return target;
}
