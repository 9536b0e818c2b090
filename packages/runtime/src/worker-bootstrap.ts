import type { Kafka } from 'kafkajs';
import { pino, type Logger } from 'pino';
import { ConfigTransformer } from './config-providers/config-transformer.js';
import type { WorkerConfig } from './config/worker-config.js';
import { loadPluginPath } from './plugins/plugin-path.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { ConnectLoggers } from './worker/connect-loggers.js';

/** What both worker modes set up before their storage: resolved config, loggers, plugins. */
export interface WorkerBootstrap<C> {
  readonly config: C;
  readonly configTransformer: ConfigTransformer;
  readonly logger: Logger;
  readonly loggers: ConnectLoggers;
}

/**
 * Resolves `${provider:…}` references in the worker props (as Kafka's WorkerConfig does), parses
 * them with the mode's parser, loads `plugin.path` packages and checks the worker's converters
 * exist, so a typo fails at startup with the key named rather than at the first task.
 */
export async function bootstrapWorker<C>(
  props: Readonly<Record<string, string>>,
  parse: (props: Readonly<Record<string, string>>) => C,
  workerConfigOf: (config: C) => WorkerConfig,
  registry: PluginRegistry,
  givenLogger: Logger | undefined,
): Promise<WorkerBootstrap<C>> {
  const configTransformer = ConfigTransformer.fromWorkerProps(props);
  const config = parse(configTransformer.transform(props));
  const wc = workerConfigOf(config);
  const logger = givenLogger ?? pino({ level: wc.logLevel, name: 'tsconnect' });
  await loadPluginPath(registry, wc.pluginPath, logger.child({ component: 'plugin-path' }));
  const converters: [string, string | null, 'converter' | 'header_converter'][] = [
    ['key.converter', wc.keyConverter, 'converter'],
    ['value.converter', wc.valueConverter, 'converter'],
    ['header.converter', wc.headerConverter, 'header_converter'],
  ];
  for (const [key, cls, type] of converters) {
    if (cls && !registry.find(cls, [type])) {
      throw new Error(`Invalid value ${cls} for configuration ${key}: Class ${cls} could not be found.`);
    }
  }
  return { config, configTransformer, logger, loggers: new ConnectLoggers(logger) };
}

/** The Kafka cluster id for `GET /`, looked up once; null (and retried next time) when unreachable. */
export function clusterIdLookup(kafka: Kafka, logger: Logger): () => Promise<string | null> {
  let clusterId: Promise<string | null> | null = null;
  return () => {
    clusterId ??= (async () => {
      const admin = kafka.admin();
      try {
        await admin.connect();
        return (await admin.describeCluster()).clusterId;
      } finally {
        await admin.disconnect();
      }
    })().catch((e: unknown) => {
      clusterId = null;
      logger.warn({ err: e }, 'Could not look up the Kafka cluster id');
      return null;
    });
    return clusterId;
  };
}

/** `listeners` (first http(s) URL) wins over `rest.host.name`/`rest.port`, as in Kafka. */
export function listenAddress(config: WorkerConfig): { host: string; port: number } {
  const listener = config.listeners[0];
  if (listener) {
    const m = /^https?:\/\/(\[[^\]]*\]|[^:/]*)(?::(\d+))?\/?$/.exec(listener);
    if (!m) throw new Error(`Invalid value ${listener} for configuration listeners: expected e.g. http://0.0.0.0:8083`);
    return { host: m[1] === '' ? '0.0.0.0' : m[1]!.replace(/^\[|\]$/g, ''), port: m[2] === undefined ? 8083 : Number(m[2]) };
  }
  return { host: config.restHostName ?? '0.0.0.0', port: config.restPort };
}

/** The URL clients on this machine reach the bound listener at. */
export function localRestUrl(host: string, port: number, https: boolean): string {
  return `${https ? 'https' : 'http'}://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}
