import type { FastifyInstance } from 'fastify';
import { maskConfig } from '../config/mask-config.js';
import { WORKER_CONFIG_DEF } from '../config/worker-config.js';
import type { RestServerOptions } from './rest-server.js';

/** `GET /` (Kafka's RootResource) plus the seed's `/config/worker` and `/cluster/status`. */
export function registerRootRoutes(app: FastifyInstance, o: RestServerOptions): void {
  app.get('/', async () => ({ version: o.version, commit: o.commit, kafka_cluster_id: await o.herder.kafkaClusterId() }));
  // Masked again here with the worker ConfigDef's PASSWORD keys (e.g. rest.basic.auth.user.info).
  app.get('/config/worker', async () => maskConfig(o.herder.workerConfig(), WORKER_CONFIG_DEF));
  // Kafka's RootResource.healthCheck (KIP-1017): 503 while starting, 200 once ready.
  app.get('/health', async (_req, reply) => (o.isReady?.() ?? true)
    ? reply.status(200).send({ status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' })
    : reply.status(503).send({ status: 'starting', message: 'Worker is still starting up.' }));
  app.get('/cluster/status', async () => o.herder.clusterStatus());
}
