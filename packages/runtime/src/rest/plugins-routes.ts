import type { FastifyInstance } from 'fastify';
import type { ConfigDef } from '@tsconnect/sdk';
import { BadRequestException, ConnectRestException, NotFoundException } from '../herder/errors.js';
import type { Herder } from '../herder/herder.js';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import { configFromBody } from './request-body.js';

/** Kafka's ConnectorPluginsResource. */
export function registerPluginRoutes(app: FastifyInstance, herder: Herder, registry?: PluginRegistry): void {
  // The plugin's own ConfigDef as ConfigKeyInfo entries (Kafka's connectorPluginConfig).
  app.get<{ Params: { plugin: string } }>('/connector-plugins/:plugin/config', async (req) => {
    if (!registry) throw new ConnectRestException(501, 'This worker does not list plugin configs');
    const plugin = registry.find(req.params.plugin, ['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate']);
    if (!plugin) throw new NotFoundException(`Unknown plugin ${req.params.plugin}.`);
    const instance = plugin.create() as { config?: () => ConfigDef };
    // Converters without a ConfigDef have no keys to list.
    return instance.config ? instance.config().configInfos(plugin.className, {}).configs.map((c) => c.definition) : [];
  });
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
