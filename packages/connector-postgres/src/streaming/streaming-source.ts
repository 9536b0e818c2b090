import type { OffsetMap, Struct } from '@tsconnect/sdk';
import {
  UNCHANGED_TOAST, type BeginMessage, type DeleteMessage, type InsertMessage, type LogicalReplicationClient,
  type RelationMessage, type ReplicationStream, type TruncateMessage, type Tuple, type UpdateMessage,
} from '@tsconnect/pgoutput';
import type { ChangeEventSink, ChangeEventSource } from '../pipeline/change-event-source.js';
import { changeRecord, tombstone, type ChangeEvent } from '../pipeline/change-records.js';
import { streamingOffset, type StoredPosition } from '../pipeline/postgres-offset.js';
import type { Operation } from '../schema/envelope.js';
import type { TableSchema, RawRow } from '../schema/table-schema.js';
import type { TableSchemaRegistry } from '../schema/table-schema-registry.js';

export interface StreamingSourceOptions {
  readonly client: LogicalReplicationClient;
  readonly slotName: string;
  readonly publicationName: string;
  readonly registry: TableSchemaRegistry;
  readonly partition: OffsetMap;
  readonly serverName: string;
  readonly db: string;
  readonly version: string;
  readonly tombstonesOnDelete: boolean;
  readonly skippedOperations: ReadonlySet<string>;
  /** What the stored offset says was delivered already (duplicates to skip after a restart). */
  readonly resumeFrom: StoredPosition | null;
  /** Decoded messages buffered before the socket is paused. */
  readonly highWaterMark: number;
  /** Called with the stream once it runs, so the task can confirm LSNs on it. */
  readonly onStarted: (stream: ReplicationStream) => void;
}

interface Transaction {
  readonly xid: number;
  readonly finalLsn: bigint;
  readonly commitMicros: bigint;
  readonly skipAll: boolean;
  /** Events at or below this LSN were delivered before a restart. */
  readonly skipUpTo: bigint | null;
}

/**
 * Streams changes from the slot (Debezium's PostgresStreamingChangeEventSource): one pgoutput
 * session starting at the slot's confirmed_flush_lsn; every committed transaction becomes c/u/d/t
 * records in commit order.
 */
export class StreamingSource implements ChangeEventSource {
  private tx: Transaction | null = null;
  private lastCommitLsn: bigint | null;

  constructor(private readonly o: StreamingSourceOptions) {
    this.lastCommitLsn = o.resumeFrom?.lastCommitLsn ?? null;
  }

  async execute(sink: ChangeEventSink, signal: AbortSignal): Promise<void> {
    const stream = await this.o.client.start({
      slot: this.o.slotName,
      publications: [this.o.publicationName],
      values: 'raw',
      highWaterMark: this.o.highWaterMark,
      signal,
    });
    this.o.onStarted(stream);
    for await (const { lsn, message } of stream) {
      switch (message.type) {
        case 'begin':
          this.tx = this.beginTransaction(message);
          break;
        case 'relation':
          await this.o.registry.refresh(message.schema, message.name);
          break;
        case 'insert':
        case 'update':
        case 'delete':
          await this.change(sink, message, lsn.value);
          break;
        case 'truncate':
          await this.truncate(sink, message, lsn.value);
          break;
        case 'commit':
          sink.transactionEnded(message.endLsn);
          this.lastCommitLsn = message.commitLsn.value;
          this.tx = null;
          break;
        default:
          break; // origin, type, logical messages: not captured in this version
      }
    }
  }

  private beginTransaction(m: BeginMessage): Transaction {
    const stored = this.o.resumeFrom;
    const finalLsn = m.finalLsn.value;
    const skipAll = stored?.lastCommitLsn != null && finalLsn <= stored.lastCommitLsn;
    const skipUpTo = stored?.streaming && stored.txId === m.xid ? stored.lsn : null;
    return { xid: m.xid, finalLsn, commitMicros: m.commitTime, skipAll, skipUpTo };
  }

