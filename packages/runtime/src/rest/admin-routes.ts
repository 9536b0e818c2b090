import type { FastifyInstance } from 'fastify';
import { BadRequestException, NotFoundException } from '../herder/errors.js';
import type { ConnectLoggers } from '../worker/connect-loggers.js';

/** Kafka's LoggingResource: `/admin/loggers` on this worker's named loggers (scope=worker only). */
export function registerAdminRoutes(app: FastifyInstance, loggers: ConnectLoggers): void {
  app.get('/admin/loggers', async () => loggers.allLevels());
  app.get<{ Params: { logger: string } }>('/admin/loggers/:logger', async (req) => {
    const level = loggers.level(req.params.logger);
    if (!level) throw new NotFoundException(`Logger ${req.params.logger} not found.`);
    return level;
  });
  app.put<{ Params: { logger: string }; Querystring: { scope?: string } }>('/admin/loggers/:logger', async (req, reply) => {
    const body = req.body as Record<string, unknown> | undefined;
    const level = body && typeof body === 'object' ? body['level'] : undefined;
    if (typeof level !== 'string') throw new BadRequestException("Desired 'level' parameter was not specified in request.");
    if ((req.query.scope ?? 'worker').toLowerCase() === 'cluster') {
      // Standalone: the cluster is this worker. Kafka answers 204 for the cluster scope.
      setLevel(loggers, req.params.logger, level);
      return reply.status(204).send();
    }
    return setLevel(loggers, req.params.logger, level);
  });
}

function setLevel(loggers: ConnectLoggers, namespace: string, level: string): string[] {
  try {
    return loggers.setLevel(namespace, level);
  } catch (e) {
    // Kafka answers 404 for an unknown level.
    throw new NotFoundException((e as Error).message);
  }
}
