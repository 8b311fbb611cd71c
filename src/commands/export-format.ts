// What export writes: read by the command line (cli.ts) without loading the export command itself.

export const EXPORT_FORMATS = ['perfetto', 'otlp', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
