import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { OffsetMap } from '@tsconnect/sdk';
import { TEXT_TYPES } from '../connection/pg-connection.js';
import { changeRecord } from '../pipeline/change-records.js';
import type { ConnectorLogger } from '../pipeline/logger.js';
import type { RawRow, TableSchema } from '../schema/table-schema.js';
import type { TableSchemaRegistry } from '../schema/table-schema-registry.js';
import { chunkQuery, keyOf, qualifiedName } from '../snapshot/chunk-query.js';
import type { StreamHooks, StreamPosition } from '../streaming/stream-hooks.js';
import { parseExecuteSnapshot, parseSignal } from './signal-table.js';

export interface IncrementalSnapshotOptions {
  /** Autocommit connection: writes the watermarks and reads the chunks. */
  readonly sql: pg.Client;
  readonly signalTable: { schema: string; name: string };
  readonly registry: TableSchemaRegistry;
  readonly chunkSize: number;
  readonly partition: OffsetMap;
  readonly logger: ConnectorLogger;
}

interface TableRun {
  readonly id: string;
  readonly condition: string | null;
  lastKey: unknown[] | null;
  maxKey: unknown[] | null;
}

/**
 * Ad-hoc incremental snapshots with Debezium's watermarking (DBLog): per chunk, insert a
 * window-open row into the signal table, read the next primary-key chunk into a buffer, insert a
 * window-close row. While the stream is between the two watermarks, every streamed change of a
 * buffered key drops that row (the streamed event is newer); at the close watermark the rest of
 * the buffer goes out as op "r" with source.snapshot "incremental". No change is lost or reordered.
 */
export class IncrementalSnapshot implements StreamHooks {
  private readonly queue: TableRun[] = [];
  private current: TableRun | null = null;
  private chunkId: string | null = null;
  private windowOpen = false;
  private buffer = new Map<string, Record<string, unknown>>();

  constructor(private readonly o: IncrementalSnapshotOptions) {}

  isSignalTable(schema: string, table: string): boolean {
    return schema === this.o.signalTable.schema && table === this.o.signalTable.name;
  }

  async onSignal(row: RawRow, at: StreamPosition): Promise<void> {
    const signal = parseSignal(row);
    switch (signal.type) {
      case 'execute-snapshot':
        await this.execute(parseExecuteSnapshot(signal));
        return;
      case 'snapshot-window-open':
        if (signal.id === `${this.chunkId}-open`) this.windowOpen = true;
        return;
      case 'snapshot-window-close':
        if (signal.id !== `${this.chunkId}-close`) return;
        this.windowOpen = false;
        await this.emitBuffer(at);
        await this.readChunk();
        return;
      default:
        this.o.logger.info(`Ignoring signal ${signal.id} of unsupported type "${signal.type}"`);
    }
  }

  onChange(table: TableSchema, rows: readonly (RawRow | null)[]): void {
    if (!this.windowOpen || table.id !== this.current?.id) return;
    for (const row of rows) if (row) this.buffer.delete(JSON.stringify(keyOf(row, table.table.primaryKey)));
  }

  private async execute(request: ReturnType<typeof parseExecuteSnapshot>): Promise<void> {
    if (request.type !== 'incremental') {
      this.o.logger.info(`Only incremental ad-hoc snapshots are supported; ignoring type "${request.type}"`);
      return;
    }
    const captured = (await this.o.registry.capturedTables()).map((t) => `${t.schema}.${t.name}`);
    for (const pattern of request.dataCollections) {
      const re = new RegExp(`^(?:${pattern})$`, 'i');
      for (const id of captured.filter((t) => t === pattern || re.test(t))) {
        const condition = request.conditions.get(pattern) ?? request.conditions.get(id) ?? null;
        this.queue.push({ id, condition, lastKey: null, maxKey: null });
      }
    }
    if (!this.current) await this.readChunk();
  }

