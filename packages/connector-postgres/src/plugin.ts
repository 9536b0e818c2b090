import type { Plugin } from '@tsconnect/sdk';
import { PostgresSourceConnector } from './postgres-source-connector.js';
import { CONNECTOR_VERSION } from './version.js';

/** Registers the connector under its own class name and Debezium's, so Debezium configs work unchanged. */
export const tsconnectPlugins: Plugin[] = [
  {
    type: 'source',
    className: 'io.tsconnect.connector.postgres.PostgresConnector',
    aliases: ['io.debezium.connector.postgresql.PostgresConnector', 'PostgresConnector'],
    version: CONNECTOR_VERSION,
    create: () => new PostgresSourceConnector(),
  },
];
