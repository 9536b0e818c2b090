import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Kafka, logLevel } from 'kafkajs';
import { ConfigTransformer, type PluginRegistry } from '@tsconnect/runtime';
import type { NamedConverter } from './console/message-decoder.js';
import { registerTopicRoutes, type ConvertersFor } from './console/topic-routes.js';
import { TopicReader } from './console/topic-reader.js';

export interface ConsoleOptions {
  /** The worker's properties: `bootstrap.servers` and the worker's key/value converters. */
  readonly workerProps: Readonly<Record<string, string>>;
  /** Converters to decode messages with (the worker's registry). */
  readonly plugins: PluginRegistry;
  /** The built console (default: `@tsconnect/console`'s dist/). */
  readonly distDir?: string;
}

/**
 * The web console as a REST extension: the built app at `/ui/` and its two Kafka endpoints under
 * `/ui/api/`. Worker auth (basic auth hook) covers these routes too, so the browser prompts.
 * Use: `startStandaloneWorker({ …, restExtensions: consoleRestExtensions({ workerProps, plugins }) })`.
 */
export function consoleRestExtensions(o: ConsoleOptions): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    // Only these keys matter here; standalone and distributed props both have them.
    const props = ConfigTransformer.fromWorkerProps(o.workerProps).transform(o.workerProps);
    const brokers = (props['bootstrap.servers'] ?? 'localhost:9092').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const kafka = new Kafka({ clientId: `${props['client.id'] || 'tsconnect'}-console`, brokers, logLevel: logLevel.NOTHING });
    const reader = new TopicReader(kafka);
    app.addHook('onClose', async () => reader.close());
    registerTopicRoutes(app, reader, convertersFor(o.plugins, props));

    const root = o.distDir ?? defaultDistDir();
    app.get('/ui', async (_req, reply) => reply.redirect('/ui/'));
    if (root && existsSync(join(root, 'index.html'))) {
      await app.register(fastifyStatic, { root, prefix: '/ui/', decorateReply: false, index: ['index.html'] });
    } else {
      app.get('/ui/', async (_req, reply) => reply.status(503).type('text/plain')
        .send(`The console is not built (no index.html in ${root ?? '@tsconnect/console/dist'}): run npm run build -w @tsconnect/console`));
    }
  };
}

function defaultDistDir(): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('@tsconnect/console/package.json')), 'dist');
  } catch {
    return null; // a worker installed without the console
  }
}

/**
 * As Kafka's Plugins.newConverter: a connector's own `key.converter` with its `key.converter.*`
 * keys when set, else the worker's. The worker's pair is built once.
 */
function convertersFor(plugins: PluginRegistry, worker: Readonly<Record<string, string>>): ConvertersFor {
  const make = (props: Readonly<Record<string, string>>, which: 'key' | 'value'): NamedConverter | null => {
    const cls = props[`${which}.converter`];
    if (!cls) return null;
    const plugin = plugins.find(cls, ['converter']);
    if (!plugin) return null;
    const converter = plugin.create();
    const prefix = `${which}.converter.`;
    const sub = Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
    converter.configure({ ...sub, 'converter.type': which }, which === 'key');
    return { name: plugin.className.split('.').pop()!, converter };
  };
  const workerPair = { key: make(worker, 'key'), value: make(worker, 'value') };
  return (connector) => (connector === null ? workerPair : {
    key: connector['key.converter'] ? make(connector, 'key') : workerPair.key,
    value: connector['value.converter'] ? make(connector, 'value') : workerPair.value,
  });
}
