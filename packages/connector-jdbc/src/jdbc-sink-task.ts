import type { SinkRecord, SinkTask, SinkTaskContext, TopicPartition, TopicPartitionOffset } from '@tsconnect/sdk';
import { MariaDbDialect } from './dialect/mariadb-dialect.js';
import { PostgresDialect } from './dialect/postgres-dialect.js';
import type { Dialect } from './dialect/dialect.js';
import { parseJdbcSinkConfig, type JdbcSinkConfig } from './jdbc-sink-config.js';
import { JdbcWriter } from './jdbc-writer.js';
import { WritePipeline } from './write-pipeline.js';
import { VERSION } from './version.js';

export function dialectFor(config: JdbcSinkConfig): Dialect {
  return config.connection.dialect === 'postgresql'
    ? new PostgresDialect(config.quoteIdentifiers, config.dbTimeZone)
    : new MariaDbDialect(config.quoteIdentifiers, config.dbTimeZone);
}

/**
 * `put` hands the batch to a write pipeline and returns while it is written (see
 * write-pipeline.ts), so the database works while the runtime converts the next batch. Kafka
 * Connect semantics make that safe: `preCommit` returns only offsets whose records committed in
 * the database (less than consumed while a batch is in flight), and `flush`, `close` and `stop`
 * wait for the writes. A write that fails surfaces at the next call.
 *
 * With exactly.once.enabled the database is the source of truth for offsets: `open` seeks the
 * consumer to the stored positions, `put` skips what is already applied, and `preCommit` returns
 * the stored (committed) offsets (Kafka's commit is then only a hint for monitoring).
 */
export class JdbcSinkTask implements SinkTask {
  private writer: JdbcWriter | null = null;
  private pipeline: WritePipeline | null = null;
  private context: SinkTaskContext | undefined;

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>, context?: SinkTaskContext): void {
    const config = parseJdbcSinkConfig(props);
    this.context = context;
    this.writer = new JdbcWriter(config, dialectFor(config), { signal: context?.signal, reporter: context?.errantRecordReporter });
    // A batch committed while no put waits for it (quiet topic): ask for an offset commit now.
    this.pipeline = new WritePipeline(this.writer, () => context?.requestCommit());
  }

  /** Records skipped as bad since start (reported to the errant record reporter when there is one). */
  get errantRecordCount(): number {
    return this.writer?.errantCount ?? 0;
  }

  async open(partitions: readonly TopicPartition[]): Promise<void> {
    const { writer, pipeline } = this.require('open');
    if (!writer.offsets) return;
    await pipeline.drain();
    const stored = await writer.openPartitions(partitions);
    if (stored.length > 0) this.context?.offset(stored);
  }

  async close(partitions: readonly TopicPartition[]): Promise<void> {
    if (!this.pipeline || !this.writer) return;
    let dropped = true;
    try {
      dropped = await this.pipeline.abandon();
    } finally {
      // Positions preCommit left for the next job (exactly-once) are past a dropped batch: never store those.
      if (dropped) this.writer.clearHints();
      else await this.writer.advanceTo([]);
      this.writer.offsets?.forget(partitions);
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const { pipeline } = this.require('put');
    if (records.length > 0) await pipeline.put(records);
    else pipeline.check();
  }

  async flush(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const { writer, pipeline } = this.require('flush');
    await pipeline.drain();
    if (writer.offsets) await writer.advanceTo(offsets);
  }

  async preCommit(offsets: readonly TopicPartitionOffset[]): Promise<readonly TopicPartitionOffset[]> {
    const { writer, pipeline } = this.require('preCommit');
    pipeline.check();
    const store = writer.offsets;
    if (!store) return pipeline.committedOffsets(offsets);
    // Everything up to `offsets` went through put (written, skipped or reported): store it too, so
    // records a transform dropped do not hold the stored position back. While a batch is being
    // written that waits for the next batch's transaction instead of the database.
    if (pipeline.idle) await writer.advanceTo(offsets);
    else if (!pipeline.failing) writer.hint(offsets); // (after a failure: not past the failed batch)
    return offsets.map((o) => store.get(o.topic, o.partition)).filter((o): o is TopicPartitionOffset => o !== undefined);
  }

  async stop(): Promise<void> {
    const { writer, pipeline } = this;
    this.writer = null;
    this.pipeline = null;
    if (!writer || !pipeline) return;
    try {
      await pipeline.settle();
      pipeline.check(); // a failed write nobody has seen: the task did not finish its work
    } finally {
      await writer.close();
    }
  }

  private require(method: string): { writer: JdbcWriter; pipeline: WritePipeline } {
    if (!this.writer || !this.pipeline) throw new Error(`JdbcSinkTask.${method} called before start`);
    return { writer: this.writer, pipeline: this.pipeline };
  }
}
