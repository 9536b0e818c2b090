#!/usr/bin/env node
import { Command } from 'commander';
import { loadConnectorConfigFile, loadWorkerProps, startDistributedWorker, startStandaloneWorker } from '@tsconnect/runtime';
import { builtinPlugins } from './builtin-plugins.js';
import { consoleRestExtensions } from './console.js';
import { processIo } from './cli/io.js';
import { registerClientCommands } from './cli/program.js';
import { version } from './version.js';

const program = new Command()
  .name('tsconnect')
  .description('Kafka Connect in TypeScript: the reference worker')
  .version(version);

program
  .command('standalone')
  .description('run a standalone worker (like connect-standalone.sh): offsets in a local file, connectors from files or REST')
  .argument('<worker.properties>', 'worker config (CONNECT_* environment variables override it)')
  .argument('[connector...]', 'connector configs to create at start (.json as for POST /connectors, or .properties)')
  .action(async (workerFile: string, connectorFiles: string[]) => {
    const workerProps = await loadWorkerProps(workerFile);
    const plugins = builtinPlugins();
    const worker = await startStandaloneWorker({
      workerProps,
      plugins,
      connectorConfigs: await Promise.all(connectorFiles.map(loadConnectorConfigFile)),
      restExtensions: consoleRestExtensions({ workerProps, plugins }),
    });
    console.error(`tsconnect standalone worker ${worker.workerId} listening on ${worker.restUrl}`);
    const shutdown = () => {
      worker.stop().then(
        () => process.exit(0),
        (e: unknown) => {
          console.error(e);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('distributed')
  .description('run a distributed worker (like connect-distributed.sh): joins group.id; configs, offsets and states in Kafka topics')
  .argument('<worker.properties>', 'worker config (CONNECT_* environment variables override it)')
  .action(async (workerFile: string) => {
    const workerProps = await loadWorkerProps(workerFile);
    const plugins = builtinPlugins();
    const worker = await startDistributedWorker({ workerProps, plugins, restExtensions: consoleRestExtensions({ workerProps, plugins }) });
    console.error(`tsconnect distributed worker ${worker.workerId} listening on ${worker.restUrl}`);
    const shutdown = () => {
      worker.stop().then(
        () => process.exit(0),
        (e: unknown) => {
          console.error(e);
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

// kcctl-like REST client commands (get, describe, apply, …): src/cli/.
registerClientCommands(program, processIo);

program.parseAsync().catch((e: unknown) => {
  console.error(`tsconnect: ${(e as Error).message}`);
  process.exit(1);
});
