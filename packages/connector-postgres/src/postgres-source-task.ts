import type pg from 'pg';
import {
  ConnectException, type OffsetMap, type RecordMetadata, type SourceRecord, type SourceTask, type SourceTaskContext,
} from '@tsconnect/sdk';
import { Lsn, LogicalReplicationClient, type CreatedSlot, type ReplicationStream } from '@tsconnect/pgoutput';
import { parsePostgresConfig, type PostgresConnectorConfig } from './config/postgres-connector-config.js';
import { checkWalLevel, clientConfig, openConnection, resolvePreferredSsl } from './connection/pg-connection.js';
import { ensurePublication } from './connection/publication.js';
import { messagePrefixFilter, TableFilter } from './filters/table-filter.js';
import { AckTracker } from './pipeline/ack-tracker.js';
import type { ChangeEventSink } from './pipeline/change-event-source.js';
import { heartbeatRecord, idleOffset } from './pipeline/heartbeat.js';
import { NO_LOGGER, type ConnectorLogger } from './pipeline/logger.js';
import { storedPosition, type StoredPosition } from './pipeline/postgres-offset.js';
import { RecordQueue } from './pipeline/record-queue.js';
import { TransactionMonitor } from './pipeline/transaction-metadata.js';
import { parseMessageKeyColumns } from './schema/key-columns.js';
import { TableMetadataReader } from './schema/table-metadata-reader.js';
import { TableSchemaRegistry } from './schema/table-schema-registry.js';
import { IncrementalSnapshot } from './signal/incremental-snapshot.js';
import { signalTableId } from './signal/signal-table.js';
import { needsSnapshot, snapshotResumePoint } from './snapshot/snapshot-decision.js';
import { SnapshotProgress, type SnapshotProgressView } from './snapshot/snapshot-progress.js';
import { SnapshotSource } from './snapshot/snapshot-source.js';
import { StreamingSource } from './streaming/streaming-source.js';
import { CONNECTOR_VERSION } from './version.js';

export { needsSnapshot } from './snapshot/snapshot-decision.js';

/**
 * Captures one PostgreSQL database (Debezium's PostgresConnectorTask): optional snapshot, then
 * pgoutput streaming, both feeding a bounded queue that poll() drains. An LSN is confirmed to the
 * server only in commit(), for transactions whose records the runtime acknowledged (commitRecord).
 */
export class PostgresSourceTask implements SourceTask {
  private config!: PostgresConnectorConfig;
  private context!: SourceTaskContext;
  private logger: ConnectorLogger = NO_LOGGER;
  private sql: pg.Client | null = null;
  private replication!: LogicalReplicationClient;
  private queue!: RecordQueue;
  private readonly tracker = new AckTracker();
  private readonly abort = new AbortController();
  private readonly snapshotProgress = new SnapshotProgress();
  private stream: ReplicationStream | null = null;
  private streaming: StreamingSource | null = null;
  private incremental: IncrementalSnapshot | null = null;
  private running: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private lastOffset: OffsetMap | null = null;
  private stopped = false;

  version(): string {
    return CONNECTOR_VERSION;
  }

  /** Snapshot progress (tables done, rows read per table), for metrics. */
  get progress(): SnapshotProgressView {
    return this.snapshotProgress.view();
  }

  async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
    this.context = context;
    this.logger = (context as { logger?: ConnectorLogger }).logger ?? NO_LOGGER;
    this.config = await resolvePreferredSsl(parsePostgresConfig(props));
    const config = this.config;
    const partition: OffsetMap = { server: config.topicPrefix };
    this.queue = new RecordQueue(config.maxQueueSize);
    this.sql = await openConnection(config);
    await checkWalLevel(this.sql);
    const filter = new TableFilter(config);
    const registry = new TableSchemaRegistry(new TableMetadataReader(this.sql), filter, {
      ...config, keyRules: parseMessageKeyColumns(config.messageKeyColumns), filter,
    });
    const signalTable = config.signalDataCollection ? signalTableId(config.signalDataCollection) : null;
    const published = [...(await registry.capturedTables()), ...(signalTable ? [signalTable] : [])];
    await ensurePublication(this.sql, config.publicationName, config.publicationAutocreateMode, published);

    const stored = storedPosition(await context.offsetStorageReader.offset(partition));
    this.replication = new LogicalReplicationClient(clientConfig(config));
    const existing = await this.replication.getSlot(config.slotName);
    if (existing && existing.plugin !== 'pgoutput') {
      throw new ConnectException(`Replication slot "${config.slotName}" uses plugin "${existing.plugin}", not pgoutput`);
    }
    const slotState = existing?.restartLsn ? { restartLsn: existing.restartLsn.value } : null;
    const snapshot = needsSnapshot(config, stored, slotState);
    const created = existing ? null : await this.replication.createSlot(config.slotName, { snapshot: snapshot ? 'export' : 'nothing' });
    // A snapshot taken because the stored position is gone restarts streaming at the slot, not at the old offset.
    const resumeFrom = stored?.streaming && !snapshot ? stored : null;
    this.logger.info(`Starting: snapshot=${snapshot}, slot ${config.slotName} ${existing ? 'exists' : 'created'}`);

