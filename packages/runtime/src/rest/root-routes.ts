import type { FastifyInstance } from 'fastify';
import type { RestServerOptions } from './rest-server.js';

/** `GET /` (Kafka's RootResource) plus the seed's `/config/worker` and `/cluster/status`. */
export function registerRootRoutes(app: FastifyInstance, o: RestServerOptions): void {
  app.get('/', async () => ({ version: o.version, commit: o.commit, kafka_cluster_id: await o.herder.kafkaClusterId() }));
  app.get('/config/worker', async () => o.herder.workerConfig());
  app.get('/cluster/status', async () => o.herder.clusterStatus());
}
