// The error every stage may raise for what the user must be told: a one-line message and the exit code it means
// (0 clean, 1 findings, 2 bad usage or input). The top-level handler in cli.ts prints it without a stack.

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export class NovatraceError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'NovatraceError';
  }
}

/** Runs a reader of user input (an option, a time, a rules file); its error becomes a usage error (exit 2). */
export function usage<T>(make: () => T): T {
  try {
    return make();
  } catch (error) {
    throw new NovatraceError(error instanceof Error ? error.message : String(error));
  }
}
