import type { Command } from 'commander';
import { ConnectClient } from './client.js';
import { resolveTarget, type TargetOptions } from './contexts.js';
import type { CliIo } from './io.js';
import { parseFormat } from './output.js';

export interface CommonOptions extends TargetOptions {
  output?: string;
}

/** `--url` / `--context` on every command that talks to a worker. */
export function withTarget(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'Kafka Connect REST URL (overrides the context; stored credentials are not sent)')
    .option('--context <name>', 'use this context instead of the current one');
}

/** `-o table|json|yaml` on commands that print data. */
export function withOutput(cmd: Command, extra: readonly string[] = []): Command {
  return cmd.option('-o, --output <format>', `output format: ${['table', 'json', 'yaml', ...extra].join(', ')}`, 'table');
}

export async function clientFor(io: CliIo, o: CommonOptions): Promise<ConnectClient> {
  return new ConnectClient(await resolveTarget(io, o));
}

/** Validates `-o` before any request, so a typo costs no REST call. */
export function formatOf(o: CommonOptions, extra: readonly string[] = []): string {
  return parseFormat(o.output, ['table', 'json', 'yaml', ...extra]);
}
