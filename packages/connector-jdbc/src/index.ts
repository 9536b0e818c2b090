import type { Plugin } from '@tsconnect/sdk';
import { JdbcSinkConnector } from './jdbc-sink-connector.js';
import { VERSION } from './version.js';

export { JdbcSinkConnector } from './jdbc-sink-connector.js';
export { JdbcSinkTask, dialectFor } from './jdbc-sink-task.js';
export { JDBC_SINK_CONFIG_DEF, parseJdbcSinkConfig, normalizeProps, type JdbcSinkConfig, type InsertMode, type PkMode } from './jdbc-sink-config.js';
export { parseConnectionUrl, type ConnectionSettings } from './connection-url.js';
export { PostgresDialect } from './dialect/postgres-dialect.js';
export { MariaDbDialect } from './dialect/mariadb-dialect.js';
export type { Dialect, TableId } from './dialect/dialect.js';
export { collapseBatch } from './batch-collapse.js';

export const tsconnectPlugins: Plugin[] = [
  {
    type: 'sink',
    className: 'io.tsconnect.connector.jdbc.JdbcSinkConnector',
    aliases: ['io.confluent.connect.jdbc.JdbcSinkConnector', 'io.debezium.connector.jdbc.JdbcSinkConnector'],
    version: VERSION,
    create: () => new JdbcSinkConnector(),
  },
];
