#!/usr/bin/env node
// First: V8 heap defaults must be set before the heap grows (imports are evaluated in order).
import './v8-heap-defaults.js';
import { Command } from 'commander';
import { processIo } from './cli/io.js';
import { registerClientCommands } from './cli/program.js';
import { version } from './version.js';
import { registerWorkerCommands } from './worker-commands.js';

const program = new Command()
  .name('tsconnect')
  .description('Kafka Connect in TypeScript: the reference worker')
  .version(version);

registerWorkerCommands(program);
// kcctl-like REST client commands (get, describe, apply, …): src/cli/.
registerClientCommands(program, processIo);

program.parseAsync().catch((e: unknown) => {
  console.error(`tsconnect: ${(e as Error).message}`);
  process.exit(1);
});
