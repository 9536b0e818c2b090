/**
 * A standalone worker process for exactly-once.it.test.ts:
 * `node main.mjs '<worker props json>' '<connector configs json array>'`; prints `READY <restUrl>`.
 */
import { pino } from 'pino';
import { tsconnectPlugins as json } from '@tsconnect/converter-json';
import { PluginRegistry, startStandaloneWorker } from '@tsconnect/runtime';
import { tsconnectPlugins as postgres } from '../plugin.js';

const props = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const connectors = JSON.parse(process.argv[3] ?? '[]') as Record<string, string>[];
const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'info' }, pino.destination(2));
const worker = await startStandaloneWorker({
  workerProps: props, connectorConfigs: connectors, logger, plugins: new PluginRegistry().register(...json, ...postgres),
});
process.stdout.write(`READY ${worker.restUrl}\n`);
process.once('SIGTERM', () => {
  worker.stop().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
});