  private skip(lsn: bigint): boolean {
    const tx = this.tx;
    return !tx || tx.skipAll || (tx.skipUpTo !== null && lsn <= tx.skipUpTo);
  }

  private async change(sink: ChangeEventSink, m: InsertMessage | UpdateMessage | DeleteMessage, lsn: bigint): Promise<void> {
    if (this.skip(lsn)) return;
    const op: Operation = m.type === 'insert' ? 'c' : m.type === 'update' ? 'u' : 'd';
    if (this.o.skippedOperations.has(op)) return;
    const table = await this.tableFor(m.relation);
    if (!table) return;
    const messageType = m.type.toUpperCase();
    const event = (o: Operation, key: Struct | null, before: Struct | null, after: Struct | null): ChangeEvent =>
      this.event(table, o, key, before, after, lsn, messageType);
    if (m.type === 'insert') {
      await sink.put(changeRecord(event('c', table.key(m.new), null, table.value(m.new))));
      return;
    }
    if (m.type === 'delete') {
      const e = event('d', table.key(m.old), table.value(m.old), null);
      await sink.put(changeRecord(e));
      if (this.o.tombstonesOnDelete && e.key !== null) await sink.put(tombstone(e));
      return;
    }
    const after = withToastedFromOld(m.new, m.old);
    const newKey = table.key(after);
    const oldKey = m.old ? table.key(m.old) : null;
    const before = m.oldKind === 'old' && m.old ? table.value(m.old) : null;
    if (oldKey && newKey && !oldKey.equals(newKey)) {
      // Primary key change: Debezium emits a delete of the old key (+ tombstone) and a create of the new one.
      const deleted = event('d', oldKey, m.old ? table.value(m.old) : null, null);
      await sink.put(changeRecord(deleted));
      if (this.o.tombstonesOnDelete) await sink.put(tombstone(deleted));
      await sink.put(changeRecord(event('c', newKey, null, table.value(after))));
      return;
    }
    await sink.put(changeRecord(event('u', newKey, before, table.value(after))));
  }

  private async truncate(sink: ChangeEventSink, m: TruncateMessage, lsn: bigint): Promise<void> {
    if (this.skip(lsn) || this.o.skippedOperations.has('t')) return;
    for (const relation of m.relations) {
      const table = await this.tableFor(relation);
      if (table) await sink.put(changeRecord({ ...this.event(table, 't', null, null, null, lsn, 'TRUNCATE') }));
    }
  }

  private async tableFor(relation: RelationMessage): Promise<TableSchema | undefined> {
    return this.o.registry.getOrRefresh(relation.schema, relation.name);
  }

  private event(
    table: TableSchema, op: Operation, key: Struct | null, before: Struct | null, after: Struct | null, lsn: bigint,
    messageType: string,
  ): ChangeEvent {
    const tx = this.tx!;
    return {
      table, op, key, before, after,
      source: {
        version: this.o.version, serverName: this.o.serverName, db: this.o.db, tsMicros: tx.commitMicros, snapshot: 'false',
        schema: table.table.schema, table: table.table.name, txId: tx.xid, lsn, lastCommitLsn: this.lastCommitLsn,
      },
      partition: this.o.partition,
      offset: streamingOffset({ lsn, txId: tx.xid, tsMicros: tx.commitMicros, lsnCommit: this.lastCommitLsn, messageType }),
    };
  }
}

/** Unchanged TOASTed columns of the new row take the old row's value when REPLICA IDENTITY FULL sent it. */
function withToastedFromOld(row: Tuple, old: Tuple | null): RawRow {
  if (!old) return row;
  let merged: Record<string, unknown> | null = null;
  for (const [name, value] of Object.entries(row)) {
    if (value === UNCHANGED_TOAST && old[name] !== undefined && old[name] !== UNCHANGED_TOAST) {
      merged ??= { ...row };
      merged[name] = old[name];
    }
  }
  return merged ?? row;
}
