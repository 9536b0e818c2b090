/**
 * A distributed worker process for the integration tests: `node worker-main.mjs '<props json>'`.
 * Prints `READY <restUrl> <workerId>` once it runs; SIGTERM stops it cleanly.
 */
import { pino } from 'pino';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { startDistributedWorker } from '../start-distributed-worker.js';
import { distributedTestPlugins } from './distributed-test-plugins.js';
import { testPlugins } from './test-plugins.js';

const props = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const worker = await startDistributedWorker({ workerProps: props, plugins: new PluginRegistry().register(...testPlugins, ...distributedTestPlugins), logger });
process.stdout.write(`READY ${worker.restUrl} ${worker.workerId}\n`);
process.once('SIGTERM', () => {
  worker.stop().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
});
