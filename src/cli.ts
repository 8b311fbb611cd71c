#!/usr/bin/env node
// Entry point: the commander program, dispatch (each command's modules are loaded only when it runs: start-up
// time counts on small inputs), and the one top-level handler that turns every failure into a
// one-line message and an exit code (0 clean, 1 findings, 2 bad usage or input).

import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { EXIT_USAGE, NovatraceError } from './model/errors.js';
import { randomBytes } from 'node:crypto';
import { Output, PipeClosed } from './io/output.js';
import { CHECK_FORMATS } from './commands/check-format.js';
import { EXPORT_FORMATS } from './commands/export-format.js';
import {
  addCacheOptions, addColor, addEntryNarrowing, addOperationFilterOptions, addParseOptions, analyzeOptions, exportOptions, checkOptions, duration, followOptions,
  hostName, hostOptions, instance, mergeOptions, oneOf, requestId, statsOptions, traceOptions, wholeNumber,
} from './commands/options.js';
import type { Given } from './commands/options.js';
import { escapeControl } from './format/escape.js';
import { boundInlining } from './commands/v8-settings.js';

/** package.json sits one level above both src/ and dist/. */
function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const warn = (message: string): void => {
  process.stderr.write(`novatrace: warning: ${escapeControl(message)}\n`);
};

