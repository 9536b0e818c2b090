// A standalone worker in its own process, for crash tests: the same startStandaloneWorker the
// `tsconnect standalone` CLI (apps/worker) runs, with only the JSON converter and this package's
// built plugin (dist/, so build first: the nx `test` target does). Usage:
//   node worker-child.mjs <worker-props.json> <connector.json>
import { readFileSync } from 'node:fs';
import { PluginRegistry, startStandaloneWorker } from '@tsconnect/runtime';
import { tsconnectPlugins as json } from '@tsconnect/converter-json';
import { tsconnectPlugins as s3 } from '@tsconnect/connector-s3';

const [propsFile, connectorFile] = process.argv.slice(2);
const worker = await startStandaloneWorker({
  workerProps: JSON.parse(readFileSync(propsFile, 'utf8')),
  plugins: new PluginRegistry().register(...json, ...s3),
  connectorConfigs: [JSON.parse(readFileSync(connectorFile, 'utf8'))],
});
console.log(`READY ${worker.restUrl}`);
process.once('SIGTERM', () => {
  worker.stop().then(() => process.exit(0), () => process.exit(1));
});
