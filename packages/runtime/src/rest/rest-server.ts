import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyError } from 'fastify';
import type { Logger } from 'pino';
import { ConnectRestException } from '../herder/errors.js';
import type { Herder } from '../herder/herder.js';
import type { ConnectMetrics } from '../metrics/connect-metrics.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { ConnectLoggers } from '../worker/connect-loggers.js';
import type { ConnectorOffsetsService } from '../worker/connector-offsets.js';
import { registerAdminRoutes } from './admin-routes.js';
import { basicAuthHook, type BasicAuthUsers } from './basic-auth.js';
import { registerConnectorRoutes } from './connectors-routes.js';
import { registerOffsetsRoutes } from './offsets-routes.js';
import { registerPluginRoutes } from './plugins-routes.js';
import { registerRootRoutes } from './root-routes.js';

export interface RestServerOptions {
  readonly herder: Herder;
  readonly logger: Logger;
  readonly version: string;
  readonly commit: string;
  /** `GET /metrics` (Prometheus text); absent: 404. Usually `worker.metrics`. */
  readonly metrics?: ConnectMetrics;
  /** `/admin/loggers`; absent: only the root logger. Usually `worker.loggers`. */
  readonly loggers?: ConnectLoggers;
  /** KIP-875 offsets when the herder does not implement them. */
  readonly offsets?: ConnectorOffsetsService;
  /** `GET /connector-plugins/{p}/config` needs the plugins' ConfigDefs. */
  readonly plugins?: PluginRegistry;
  /** `GET /health` answers 503 "starting" until this returns true (default: always ready). */
  readonly isReady?: () => boolean;
  /** HTTP basic auth users (`rest.basic.auth.user.info`); absent: no authentication. */
  readonly basicAuth?: BasicAuthUsers;
  /** TLS for an `https://` listener (PEM key and certificate). */
  readonly https?: { readonly key: Buffer; readonly cert: Buffer; readonly passphrase?: string };
}

/**
 * Kafka Connect's REST API on fastify: same paths, status codes and
 * `{"error_code": <status>, "message": "…"}` error bodies (Kafka's ConnectExceptionMapper).
 */
export function createRestServer(o: RestServerOptions): FastifyInstance {
  const app = Fastify({
    ...(o.https ? { https: { key: o.https.key, cert: o.https.cert, ...(o.https.passphrase ? { passphrase: o.https.passphrase } : {}) } } : {}),
    // fastify logs every request at info; keep those at debug level only.
    loggerInstance: o.logger.child({ component: 'rest' }, { level: o.logger.isLevelEnabled('debug') ? o.logger.level : 'warn' }) as unknown as FastifyBaseLogger,
  }) as unknown as FastifyInstance;
  if (o.basicAuth) app.addHook('onRequest', basicAuthHook(o.basicAuth));
  // Kafka accepts PUT/POST without a body (pause, restart…): an empty JSON body is "no body".
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new ConnectRestException(400, `Unable to parse request body as JSON: ${(e as Error).message}`), undefined);
    }
  });
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof ConnectRestException) {
      return reply.status(error.statusCode).send({ error_code: error.statusCode, message: error.message });
    }
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error_code: status, message: error.message });
    }
    request.log.error({ err: error, url: request.url, method: request.method }, 'Uncaught exception in REST call');
    return reply.status(500).send({ error_code: 500, message: error.message });
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error_code: 404, message: 'HTTP 404 Not Found' }));
  // A herder can supply what the caller did not pass (a distributed worker: its Worker's services).
  const fromHerder = o.herder.restServices?.() ?? {};
  const loggers = o.loggers ?? fromHerder.loggers;
  registerRootRoutes(app, o);
  registerConnectorRoutes(app, o.herder);
  registerPluginRoutes(app, o.herder, o.plugins ?? fromHerder.plugins);
  registerOffsetsRoutes(app, o.herder, o.offsets ?? fromHerder.offsets);
  if (loggers) registerAdminRoutes(app, loggers);
  const metrics = o.metrics ?? fromHerder.metrics;
  if (metrics) {
    app.get('/metrics', async (_req, reply) => reply.header('content-type', metrics.contentType).send(await metrics.render(o.herder)));
  }
  return app;
}