function program(out: Output, setExit: (code: number) => void): Command {
  const root = new Command('novatrace')
    .description('Reconstruct what OpenStack Nova did from its service logs.')
    .version(version(), '-V, --version', 'print the version')
    .option('--debug', 'show stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // Under GitHub Actions, a command that prints text (log lines among it), not JSON, JUnit or GitHub annotations,
  // has it guarded so that a log line cannot be read as a workflow command. follow prints NDJSON or draws its UI.
  root.hook('preAction', (_root, command) => {
    const { json, format } = command.opts<{ json?: boolean; format?: string }>();
    if (process.env['GITHUB_ACTIONS'] === 'true' && command.name() !== 'follow' && json !== true && (format ?? 'text') === 'text') {
      out.guardText(randomBytes(16).toString('hex'));
    }
  });

  addCacheOptions(addParseOptions(
    root.command('stats')
      .description('per file: dialects, lines, entries, continuation, noise and unparsed lines, services, hosts, time range')
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .option('--json', 'print one JSON document instead of text'),
  )).action(async (paths: string[], o: Given) => {
    const { runStats } = await import('./commands/stats.js');
    setExit(await runStats(paths, statsOptions(o), out, warn));
  });

  addCacheOptions(addParseOptions(addColor(addEntryNarrowing(
    root.command('merge')
      .description('all entries of all inputs as one time-ordered stream, each prefixed with [host/service]')
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .option('--json', 'print one JSON entry per line (NDJSON)')
      .option('--request <id>', 'only entries of this request ID, or of those it begins (local or global; req- optional)', requestId)
      .option('--instance <uuid>', 'only entries about this instance (its UUID, or the first 8 characters or more)', instance),
    'entries')
      .option('--since <time>', 'only entries at or after this time (ISO 8601; zone-less is read in --tz)')
      .option('--until <time>', 'only entries at or before this time'), 'the entries'),
  )).action(async (paths: string[], o: Given) => {
    const { runMerge } = await import('./commands/merge.js');
    setExit(await runMerge(paths, mergeOptions(o), out, warn));
  });

  addCacheOptions(addParseOptions(addColor(addOperationFilterOptions(
    root.command('analyze')
      .description('every Nova operation in the logs: type, instance, outcome, duration, hosts, request ID')
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .option('--json', 'print one JSON document (docs/json.md)')
      .option('--no-tui', 'print the table even on a terminal (no terminal UI)'),
  ), 'the table'))).action(async (paths: string[], o: Given) => {
    const { runAnalyze } = await import('./commands/analyze.js');
    setExit(await runAnalyze(paths, analyzeOptions(o), out, warn));
  });

  addCacheOptions(addParseOptions(addOperationFilterOptions(
    root.command('export')
      .description('operations as a trace to share: Perfetto/Chrome trace JSON, OTLP/JSON (Jaeger), or one self-contained HTML page')
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .addOption(oneOf('--format <format>', 'perfetto (ui.perfetto.dev, chrome://tracing), otlp (Jaeger) or html (docs/export.md)', EXPORT_FORMATS).makeOptionMandatory())
      .option('-o, --output <file>', 'write to this file instead of stdout'),
  ))).action(async (paths: string[], o: Given) => {
    const { runExport } = await import('./commands/export.js');
    setExit(await runExport(paths, exportOptions(o), out, warn));
  });

  addParseOptions(
    root.command('follow')
      .description('operations as they happen, from log files being written (like tail -F) or stdin: a live UI on a terminal, NDJSON events otherwise')
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .option('--from-start', 'read what the files already hold first (default: start at their end)')
      .addOption(new Option('--settle <duration>', 'an operation whose lines do not say it is done is finished after this much quiet')
        .argParser(duration('--settle')).default(5000, '5s'))
      .addOption(new Option('--idle-timeout <duration>', 'an operation with no new entry for this long is stalled (250ms, 30s, 10m, 1h)')
        .argParser(duration('--idle-timeout')).default(600_000, '10m'))
      .addOption(new Option('--keep <n>', 'finished operations kept; older ones are dropped and counted').argParser(wholeNumber('--keep', 'operations', 1)).default(10_000))
      .option('--no-tui', 'print NDJSON events even on a terminal'),
  ).action(async (paths: string[], o: Given) => {
    const { runFollow } = await import('./commands/follow.js');
    setExit(await runFollow(paths, followOptions(o), out, warn));
  });

  addCacheOptions(addParseOptions(addColor(addEntryNarrowing(
    root.command('trace')
      .description('the timeline of one operation (by request ID) or of every operation of an instance')
      .argument('<id>', 'a request ID (req-...) or an instance UUID, or the first 4 characters or more of one')
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .option('--json', 'print the operations with their entries as JSON'),
    'the entries'), 'the timeline'),
  )).action(async (id: string, paths: string[], o: Given) => {
    const { runTrace } = await import('./commands/trace.js');
    setExit(await runTrace(id, paths, traceOptions(o), out, warn));
  });

  addCacheOptions(addParseOptions(
    root.command('host')
      .description('a compute host that failed, as one incident: its silence, force-down, each instance\'s evacuation, its return and clean-up')
      .argument('<host>', 'the compute host, by its short name or FQDN', hostName)
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .option('--json', 'print one JSON document for the host (docs/hosts.md)'),
  )).action(async (host: string, paths: string[], o: Given) => {
    const { runHost } = await import('./commands/host.js');
    setExit(await runHost(host, paths, hostOptions(o), out, warn));
  });

  addParseOptions(addColor(
    root.command('check')
      .description('CI gate: every operation succeeded, within its budgets, no unexpected error logged (exit 0 pass, 1 fail, 2 bad input)')
      .argument('<paths...>', 'log files, folders, globs, or - for stdin')
      .option('--rules <file>', 'rules file, YAML or JSON (default: every operation succeeds, no ERROR/CRITICAL entry or traceback anywhere)')
      .option('--signatures <dir>', 'folder of known-failure signatures, one YAML or JSON file per bug')
      .option('--baseline <report>', 'a previous check --format json or analyze --json: fail when a median duration grew too much')
      .option('--allow-known', 'failures that known-bug signatures fully explain do not fail the run')
      .addOption(oneOf('--format <format>', 'how the verdict is printed', CHECK_FORMATS, 'text')),
    'the text verdict'),
  ).action(async (paths: string[], o: Given) => {
    const { runCheck } = await import('./commands/check.js');
    setExit(await runCheck(paths, checkOptions(o), out, warn));
  });

  return root;
}

async function main(argv: readonly string[]): Promise<number> {
  boundInlining();
  const out = new Output();
  let code = 0;
  const root = program(out, (c) => {
    code = c;
  });
  try {
    await root.parseAsync([...argv]);
    await out.end();
    return code;
  } catch (error) {
    if (error instanceof PipeClosed) return code;
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed its message.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof NovatraceError) {
      process.stderr.write(`novatrace: ${escapeControl(error.message)}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`novatrace: internal error: ${escapeControl(message)}\n`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 70;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 70;
  },
);
