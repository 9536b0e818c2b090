import { Command, CommanderError } from 'commander';
import { registerApplyCommands } from './apply-commands.js';
import { registerCompletionCommands } from './completion-commands.js';
import { registerConfigCommands } from './config-commands.js';
import { registerDescribeCommands } from './describe-commands.js';
import { registerGetCommands } from './get-commands.js';
import type { CliIo } from './io.js';
import { registerLifecycleCommands } from './lifecycle-commands.js';
import { registerLogsCommands } from './logs-commands.js';
import { registerOffsetsCommands } from './offsets-commands.js';

/**
 * The kcctl-like client commands (they speak only the documented Kafka Connect REST API, so
 * they manage Java workers too). Added to the worker's own `tsconnect` program by cli.ts.
 */
export function registerClientCommands(program: Command, io: CliIo): Command {
  registerGetCommands(program, io);
  registerDescribeCommands(program, io);
  registerApplyCommands(program, io);
  registerLifecycleCommands(program, io);
  registerOffsetsCommands(program, io);
  registerLogsCommands(program, io);
  registerConfigCommands(program, io);
  registerCompletionCommands(program, io);
  return program;
}

/** A program with only the client commands, writing to `io` and throwing instead of exiting. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('tsconnect')
    .description('Kafka Connect REST client')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  return registerClientCommands(program, io);
}

/** Runs `args` (without node and script) as cli.ts would; resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io.stderr(`tsconnect: ${(e as Error).message}\n`);
    return 1;
  }
}
