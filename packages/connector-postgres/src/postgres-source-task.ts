import type pg from 'pg';
import {
  ConnectException, type OffsetMap, type RecordMetadata, type SourceRecord, type SourceTask, type SourceTaskContext,
} from '@tsconnect/sdk';
import { LogicalReplicationClient, type CreatedSlot, type ReplicationStream } from '@tsconnect/pgoutput';
import { parsePostgresConfig, type PostgresConnectorConfig } from './config/postgres-connector-config.js';
import { checkWalLevel, clientConfig, openConnection } from './connection/pg-connection.js';
import { ensurePublication } from './connection/publication.js';
import { TableFilter } from './filters/table-filter.js';
import { AckTracker } from './pipeline/ack-tracker.js';
import type { ChangeEventSink } from './pipeline/change-event-source.js';
import { heartbeatRecord } from './pipeline/heartbeat.js';
import { storedPosition, type StoredPosition } from './pipeline/postgres-offset.js';
import { RecordQueue } from './pipeline/record-queue.js';
import { parseMessageKeyColumns } from './schema/key-columns.js';
import { TableMetadataReader } from './schema/table-metadata-reader.js';
import { TableSchemaRegistry } from './schema/table-schema-registry.js';
import { SnapshotSource } from './snapshot/snapshot-source.js';
import { StreamingSource } from './streaming/streaming-source.js';
import { CONNECTOR_VERSION } from './version.js';

/**
 * Captures one PostgreSQL database (Debezium's PostgresConnectorTask): optional snapshot, then
 * pgoutput streaming, both feeding a bounded queue that poll() drains. An LSN is confirmed to the
 * server only in commit(), for transactions whose records the runtime acknowledged (commitRecord).
 */
export class PostgresSourceTask implements SourceTask {
  private config!: PostgresConnectorConfig;
  private context!: SourceTaskContext;
  private sql: pg.Client | null = null;
  private replication!: LogicalReplicationClient;
  private queue!: RecordQueue;
  private readonly tracker = new AckTracker();
  private readonly abort = new AbortController();
  private stream: ReplicationStream | null = null;
  private running: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private lastOffset: OffsetMap | null = null;
  private stopped = false;

  version(): string {
    return CONNECTOR_VERSION;
  }

  async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
    this.config = parsePostgresConfig(props);
    this.context = context;
    const config = this.config;
    const partition: OffsetMap = { server: config.topicPrefix };
    this.queue = new RecordQueue(config.maxQueueSize);
    this.sql = await openConnection(config);
    await checkWalLevel(this.sql);
    const filter = new TableFilter(config);
    const registry = new TableSchemaRegistry(new TableMetadataReader(this.sql), filter, {
      ...config, keyRules: parseMessageKeyColumns(config.messageKeyColumns), filter,
    });
    await ensurePublication(this.sql, config.publicationName, config.publicationAutocreateMode, await registry.capturedTables());

    const stored = storedPosition(await context.offsetStorageReader.offset(partition));
    const snapshot = needsSnapshot(config, stored);
    this.replication = new LogicalReplicationClient(clientConfig(config));
    const existing = await this.replication.getSlot(config.slotName);
    if (existing && existing.plugin !== 'pgoutput') {
      throw new ConnectException(`Replication slot "${config.slotName}" uses plugin "${existing.plugin}", not pgoutput`);
    }
    const created = existing ? null : await this.replication.createSlot(config.slotName, { snapshot: snapshot ? 'export' : 'nothing' });

    const common = { registry, partition, serverName: config.topicPrefix, db: config.dbname, version: CONNECTOR_VERSION };
    const sink: ChangeEventSink = {
      put: async (record) => {
        this.tracker.emitted(record);
        this.lastOffset = record.sourceOffset;
        await this.queue.put(record);
      },
      transactionEnded: (lsn) => this.tracker.transactionEnded(lsn),
    };
    const signal = this.abort.signal;
    this.running = (async () => {
      if (snapshot) await this.snapshot(sink, signal, created, common);
      else await created?.release();
      if (config.snapshotMode === 'initial_only' || signal.aborted) return;
      await new StreamingSource({
        ...common, client: this.replication, slotName: config.slotName, publicationName: config.publicationName,
        tombstonesOnDelete: config.tombstonesOnDelete, skippedOperations: config.skippedOperations,
        resumeFrom: stored?.streaming ? stored : null, highWaterMark: Math.max(16, Math.floor(config.maxQueueSize / 4)),
        onStarted: (stream) => (this.stream = stream),
      }).execute(sink, signal);
    })().catch((e: unknown) => {
      if (!signal.aborted) this.queue.fail(e);
    });
    if (config.heartbeatIntervalMs > 0) this.startHeartbeat(partition);
  }

  private async snapshot(
    sink: ChangeEventSink, signal: AbortSignal, created: CreatedSlot | null,
    common: Pick<ConstructorParameters<typeof SnapshotSource>[0], 'registry' | 'partition' | 'serverName' | 'db' | 'version'>,
  ): Promise<void> {
    const connection = await openConnection(this.config);
    try {
      await new SnapshotSource({
        ...common, connection, fetchSize: this.config.snapshotFetchSize,
        snapshotName: created?.snapshotName ?? null, consistentPoint: created?.consistentPoint.value ?? null,
      }).execute(sink, signal);
    } finally {
      await created?.release();
      await connection.end().catch(() => undefined);
    }
  }

  private startHeartbeat(partition: OffsetMap): void {
    this.heartbeat = setInterval(() => {
      if (this.lastOffset && this.queue.size === 0) {
        const record = heartbeatRecord(this.config.heartbeatTopicsPrefix, this.config.topicPrefix, partition, this.lastOffset);
        this.tracker.emitted(record);
        void this.queue.put(record);
      }
    }, this.config.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  async poll(): Promise<SourceRecord[]> {
    if (this.stopped) return [];
    return this.queue.drain(this.config.maxBatchSize, this.config.pollIntervalMs, this.context.signal);
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

/** Whether this start must snapshot, per snapshot.mode and what the stored offset says. */
export function needsSnapshot(config: Pick<PostgresConnectorConfig, 'snapshotMode'>, stored: StoredPosition | null): boolean {
  switch (config.snapshotMode) {
    case 'always':
      return true;
    case 'no_data':
    case 'never':
      return false;
    default: // initial, initial_only, when_needed
      return stored === null || stored.snapshotIncomplete;
  }
}
