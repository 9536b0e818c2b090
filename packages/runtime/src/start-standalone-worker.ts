import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { parseProperties } from './config/properties-parser.js';
import { parseWorkerConfig, type WorkerConfig } from './config/worker-config.js';
import { bootstrapWorker, clusterIdLookup, listenAddress, localRestUrl } from './worker-bootstrap.js';
import { StandaloneHerder } from './herder/standalone-herder.js';
import type { Herder } from './herder/herder.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { createRestServer } from './rest/rest-server.js';
import { restBasicAuthUsers, restTlsOptions } from './rest/rest-security.js';
import { MemoryConfigBackingStore } from './storage/config-backing-store.js';
import { FileOffsetBackingStore } from './storage/file-offset-backing-store.js';
import { MemoryStatusBackingStore } from './storage/status-backing-store.js';
import { createKafka } from './worker/kafka-clients.js';
import { ConnectorOffsetsService } from './worker/connector-offsets.js';
import { LOGGER_NAMES } from './worker/connect-loggers.js';
import { Worker } from './worker/worker.js';

/** A connector config as in a standalone connector file: flat props, or `{name, config}` (JSON). */
export type ConnectorConfigInput = Readonly<Record<string, string>> | { readonly name: string; readonly config: Readonly<Record<string, string>> };

export interface StandaloneWorkerOptions {
  /** worker.properties contents (see `loadWorkerProps` for file + CONNECT_* env). */
  readonly workerProps: Readonly<Record<string, string>>;
  /** The plugins the app registered; `plugin.path` packages are added to it. */
  readonly plugins: PluginRegistry;
  /** Connectors to create at startup, like the extra arguments of connect-standalone. */
  readonly connectorConfigs?: readonly ConnectorConfigInput[];
  /** One logger for everything; default pino at `log.level` (or LOG_LEVEL). */
  readonly logger?: Logger;
  /** Extra routes/plugins (e.g. the web console at `/ui`), registered on the REST server before it listens. */
  readonly restExtensions?: (app: FastifyInstance) => void | Promise<void>;
}

export interface StandaloneWorker {
  /** e.g. `http://127.0.0.1:8083` */
  readonly restUrl: string;
  readonly workerId: string;
  readonly herder: Herder;
  readonly config: WorkerConfig;
  /** Stops tasks (flushing source offsets), connectors, the REST server and Kafka clients. */
  stop(): Promise<void>;
}

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Starts a standalone worker (Kafka's ConnectStandalone): parses the worker config, loads
 * `plugin.path` packages, opens the offsets file, starts the REST server, then creates the
 * given connectors. Throws (after cleaning up) if any of them is invalid.
 */
export async function startStandaloneWorker(options: StandaloneWorkerOptions): Promise<StandaloneWorker> {
  const registry = options.plugins;
  const { config, configTransformer, logger, loggers } =
    await bootstrapWorker(options.workerProps, parseWorkerConfig, (c) => c, registry, options.logger);
  const kafka = createKafka(config, logger);
  const offsetStore = new FileOffsetBackingStore(config.offsetStorageFileFilename);
  await offsetStore.start();
  const worker = new Worker(config, registry, kafka, offsetStore, loggers.get(LOGGER_NAMES.worker), { loggers, configTransformer });
  const { host, port } = listenAddress(config);
  let workerId = '';
  const herder = new StandaloneHerder({
    worker, registry, logger, clusterId: clusterIdLookup(kafka, logger),
    configStore: new MemoryConfigBackingStore(), statusStore: new MemoryStatusBackingStore(),
    get workerId() { return workerId; },
  });
  let ready = false;
  const https = restTlsOptions(config);
  const app = createRestServer({
    herder, logger, version: pkg.version, commit: 'unknown',
    metrics: worker.metrics, loggers, plugins: registry, offsets: new ConnectorOffsetsService(herder, offsetStore, kafka),
    isReady: () => ready, basicAuth: restBasicAuthUsers(config), ...(https ? { https } : {}),
  });
  try {
    if (options.restExtensions) await options.restExtensions(app);
  } catch (e) {
    await app.close();
    await herder.stop();
    await offsetStore.stop();
    throw e;
  }
  await app.listen({ host, port });
  const bound = (app.server.address() as AddressInfo).port;
  workerId = `${config.restAdvertisedHostName ?? hostname()}:${config.restAdvertisedPort ?? bound}`;
  const restUrl = localRestUrl(host, bound, !!https);
  logger.info({ restUrl, workerId }, 'Kafka Connect (tsconnect) standalone worker started');

  const stop = async (): Promise<void> => {
    await app.close().catch((e: unknown) => logger.warn({ err: e }, 'Error closing REST server'));
    await herder.stop();
    await offsetStore.stop();
    logger.info('Kafka Connect (tsconnect) standalone worker stopped');
  };

  try {
    for (const input of options.connectorConfigs ?? []) {
      const { name, config: props } = normalizeConnectorInput(input);
      await herder.putConnectorConfig(name, { ...props, name }, false);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  ready = true;
  return { restUrl, workerId, herder, config, stop };
}

function normalizeConnectorInput(input: ConnectorConfigInput): { name: string; config: Readonly<Record<string, string>> } {
  if ('config' in input && typeof input.config === 'object' && input.config !== null) {
    return { name: String(input.name), config: input.config };
  }
  const props = input as Readonly<Record<string, string>>;
  const name = props['name'];
  if (!name) throw new Error('Invalid value null for configuration name: a connector config needs "name"');
  return { name, config: props };
}

/** Reads a connector config file: `.json` (flat or `{name, config}`) or Java properties. */
export async function loadConnectorConfigFile(path: string): Promise<ConnectorConfigInput> {
  const text = await readFile(path, 'utf8');
  if (path.endsWith('.json')) {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const stringify = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
    if (parsed['config'] && typeof parsed['config'] === 'object') {
      return { name: String(parsed['name'] ?? (parsed['config'] as Record<string, unknown>)['name'] ?? ''), config: stringify(parsed['config'] as Record<string, unknown>) };
    }
    return stringify(parsed);
  }
  return parseProperties(text);
}
