import type { FastifyInstance } from 'fastify';
import { BadRequestException } from '../herder/errors.js';
import type { Herder } from '../herder/herder.js';
import { configFromBody } from './request-body.js';

/** Kafka's ConnectorPluginsResource. */
export function registerPluginRoutes(app: FastifyInstance, herder: Herder): void {
  app.get<{ Querystring: { connectorsOnly?: string } }>('/connector-plugins', async (req) =>
    herder.connectorPlugins(req.query.connectorsOnly !== 'false'));

  app.put<{ Params: { plugin: string } }>('/connector-plugins/:plugin/config/validate', async (req) => {
    const plugin = req.params.plugin;
    const config = configFromBody(req.body, 'connector config validation');
    const included = config['connector.class'];
    if (included !== undefined && !normalized(included).endsWith(normalized(plugin))) {
      throw new BadRequestException(`Included connector type ${included} does not match request type ${plugin}`);
    }
    config['connector.class'] = plugin;
    return herder.validateConnectorConfig(config);
  });
}

/** Kafka compares plugin names without a trailing "Connector". */
function normalized(name: string): string {
  return name.endsWith('Connector') ? name.slice(0, -'Connector'.length) : name;
}
