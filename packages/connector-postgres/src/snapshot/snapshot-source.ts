import type pg from 'pg';
import type { OffsetMap } from '@tsconnect/sdk';
import { TEXT_TYPES } from '../connection/pg-connection.js';
import { quoteIdent, quoteLiteral } from '../connection/quote.js';
import type { ChangeEventSink, ChangeEventSource } from '../pipeline/change-event-source.js';
import { changeRecord, type ChangeEvent } from '../pipeline/change-records.js';
import type { ConnectorLogger } from '../pipeline/logger.js';
import { snapshotOffset } from '../pipeline/postgres-offset.js';
import type { SnapshotRecord } from '../schema/source-info.js';
import type { TableSchema } from '../schema/table-schema.js';
import type { TableSchemaRegistry } from '../schema/table-schema-registry.js';
import { chunkQuery, keyOf, qualifiedName } from './chunk-query.js';
import { SnapshotProgress } from './snapshot-progress.js';

export interface SnapshotSourceOptions {
  /** A connection of its own: the snapshot runs in one REPEATABLE READ transaction on it. */
  readonly connection: pg.Client;
  readonly registry: TableSchemaRegistry;
  /** Exported snapshot of the slot just created; null to read a fresh (non-aligned) snapshot. */
  readonly snapshotName: string | null;
  /** The slot's consistent point (where streaming resumes), null to use the current WAL position. */
  readonly consistentPoint: bigint | null;
  /** Rows per primary-key chunk. */
  readonly fetchSize: number;
  /** Where an interrupted snapshot stopped: the table and key of the last stored record. */
  readonly resumeAt: { table: string; key: unknown[] | null } | null;
  readonly partition: OffsetMap;
  readonly serverName: string;
  readonly db: string;
  readonly version: string;
  readonly logger: ConnectorLogger;
  readonly progress: SnapshotProgress;
}

interface Pending {
  readonly table: TableSchema;
  readonly row: Record<string, unknown>;
  readonly key: unknown[] | null;
  readonly firstOverall: boolean;
  readonly firstInTable: boolean;
  readonly tsMicros: bigint;
}

/**
 * Reads every captured table inside the slot's exported snapshot (op "r"), so streaming from the
 * slot's consistent point continues exactly after it (Debezium's PostgresSnapshotChangeEventSource).
 * Tables with a primary key are read in key-ordered chunks and each record's offset names its
 * table and key, so a restart resumes after the last stored record instead of starting over.
 */
export class SnapshotSource implements ChangeEventSource {
  private lsn = 0n;
  private txId: number | null = null;
  private pending: Pending | null = null;

  constructor(private readonly o: SnapshotSourceOptions) {}

  async execute(sink: ChangeEventSink, signal: AbortSignal): Promise<void> {
    const c = this.o.connection;
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    try {
      if (this.o.snapshotName) await c.query(`SET TRANSACTION SNAPSHOT ${quoteLiteral(this.o.snapshotName)}`);
      const pos = (await c.query<{ lsn: string; xid: string }>(
        "SELECT (pg_current_wal_lsn() - '0/0')::text AS lsn, txid_current()::text AS xid")).rows[0]!;
      this.lsn = this.o.consistentPoint ?? BigInt(pos.lsn);
      this.txId = Number(pos.xid);
      const tables = (await this.o.registry.capturedTables()).map((t) => `${t.schema}.${t.name}`);
      const resume = this.o.resumeAt;
      const start = resume ? Math.max(0, tables.indexOf(resume.table)) : 0;
      this.o.progress.started(tables.length, start);
      let first = resume === null;
      for (const id of tables.slice(start)) {
        const [schema, name] = splitId(id);
        const table = await this.o.registry.refresh(schema, name);
        if (!table) continue;
        const after = resume && id === resume.table ? resume.key : null;
        this.o.logger.info(`Snapshotting ${id}${after ? ` after key ${JSON.stringify(after)}` : ''}`);
        let firstInTable = after === null;
        for await (const row of this.rows(table, after)) {
          if (signal.aborted) return;
          if (this.pending) await this.emit(sink, this.pending, false, this.pending.table !== table);
          const key = table.table.primaryKey.length ? keyOf(row, table.table.primaryKey) : null;
          this.pending = { table, row, key, firstOverall: first, firstInTable, tsMicros: BigInt(Date.now()) * 1000n };
          first = false;
          firstInTable = false;
        }
        this.o.progress.tableDone(id);
        this.o.logger.info(`Snapshot of ${id} done: ${this.o.progress.rows(id)} rows`);
      }
      if (this.pending) await this.emit(sink, this.pending, true, true);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  }

  /** Rows of one table: key-ordered chunks with a primary key, one cursor without. */
  private async *rows(table: TableSchema, after: unknown[] | null): AsyncGenerator<Record<string, unknown>> {
    const c = this.o.connection;
    const size = this.o.fetchSize;
    const pk = table.table.primaryKey;
    if (pk.length) {
      let last = after;
      for (;;) {
        const res = await c.query({ ...chunkQuery(table.table, pk, last, null, size), types: TEXT_TYPES });
        const rows = res.rows as Record<string, unknown>[];
        this.o.progress.rowsRead(table.id, rows.length);
        this.o.logger.debug(`Snapshot chunk of ${table.id}: ${rows.length} rows after ${JSON.stringify(last)}`);
        yield* rows;
        if (rows.length < size) return;
        last = keyOf(rows[rows.length - 1]!, pk);
      }
    }
    // No key to order by: one pass; a restart re-reads this table from the start.
    const cursor = quoteIdent(`tsconnect_snapshot_${table.table.oid}`);
    await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT * FROM ${qualifiedName(table.table)}`);
    for (;;) {
      const res = await c.query({ text: `FETCH ${size} FROM ${cursor}`, types: TEXT_TYPES });
      this.o.progress.rowsRead(table.id, res.rows.length);
      yield* res.rows as Record<string, unknown>[];
      if (res.rows.length < size) break;
    }
    await c.query(`CLOSE ${cursor}`);
  }

  private async emit(sink: ChangeEventSink, p: Pending, lastOverall: boolean, lastInTable: boolean): Promise<void> {
    const mark: SnapshotRecord = lastOverall ? 'last' : p.firstOverall ? 'first'
      : p.firstInTable ? 'first_in_data_collection' : lastInTable ? 'last_in_data_collection' : 'true';
    const event: ChangeEvent = {
      table: p.table,
      op: 'r',
      key: p.table.key(p.row),
      before: null,
      after: p.table.value(p.row),
      source: {
        version: this.o.version, serverName: this.o.serverName, db: this.o.db, tsMicros: p.tsMicros, snapshot: mark,
        schema: p.table.table.schema, table: p.table.table.name, txId: this.txId, lsn: this.lsn, lastCommitLsn: null,
      },
      partition: this.o.partition,
      offset: snapshotOffset({ lsn: this.lsn, txId: this.txId, tsMicros: p.tsMicros, last: lastOverall, table: p.table.id, key: p.key }),
    };
    await sink.put(changeRecord(event));
  }
}

function splitId(id: string): [string, string] {
  const dot = id.indexOf('.');
  return [id.slice(0, dot), id.slice(dot + 1)];
}
