import type { SinkRecord, SinkTask, SinkTaskContext, TopicPartition, TopicPartitionOffset } from '@tsconnect/sdk';
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
 *
 * With exactly.once.enabled the database is the source of truth for offsets: `open` seeks the
 * consumer to the stored positions, `put` skips what is already applied, and `preCommit` returns
 * the stored offsets (Kafka's commit is then only a hint for monitoring).
 */
export class JdbcSinkTask implements SinkTask {
  private writer: JdbcWriter | null = null;
  private context: SinkTaskContext | undefined;

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>, context?: SinkTaskContext): void {
    const config = parseJdbcSinkConfig(props);
    this.context = context;
    this.writer = new JdbcWriter(config, dialectFor(config), { signal: context?.signal, reporter: context?.errantRecordReporter });
  }

  /** Records skipped as bad since start (reported to the errant record reporter when there is one). */
  get errantRecordCount(): number {
    return this.writer?.errantCount ?? 0;
  }

  async open(partitions: readonly TopicPartition[]): Promise<void> {
    const writer = this.requireWriter('open');
    if (!writer.offsets) return;
    const stored = await writer.openPartitions(partitions);
    if (stored.length > 0) this.context?.offset(stored);
  }

  close(partitions: readonly TopicPartition[]): void {
    this.writer?.offsets?.forget(partitions);
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const writer = this.requireWriter('put');
    if (records.length > 0) await writer.write(records);
  }

  flush(_offsets: readonly TopicPartitionOffset[]): void {
    // Nothing buffered: put() commits before it returns.
  }

  async preCommit(offsets: readonly TopicPartitionOffset[]): Promise<readonly TopicPartitionOffset[]> {
    const writer = this.requireWriter('preCommit');
    const store = writer.offsets;
    if (!store) return offsets;
    // Everything up to `offsets` went through put (written, skipped or reported): store it too, so
    // records a transform dropped do not hold the stored position back.
    await writer.advanceTo(offsets);
    return offsets.map((o) => store.get(o.topic, o.partition)).filter((o): o is TopicPartitionOffset => o !== undefined);
  }

  async stop(): Promise<void> {
    await this.writer?.close();
    this.writer = null;
  }

  private requireWriter(method: string): JdbcWriter {
    if (!this.writer) throw new Error(`JdbcSinkTask.${method} called before start`);
    return this.writer;
  }
}
