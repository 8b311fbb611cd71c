// How check prints its verdict: read by the command line (cli.ts) without loading the check command itself.

export const CHECK_FORMATS = ['text', 'json', 'junit', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];
