import type { SinkRecord, SinkTask, SinkTaskContext, TopicPartitionOffset } from '@tsconnect/sdk';
import { MariaDbDialect } from './dialect/mariadb-dialect.js';
import { PostgresDialect } from './dialect/postgres-dialect.js';
import type { Dialect } from './dialect/dialect.js';
import { parseJdbcSinkConfig, type JdbcSinkConfig } from './jdbc-sink-config.js';
import { JdbcWriter } from './jdbc-writer.js';
import { VERSION } from './version.js';

export function dialectFor(config: JdbcSinkConfig): Dialect {
  return config.connection.dialect === 'postgresql'
    ? new PostgresDialect(config.quoteIdentifiers, config.dbTimeZone)
    : new MariaDbDialect(config.quoteIdentifiers, config.dbTimeZone);
}

/**
 * Writes in `put` (as Confluent's JdbcSinkTask): when `put` resolves the records are committed in
 * the database, so `flush` has nothing left to do and the runtime may commit the Kafka offsets.
 */
export class JdbcSinkTask implements SinkTask {
  private writer: JdbcWriter | null = null;

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>, context?: SinkTaskContext): void {
    const config = parseJdbcSinkConfig(props);
    this.writer = new JdbcWriter(config, dialectFor(config), context?.signal);
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (!this.writer) throw new Error('JdbcSinkTask.put called before start');
    if (records.length > 0) await this.writer.write(records);
  }

  flush(_offsets: readonly TopicPartitionOffset[]): void {
    // Nothing buffered: put() commits before it returns.
  }

  async stop(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
  }
}
