import type { FastifyInstance } from 'fastify';
import { BadRequestException } from '../herder/errors.js';
import type { Herder } from '../herder/herder.js';
import { checkAndPutConnectorConfigName, configFromBody, parseTaskNumber } from './request-body.js';

type P = { Params: { connector: string } };
type PT = { Params: { connector: string; task: string } };

/** Kafka's ConnectorsResource: paths, status codes and bodies as in Kafka Connect. */
export function registerConnectorRoutes(app: FastifyInstance, herder: Herder): void {
  app.get('/connectors', async (req) => {
    const expand = expansions(req.query);
    const names = await herder.connectors();
    if (expand === null) return names;
    const out: Record<string, Record<string, unknown>> = {};
    for (const name of names) {
      try {
        const entry: Record<string, unknown> = {};
        for (const e of expand) {
          if (e === 'status') entry['status'] = await herder.connectorStatus(name);
          else if (e === 'info') entry['info'] = await herder.connectorInfo(name);
        }
        out[name] = entry;
      } catch {
        // deleted while listing: leave it out, as Kafka does
      }
    }
    return out;
  });

  app.post('/connectors', async (req, reply) => {
    const body = req.body as { name?: unknown; config?: unknown; initial_state?: unknown } | undefined;
    if (!body || typeof body !== 'object') throw new BadRequestException('Request body must be a JSON object with "name" and "config"');
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (body.config === undefined || body.config === null) throw new BadRequestException('Missing required field "config" in the request body');
    const config = configFromBody(body.config, 'connector config');
    checkAndPutConnectorConfigName(name, config);
    if (name.includes('/')) throw new BadRequestException(`Invalid value ${name} for configuration name: connector name should not contain '/'`);
    const created = await herder.putConnectorConfig(name, config, false);
    return reply.status(201).header('location', `/connectors/${encodeURIComponent(name)}`).send(created.result);
  });

  app.get<P>('/connectors/:connector', async (req) => herder.connectorInfo(req.params.connector));
  app.get<P>('/connectors/:connector/config', async (req) => herder.connectorConfig(req.params.connector));

  app.put<P>('/connectors/:connector/config', async (req, reply) => {
    const name = req.params.connector;
    const config = configFromBody(req.body, 'connector config');
    checkAndPutConnectorConfigName(name, config);
    const r = await herder.putConnectorConfig(name, config, true);
    if (r.created) reply.status(201).header('location', `/connectors/${encodeURIComponent(name)}`);
    return r.result;
  });

  app.patch<P>('/connectors/:connector/config', async (req) => {
    const name = req.params.connector;
    const patch = configFromBody(req.body, 'connector config patch', { allowNull: true });
    if (patch['name'] !== undefined && patch['name'] !== null && patch['name'] !== name) {
      throw new BadRequestException(`Connector name configuration (${patch['name']}) doesn't match connector name in the URL (${name})`);
    }
    return (await herder.patchConnectorConfig(name, patch)).result;
  });

  app.get<P>('/connectors/:connector/status', async (req) => herder.connectorStatus(req.params.connector));

  app.get<P>('/connectors/:connector/topics', async (req) => {
    const name = req.params.connector;
    return { [name]: await herder.connectorActiveTopics(name) };
  });
  app.put<P>('/connectors/:connector/topics/reset', async (req, reply) => {
    await herder.resetConnectorActiveTopics(req.params.connector);
    return reply.status(202).send();
  });

  app.get<P>('/connectors/:connector/tasks', async (req) => herder.taskConfigs(req.params.connector));
  // Deprecated in Kafka 3.7 (KIP-970), kept: `{"<connector>-<task>": {config}}`.
  app.get<P>('/connectors/:connector/tasks-config', async (req) => {
    req.log.warn("The 'GET /connectors/{connector}/tasks-config' endpoint is deprecated and will be removed in the next major release. Please use the 'GET /connectors/{connector}/tasks' endpoint instead.");
    const out: Record<string, Record<string, string>> = {};
    for (const t of await herder.taskConfigs(req.params.connector)) out[`${t.id.connector}-${t.id.task}`] = t.config;
    return out;
  });
  app.get<PT>('/connectors/:connector/tasks/:task/status', async (req) =>
    herder.taskStatus(req.params.connector, parseTaskNumber(req.params.task)));
  app.post<PT>('/connectors/:connector/tasks/:task/restart', async (req, reply) => {
    await herder.restartTask(req.params.connector, parseTaskNumber(req.params.task));
    return reply.status(204).send();
  });

  app.post<P & { Querystring: { includeTasks?: string; onlyFailed?: string } }>('/connectors/:connector/restart', async (req, reply) => {
    const includeTasks = req.query.includeTasks === 'true';
    const onlyFailed = req.query.onlyFailed === 'true';
    if (!includeTasks && !onlyFailed) {
      // Kafka's backward-compatible form: restart only the connector instance, 204 without body.
      await herder.restartConnector(req.params.connector);
      return reply.status(204).send();
    }
    const state = await herder.restartConnectorAndTasks({ connector: req.params.connector, includeTasks, onlyFailed });
    return reply.status(202).send(state);
  });

  app.put<P>('/connectors/:connector/pause', async (req, reply) => {
    await herder.pauseConnector(req.params.connector);
    return reply.status(202).send();
  });
  app.put<P>('/connectors/:connector/resume', async (req, reply) => {
    await herder.resumeConnector(req.params.connector);
    return reply.status(202).send();
  });
  app.put<P>('/connectors/:connector/stop', async (req, reply) => {
    await herder.stopConnector(req.params.connector);
    return reply.status(204).send();
  });
  app.delete<P>('/connectors/:connector', async (req, reply) => {
    await herder.deleteConnectorConfig(req.params.connector);
    return reply.status(204).send();
  });
}

/** `?expand=status&expand=info` → the expansions; null when the parameter is absent. */
function expansions(query: unknown): string[] | null {
  const raw = (query as { expand?: string | string[] }).expand;
  if (raw === undefined) return null;
  return Array.isArray(raw) ? raw : [raw];
}