    const common = { registry, partition, serverName: config.topicPrefix, db: config.dbname, version: CONNECTOR_VERSION };
    const sink: ChangeEventSink = {
      put: (record) => {
        this.tracker.emitted();
        this.lastOffset = record.sourceOffset;
        return this.queue.put(record);
      },
      transactionEnded: (lsn) => this.tracker.transactionEnded(lsn),
    };
    const signal = this.abort.signal;
    this.running = (async () => {
      if (snapshot) await this.snapshot(sink, signal, created, common, snapshotResumePoint(stored));
      else await created?.release();
      if (config.snapshotMode === 'initial_only' || signal.aborted) return;
      const hooks = signalTable ? new IncrementalSnapshot({
        sql: this.sql!, signalTable, registry, chunkSize: config.incrementalSnapshotChunkSize, partition, logger: this.logger,
        resumeFrom: resumeFrom?.raw ?? null,
      }) : null;
      this.incremental = hooks;
      this.streaming = new StreamingSource({
        ...common, client: this.replication, slotName: config.slotName, publicationName: config.publicationName,
        tombstonesOnDelete: config.tombstonesOnDelete, skippedOperations: config.skippedOperations, resumeFrom,
        messageIncluded: messagePrefixFilter(config),
        highWaterMark: Math.max(16, Math.floor(config.maxQueueSize / 4)), hooks,
        transactions: config.provideTransactionMetadata
          ? new TransactionMonitor(`${config.topicPrefix}.${config.transactionTopic}`, partition) : null,
        onStarted: (stream) => (this.stream = stream),
      });
      await this.streaming.execute(sink, signal);
    })().catch((e: unknown) => {
      if (!signal.aborted) this.queue.fail(e);
    });
    if (config.heartbeatIntervalMs > 0) this.startHeartbeat(partition);
  }

  private async snapshot(
    sink: ChangeEventSink, signal: AbortSignal, created: CreatedSlot | null,
    common: Pick<ConstructorParameters<typeof SnapshotSource>[0], 'registry' | 'partition' | 'serverName' | 'db' | 'version'>,
    resumeAt: { table: string; key: unknown[] | null } | null,
  ): Promise<void> {
    const connection = await openConnection(this.config);
    try {
      await new SnapshotSource({
        ...common, connection, fetchSize: this.config.snapshotFetchSize, resumeAt, logger: this.logger,
        progress: this.snapshotProgress,
        snapshotName: created?.snapshotName ?? null, consistentPoint: created?.consistentPoint.value ?? null,
      }).execute(sink, signal);
    } finally {
      await created?.release();
      await connection.end().catch(() => undefined);
    }
  }

  /**
   * Debezium's heartbeat: runs heartbeat.action.query, then, when nothing is queued, emits a
   * heartbeat record. When the stream is idle the record carries the server's WAL end, and once
   * it is acknowledged commit() confirms that LSN, so the slot advances on idle captured tables.
   */
  private startHeartbeat(partition: OffsetMap): void {
    const beat = async (): Promise<void> => {
      if (this.config.heartbeatActionQuery) await this.sql?.query(this.config.heartbeatActionQuery);
      if (this.queue.size > 0) return;
      const idle = this.streaming?.idlePosition();
      // An idle offset says "everything up to WAL end is processed": the incremental snapshot state
      // of now belongs with it. Otherwise the last record's offset is repeated as is.
      const offset = idle ? idleOffset(idle.offset ?? this.lastOffset, idle.lsn, this.incremental?.offsetState()) : this.lastOffset;
      if (!offset) return;
      const record = heartbeatRecord(this.config.heartbeatTopicsPrefix, this.config.topicPrefix, partition, offset);
      this.tracker.emitted();
      if (idle) this.tracker.transactionEnded(Lsn.fromBigInt(idle.lsn));
      this.lastOffset = offset;
      await this.queue.put(record);
    };
    this.heartbeat = setInterval(() => {
      beat().catch((e: unknown) => this.logger.info(`Heartbeat failed: ${(e as Error).message}`));
    }, this.config.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  async poll(): Promise<SourceRecord[]> {
    if (this.stopped) return [];
    const batch = await this.queue.drain(this.config.maxBatchSize, this.config.pollIntervalMs, this.context.signal);
    this.tracker.polled(batch);
    return batch;
  }

  commitRecord(record: SourceRecord, _metadata: RecordMetadata | null): void {
    this.tracker.acknowledged(record);
  }

  /** Confirms to PostgreSQL the end of the last transaction whose records are all acknowledged. */
  commit(): void {
    if (!this.stream) return;
    const lsn = this.tracker.takeFlushable();
    if (!lsn) return;
    this.stream.ack(lsn);
    this.stream.flush();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.abort.abort();
    this.queue?.close();
    await this.stream?.stop();
    await Promise.race([this.running, new Promise((r) => setTimeout(r, 10_000).unref())]);
    await this.sql?.end().catch(() => undefined);
    if (this.config?.slotDropOnStop && this.replication) {
      await this.replication.dropSlot(this.config.slotName, { ifExists: true, wait: true });
    }
  }
}

export type { StoredPosition };
