import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyError } from 'fastify';
import type { Logger } from 'pino';
import { ConnectRestException } from '../herder/errors.js';
import type { Herder } from '../herder/herder.js';
import { registerConnectorRoutes } from './connectors-routes.js';
import { registerPluginRoutes } from './plugins-routes.js';
import { registerRootRoutes } from './root-routes.js';

export interface RestServerOptions {
  readonly herder: Herder;
  readonly logger: Logger;
  readonly version: string;
  readonly commit: string;
}

/**
 * Kafka Connect's REST API on fastify: same paths, status codes and
 * `{"error_code": <status>, "message": "…"}` error bodies (Kafka's ConnectExceptionMapper).
 */
export function createRestServer(o: RestServerOptions): FastifyInstance {
  const app: FastifyInstance = Fastify({
    // fastify logs every request at info; keep those at debug level only.
    loggerInstance: o.logger.child({ component: 'rest' }, { level: o.logger.isLevelEnabled('debug') ? o.logger.level : 'warn' }) as unknown as FastifyBaseLogger,
  });
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
  registerRootRoutes(app, o);
  registerConnectorRoutes(app, o.herder);
  registerPluginRoutes(app, o.herder);
  return app;
}
