/**
 * A standalone worker process for the exactly-once tests:
 * `node main.mjs '<worker props json>' '<connector configs json array>'`.
 * Prints `READY <restUrl>` once it runs; SIGTERM stops it cleanly (kill -9 is the point of the tests).
 */
import { pino } from 'pino';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { startStandaloneWorker } from '../start-standalone-worker.js';
import { exactlyOnceTestPlugins } from './exactly-once-test-plugins.js';
import { testPlugins } from './test-plugins.js';

const props = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const connectors = JSON.parse(process.argv[3] ?? '[]') as Record<string, string>[];
const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const worker = await startStandaloneWorker({
  workerProps: props, connectorConfigs: connectors, logger,
  plugins: new PluginRegistry().register(...testPlugins, ...exactlyOnceTestPlugins),
});
process.stdout.write(`READY ${worker.restUrl}\n`);
process.once('SIGTERM', () => {
  worker.stop().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
});