  /** Reads the next chunk between watermarks; moves to the next table when one is exhausted. */
  private async readChunk(): Promise<void> {
    for (;;) {
      if (!this.current) {
        this.current = this.queue.shift() ?? null;
        if (!this.current) return;
        if (!(await this.startTable(this.current))) {
          this.current = null;
          continue;
        }
      }
      const run = this.current;
      const table = this.table(run.id);
      if (!table || run.maxKey === null) {
        this.current = null;
        continue;
      }
      const pk = table.table.primaryKey;
      this.chunkId = randomUUID();
      await this.watermark('open');
      const res = await this.o.sql.query({
        ...chunkQuery(table.table, pk, run.lastKey, run.maxKey, this.o.chunkSize, run.condition), types: TEXT_TYPES,
      });
      const rows = res.rows as Record<string, unknown>[];
      this.buffer = new Map(rows.map((r) => [JSON.stringify(keyOf(r, pk)), r]));
      await this.watermark('close');
      this.o.logger.debug(`Incremental snapshot chunk of ${run.id}: ${rows.length} rows after ${JSON.stringify(run.lastKey)}`);
      if (rows.length === 0) {
        this.o.logger.info(`Incremental snapshot of ${run.id} done`);
        this.current = null;
        continue;
      }
      run.lastKey = keyOf(rows[rows.length - 1]!, pk);
      return; // the rest happens when the stream reaches the close watermark
    }
  }

  /** Fixes the upper key bound at the start (Debezium's maximum key): later inserts are streamed anyway. */
  private async startTable(run: TableRun): Promise<boolean> {
    const table = this.table(run.id) ?? (await this.o.registry.refresh(...split(run.id)));
    if (!table || table.table.primaryKey.length === 0) {
      this.o.logger.info(`Incremental snapshot skips ${run.id}: it has no primary key`);
      return false;
    }
    const pk = table.table.primaryKey;
    const cols = pk.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ');
    const res = await this.o.sql.query({
      text: `SELECT ${cols} FROM ${qualifiedName(table.table)} ORDER BY ${pk.map((c) => `"${c.replace(/"/g, '""')}" DESC`).join(', ')} LIMIT 1`,
      types: TEXT_TYPES,
    });
    const max = res.rows[0] as Record<string, unknown> | undefined;
    run.maxKey = max ? keyOf(max, pk) : null;
    this.o.logger.info(`Incremental snapshot of ${run.id} up to key ${JSON.stringify(run.maxKey)}`);
    return run.maxKey !== null;
  }

  private async watermark(kind: 'open' | 'close'): Promise<void> {
    const { schema, name } = this.o.signalTable;
    await this.o.sql.query(
      `INSERT INTO ${qualifiedName({ schema, name })} (id, type, data) VALUES ($1, $2, $3)`,
      [`${this.chunkId}-${kind}`, `snapshot-window-${kind}`, JSON.stringify({ [`${kind}WindowTimestamp`]: new Date().toISOString() })],
    );
  }

  private async emitBuffer(at: StreamPosition): Promise<void> {
    const run = this.current;
    const table = run ? this.table(run.id) : undefined;
    if (!run || !table) return;
    const offset = {
      ...at.offset(),
      incremental_snapshot_collections: JSON.stringify([run.id, ...this.queue.map((q) => q.id)]),
      incremental_snapshot_primary_key: JSON.stringify(run.lastKey),
      incremental_snapshot_maximum_key: JSON.stringify(run.maxKey),
    };
    for (const row of this.buffer.values()) {
      await at.sink.put(changeRecord({
        table, op: 'r', key: table.key(row), before: null, after: table.value(row),
        source: at.source(table, 'incremental'), partition: this.o.partition, offset,
      }));
    }
    this.buffer.clear();
  }

  private table(id: string): TableSchema | undefined {
    return this.o.registry.get(...split(id));
  }
}

function split(id: string): [string, string] {
  const dot = id.indexOf('.');
  return [id.slice(0, dot), id.slice(dot + 1)];
}
