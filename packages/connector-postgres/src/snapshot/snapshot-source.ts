import type pg from 'pg';
import type { OffsetMap } from '@tsconnect/sdk';
import { TEXT_TYPES } from '../connection/pg-connection.js';
import { quoteIdent, quoteLiteral } from '../connection/quote.js';
import type { ChangeEventSink, ChangeEventSource } from '../pipeline/change-event-source.js';
import { changeRecord, type ChangeEvent } from '../pipeline/change-records.js';
import { snapshotOffset } from '../pipeline/postgres-offset.js';
import type { SnapshotRecord } from '../schema/source-info.js';
import type { TableSchema } from '../schema/table-schema.js';
import type { TableSchemaRegistry } from '../schema/table-schema-registry.js';

export interface SnapshotSourceOptions {
  /** A connection of its own: the snapshot runs in one REPEATABLE READ transaction on it. */
  readonly connection: pg.Client;
  readonly registry: TableSchemaRegistry;
  /** Exported snapshot of the slot just created; null to read a fresh (non-aligned) snapshot. */
  readonly snapshotName: string | null;
  /** The slot's consistent point (where streaming resumes), null to use the current WAL position. */
  readonly consistentPoint: bigint | null;
  readonly fetchSize: number;
  readonly partition: OffsetMap;
  readonly serverName: string;
  readonly db: string;
  readonly version: string;
}

interface Pending {
  readonly table: TableSchema;
  readonly row: Record<string, unknown>;
  readonly firstOverall: boolean;
  readonly firstInTable: boolean;
  readonly tsMicros: bigint;
}

/**
 * Reads every captured table inside the slot's exported snapshot (op "r"), so streaming from the
 * slot's consistent point continues exactly after it (Debezium's PostgresSnapshotChangeEventSource).
 */
export class SnapshotSource implements ChangeEventSource {
  private lsn = 0n;
  private txId: number | null = null;

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
      let pending: Pending | null = null;
      let first = true;
      for (const t of await this.o.registry.capturedTables()) {
        const table = await this.o.registry.refresh(t.schema, t.name);
        if (!table) continue;
        let firstInTable = true;
        const cursor = quoteIdent(`tsconnect_snapshot_${table.table.oid}`);
        await c.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT * FROM ${quoteIdent(table.table.schema)}.${quoteIdent(table.table.name)}`);
        for (;;) {
          if (signal.aborted) return;
          const res = await c.query({ text: `FETCH ${this.o.fetchSize} FROM ${cursor}`, types: TEXT_TYPES });
          for (const row of res.rows as Record<string, unknown>[]) {
            if (pending) await this.emit(sink, pending, false, pending.table !== table);
            pending = { table, row, firstOverall: first, firstInTable, tsMicros: BigInt(Date.now()) * 1000n };
            first = false;
            firstInTable = false;
          }
          if (res.rows.length < this.o.fetchSize) break;
        }
        await c.query(`CLOSE ${cursor}`);
      }
      if (pending) await this.emit(sink, pending, true, true);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
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
      offset: snapshotOffset({ lsn: this.lsn, txId: this.txId, tsMicros: p.tsMicros, last: lastOverall }),
    };
    await sink.put(changeRecord(event));
  }
}
