import type { Command } from 'commander';

/** A running worker, either mode. */
interface RunningWorker {
  readonly workerId: string;
  readonly restUrl: string;
  stop(): Promise<void>;
}

/**
 * `tsconnect standalone|distributed`: the worker itself. The runtime and every plugin are
 * imported only when one of these runs, so the REST client commands start fast.
 */
export function registerWorkerCommands(program: Command): void {
  program
    .command('standalone')
    .description('run a standalone worker (like connect-standalone.sh): offsets in a local file, connectors from files or REST')
    .argument('<worker.properties>', 'worker config (CONNECT_* environment variables override it)')
    .argument('[connector...]', 'connector configs to create at start (.json as for POST /connectors, or .properties)')
    .action(async (workerFile: string, connectorFiles: string[]) => {
      const { loadConnectorConfigFile, startStandaloneWorker } = await import('@tsconnect/runtime');
      const { workerProps, plugins, restExtensions } = await workerSetup(workerFile);
      const connectorConfigs = await Promise.all(connectorFiles.map(loadConnectorConfigFile));
      runUntilSignal('standalone', await startStandaloneWorker({ workerProps, plugins, connectorConfigs, restExtensions }));
    });

  program
    .command('distributed')
    .description('run a distributed worker (like connect-distributed.sh): joins group.id; configs, offsets and states in Kafka topics')
    .argument('[worker.properties]', 'worker config (CONNECT_* environment variables override it; optional: env vars alone, as in the Confluent image)')
    .action(async (workerFile: string | undefined) => {
      const { startDistributedWorker } = await import('@tsconnect/runtime');
      runUntilSignal('distributed', await startDistributedWorker(await workerSetup(workerFile ?? null)));
    });
}

async function workerSetup(workerFile: string | null) {
  const [{ loadWorkerProps }, { builtinPlugins }, { consoleRestExtensions }] = await Promise.all([
    import('@tsconnect/runtime'),
    import('./builtin-plugins.js'),
    import('./console.js'),
  ]);
  const workerProps = await loadWorkerProps(workerFile);
  const plugins = builtinPlugins();
  return { workerProps, plugins, restExtensions: consoleRestExtensions({ workerProps, plugins }) };
}

/** Logs where the worker listens and stops it cleanly on SIGINT/SIGTERM. */
function runUntilSignal(mode: string, worker: RunningWorker): void {
  console.error(`tsconnect ${mode} worker ${worker.workerId} listening on ${worker.restUrl}`);
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
}
