// oslo.concurrency's lines about a lock named by an instance UUID, which Nova's compute manager takes for the length
// of an operation (catalog 4.3): `Lock "<uuid>" acquired by "...do_stop_instance" :: waited 0.000s`, and its
// release, `"released" by` (Ussuri+) or `released by` (Kilo-Wallaby).

export const INSTANCE_LOCK = /^Lock "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})" (acquired|"released"|released) by "([^"]+)"/;

export interface InstanceLock {
  readonly instance: string;
  /** Acquired (true) or released (false). */
  readonly taken: boolean;
  /** The function that holds it: `nova.compute.manager.ComputeManager.stop_instance.<locals>.do_stop_instance`. */
  readonly holder: string;
}

/** The instance lock a message takes or lets go, or null when it is no such line. */
export function instanceLock(message: string): InstanceLock | null {
  // The pattern's own first characters: most lines are ruled out without running it (it reads every line of every
  // operation, and every compute line of a request recognized from compute).
  if (!message.startsWith('Lock "')) return null;
  const m = INSTANCE_LOCK.exec(message);
  return m === null ? null : { instance: m[1] as string, taken: m[2] === 'acquired', holder: m[3] as string };
}
