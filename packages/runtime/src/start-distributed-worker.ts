import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { parseDistributedConfig, type DistributedConfig } from './distributed/distributed-config.js';
import { WorkerGroupMember } from './distributed/worker-group-member.js';
import { DistributedHerder } from './herder/distributed-herder.js';
import type { PluginRegistry } from './plugins/plugin-registry.js';
import { createRestServer } from './rest/rest-server.js';
import { restBasicAuthUsers, restTlsOptions } from './rest/rest-security.js';
import { KafkaConfigBackingStore } from './storage/kafka-config-backing-store.js';
import { KafkaOffsetBackingStore } from './storage/kafka-offset-backing-store.js';
import { KafkaStatusBackingStore } from './storage/kafka-status-backing-store.js';
import { createKafka } from './worker/kafka-clients.js';
import { LOGGER_NAMES } from './worker/connect-loggers.js';
import { Worker } from './worker/worker.js';
import { bootstrapWorker, clusterIdLookup, listenAddress, localRestUrl } from './worker-bootstrap.js';

export interface DistributedWorkerOptions {
  /** worker.properties contents (see `loadWorkerProps` for file + CONNECT_* env). */
  readonly workerProps: Readonly<Record<string, string>>;
  /** The plugins the app registered; `plugin.path` packages are added to it. */
  readonly plugins: PluginRegistry;
  /** One logger for everything; default pino at `log.level` (or LOG_LEVEL). */
  readonly logger?: Logger;
  /** Extra routes/plugins (e.g. the web console at `/ui`), registered on the REST server before it listens. */
  readonly restExtensions?: (app: FastifyInstance) => void | Promise<void>;
}

export interface DistributedWorker {
  /** e.g. `http://127.0.0.1:8083` */
  readonly restUrl: string;
  /** `<rest.advertised.host.name>:<port>`, the id in statuses and assignments. */
  readonly workerId: string;
  readonly herder: DistributedHerder;
  readonly config: DistributedConfig;
  /** Stops (and releases) local tasks and connectors, leaves the group, closes REST and Kafka clients. */
  stop(): Promise<void>;
}

const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Starts a distributed worker (Kafka's ConnectDistributed): reads the three internal topics to
 * their end (creating them compacted when missing), binds REST, then joins `group.id`.
 */
export async function startDistributedWorker(options: DistributedWorkerOptions): Promise<DistributedWorker> {
  const registry = options.plugins;
  const { config, configTransformer, logger, loggers } =
    await bootstrapWorker(options.workerProps, parseDistributedConfig, (c) => c.worker, registry, options.logger);
  const wc = config.worker;
  const kafka = createKafka(wc, logger);
  const offsetStore = new KafkaOffsetBackingStore(kafka, config.offsetTopic, logger.child({ component: 'offset-store' }));
  const statusStore = new KafkaStatusBackingStore(kafka, config.statusTopic, logger.child({ component: 'status-store' }));
  const configStore = new KafkaConfigBackingStore(kafka, config.configTopic, logger.child({ component: 'config-store' }));
  const started: { stop(): Promise<void> }[] = [];
  const cleanup = async () => { for (const s of started.reverse()) await s.stop().catch(() => undefined); };
  try {
    for (const s of [offsetStore, statusStore, configStore]) {
      await s.start();
      started.push(s);
    }
  } catch (e) {
    await cleanup();
    throw e;
  }

  const worker = new Worker(wc, registry, kafka, offsetStore, loggers.get(LOGGER_NAMES.worker), { loggers, configTransformer });
  const identity = { workerId: '', url: '' };
  const herder = new DistributedHerder({ worker, config: wc, registry, configStore, statusStore, identity, logger, clusterId: clusterIdLookup(kafka, logger) });
  const https = restTlsOptions(wc);
  const app = createRestServer({
    herder, logger, version: pkg.version, commit: 'unknown',
    metrics: worker.metrics, loggers, plugins: registry, basicAuth: restBasicAuthUsers(wc), ...(https ? { https } : {}),
  });
  const { host, port } = listenAddress(wc);
  try {
    if (options.restExtensions) await options.restExtensions(app);
  } catch (e) {
    await app.close();
    await cleanup();
    throw e;
  }
  await app.listen({ host, port });
  const bound = (app.server.address() as AddressInfo).port;
  const advertisedHost = wc.restAdvertisedHostName ?? (host === '0.0.0.0' || host === '::' ? hostname() : host);
  identity.workerId = `${advertisedHost}:${wc.restAdvertisedPort ?? bound}`;
  identity.url = `${https ? 'https' : 'http'}://${advertisedHost}:${wc.restAdvertisedPort ?? bound}/`;
  const restUrl = localRestUrl(host, bound, !!https);

  const member = new WorkerGroupMember(kafka, {
    groupId: config.groupId, topic: config.configTopic.topic,
    sessionTimeoutMs: config.sessionTimeoutMs, heartbeatIntervalMs: config.heartbeatIntervalMs, rebalanceTimeoutMs: config.rebalanceTimeoutMs,
    workerId: identity.workerId, url: identity.url, log: logger.child({ component: 'group-member' }),
  }, herder);
  try {
    await member.start();
  } catch (e) {
    await app.close();
    await cleanup();
    throw e;
  }
  logger.info({ restUrl, workerId: identity.workerId, groupId: config.groupId }, 'Kafka Connect (tsconnect) distributed worker started');

  const stop = async (): Promise<void> => {
    await herder.stop();
    await member.stop();
    await app.close().catch((e: unknown) => logger.warn({ err: e }, 'Error closing REST server'));
    await cleanup();
    logger.info('Kafka Connect (tsconnect) distributed worker stopped');
  };
  return { restUrl, workerId: identity.workerId, herder, config, stop };
}
