import type { OffsetMap, Struct } from '@tsconnect/sdk';
import {
  UNCHANGED_TOAST, type DeleteMessage, type InsertMessage, type LogicalMessage, type LogicalReplicationClient,
  type RelationMessage, type ReplicationStream, type TruncateMessage, type Tuple, type UpdateMessage, type CommitMessage,
} from '@tsconnect/pgoutput';
import type { ChangeEventSink, ChangeEventSource } from '../pipeline/change-event-source.js';
import { changeRecord, tombstone, type ChangeEvent } from '../pipeline/change-records.js';
import { streamingOffset, type StoredPosition } from '../pipeline/postgres-offset.js';
import type { TransactionMonitor } from '../pipeline/transaction-metadata.js';
import type { Operation } from '../schema/envelope.js';
import type { SourceInfo } from '../schema/source-info.js';
import type { TableSchema, RawRow } from '../schema/table-schema.js';
import type { TableSchemaRegistry } from '../schema/table-schema-registry.js';
import { LOGICAL_MESSAGE_COLLECTION, logicalMessageRecord } from './logical-message.js';
import type { StreamHooks, StreamPosition } from './stream-hooks.js';
import { beginTransaction, isDelivered, type TransactionState } from './transaction-state.js';

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
  /** message.prefix.include/exclude.list: which logical decoding messages become records. */
  readonly messageIncluded: (prefix: string) => boolean;
  /** What the stored offset says was delivered already (duplicates to skip after a restart). */
  readonly resumeFrom: StoredPosition | null;
  /** Decoded messages buffered before the socket is paused. */
  readonly highWaterMark: number;
  /** provide.transaction.metadata: BEGIN/END records and transaction blocks; null when off. */
  readonly transactions: TransactionMonitor | null;
  readonly hooks: StreamHooks | null;
  /** Called with the stream once it runs, so the task can confirm LSNs on it. */
  readonly onStarted: (stream: ReplicationStream) => void;
}

/**
 * Streams changes from the slot (Debezium's PostgresStreamingChangeEventSource): one pgoutput
 * session starting at the slot's confirmed_flush_lsn; every committed transaction becomes c/u/d/t
 * records in commit order, logical decoding messages become "m" records on `<prefix>.message`.
 */
export class StreamingSource implements ChangeEventSource {
  private tx: TransactionState | null = null;
  private lastCommitLsn: bigint | null;
  private stream: ReplicationStream | null = null;
  private busy = false;
  private lastOffset: OffsetMap | null = null;
  private readonly tables = new Map<RelationMessage, TableSchema>();
  private tablesVersion = -1;

  constructor(private readonly o: StreamingSourceOptions) {
    this.lastCommitLsn = o.resumeFrom?.lastCommitLsn ?? null;
  }

  /**
   * The server's WAL end when everything it sent has been turned into records and no transaction
   * is open: a heartbeat may then carry (and confirm) this position. Null otherwise.
   */
  idlePosition(): { lsn: bigint; offset: OffsetMap | null } | null {
    const s = this.stream;
    if (!s || this.busy || this.tx || s.buffered > 0) return null;
    return { lsn: s.receivedLsn.value, offset: this.lastOffset };
  }

  async execute(sink: ChangeEventSink, signal: AbortSignal): Promise<void> {
    const stream = await this.o.client.start({
      slot: this.o.slotName, publications: [this.o.publicationName], values: 'raw', messages: true,
      highWaterMark: this.o.highWaterMark, signal,
    });
    this.stream = stream;
    this.o.onStarted(stream);
    this.busy = true; // not idle while a resumed incremental snapshot reads its first chunk
    await this.o.hooks?.streamStarted();
    const it = stream[Symbol.asyncIterator]();
    for (;;) {
      this.busy = false;
      const next = await it.next();
      if (next.done) return;
      this.busy = true;
      const { lsn, message } = next.value;
      switch (message.type) {
        case 'begin':
          this.tx = beginTransaction(message, lsn.value, this.o.resumeFrom);
          await this.transactionBegun(sink);
          break;
        case 'relation':
          await this.o.registry.applyRelation(message);
          break;
        case 'insert':
        case 'update':
        case 'delete':
          await this.change(sink, message, lsn.value);
          break;
        case 'truncate':
          await this.truncate(sink, message, lsn.value);
          break;
        case 'message':
          await this.logicalMessage(sink, message, lsn.value);
          break;
        case 'commit':
          await this.commit(sink, message);
          break;
        default:
          break; // origin, type
      }
    }
  }

  private async transactionBegun(sink: ChangeEventSink): Promise<void> {
    const tx = this.tx!;
    const monitor = this.o.transactions;
    if (!monitor || tx.skipAll) return;
    const restarted = tx.skipUpTo !== null; // BEGIN was delivered before the restart: continue its counters
    monitor.begin(tx.xid, restarted ? this.o.resumeFrom!.raw : null);
    if (!restarted) await this.put(sink, monitor.beginRecord(tx.beginLsn, this.commitMs(), this.offset(tx.beginLsn, 'BEGIN')));
  }

  private async commit(sink: ChangeEventSink, m: CommitMessage): Promise<void> {
    const tx = this.tx;
    this.tx = null;
    const endLsn = m.endLsn.value;
    const monitor = this.o.transactions;
    if (tx && monitor?.inProgress && !isDelivered(tx, endLsn)) {
      const offset = this.withHookState(streamingOffset({ lsn: endLsn, txId: tx.xid, tsMicros: tx.commitMicros, lsnCommit: m.commitLsn.value, messageType: 'COMMIT' }));
      await this.put(sink, monitor.endRecord(endLsn, Number(tx.commitMicros / 1000n), offset));
    }
    this.lastCommitLsn = m.commitLsn.value;
    sink.transactionEnded(m.endLsn);
  }

  /** Not async: the queue hands back a settled promise when it has room, so no promise is made per record. */
  private put(sink: ChangeEventSink, record: Parameters<ChangeEventSink['put']>[0]): Promise<void> {
    this.lastOffset = record.sourceOffset;
    return sink.put(record);
  }

  private async change(sink: ChangeEventSink, m: InsertMessage | UpdateMessage | DeleteMessage, lsn: bigint): Promise<void> {
    if (isDelivered(this.tx, lsn)) return;
    const hooks = this.o.hooks;
    if (hooks?.isSignalTable(m.relation.schema, m.relation.name)) {
      if (m.type === 'insert') await hooks.onSignal(m.new, this.position(sink, lsn, 'INSERT'));
      return;
    }
    const table = this.cachedTable(m.relation) ?? (await this.tableFor(m.relation));
    if (!table) return;
    hooks?.onChange(table, m.type === 'insert' ? [m.new] : m.type === 'delete' ? [m.old] : [m.old, m.new]);
    const skipped = this.o.skippedOperations;
    if (m.type === 'insert') {
      if (!skipped.has('c')) await this.emit(sink, table, 'c', table.key(m.new), null, table.value(m.new), lsn, 'INSERT');
      return;
    }
    if (m.type === 'delete') {
      if (!skipped.has('d')) await this.emit(sink, table, 'd', table.key(m.old), table.value(m.old), null, lsn, 'DELETE');
      return;
    }
    if (skipped.has('u')) return;
    const after = withToastedFromOld(m.new, m.old);
    const newKey = table.key(after);
    const oldKey = m.old ? table.key(m.old) : null;
    if (oldKey && newKey && !oldKey.equals(newKey)) {
      // Primary key change: Debezium emits a delete of the old key (+ tombstone) and a create of the new one.
      await this.emit(sink, table, 'd', oldKey, m.old ? table.value(m.old) : null, null, lsn, 'UPDATE');
      await this.emit(sink, table, 'c', newKey, null, table.value(after), lsn, 'UPDATE');
      return;
    }
    await this.emit(sink, table, 'u', newKey, m.oldKind === 'old' && m.old ? table.value(m.old) : null, table.value(after), lsn, 'UPDATE');
  }

  private emit(
    sink: ChangeEventSink, table: TableSchema, op: Operation, key: Struct | null, before: Struct | null, after: Struct | null,
    lsn: bigint, messageType: string,
  ): Promise<void> {
    const e = this.event(table, op, key, before, after, lsn, messageType);
    const queued = this.put(sink, changeRecord(e));
    if (op !== 'd' || !this.o.tombstonesOnDelete || e.key === null) return queued;
    return queued.then(() => this.put(sink, tombstone(e)));
  }

  private async truncate(sink: ChangeEventSink, m: TruncateMessage, lsn: bigint): Promise<void> {
    if (isDelivered(this.tx, lsn) || this.o.skippedOperations.has('t')) return;
    for (const relation of m.relations) {
      const table = await this.tableFor(relation);
      if (table) await this.put(sink, changeRecord(this.event(table, 't', null, null, null, lsn, 'TRUNCATE')));
    }
  }

  /** pg_logical_emit_message(): transactional ones inside their transaction, others on their own. */
  private async logicalMessage(sink: ChangeEventSink, m: LogicalMessage, lsn: bigint): Promise<void> {
    const tx = m.transactional ? this.tx : null;
    if (m.transactional && isDelivered(tx, lsn)) return;
    if (!m.transactional && this.lastCommitLsn !== null && lsn <= this.lastCommitLsn) return;
    if (!this.o.messageIncluded(m.prefix)) return;
    const tsMicros = tx?.commitMicros ?? BigInt(Date.now()) * 1000n;
    const transaction = tx && this.o.transactions?.inProgress ? this.o.transactions.dataEvent(LOGICAL_MESSAGE_COLLECTION, lsn) : null;
    let offset = this.withHookState(streamingOffset({ lsn, txId: tx?.xid ?? null, tsMicros, lsnCommit: tx ? this.lastCommitLsn : lsn, messageType: 'MESSAGE' }));
    if (transaction) offset = this.o.transactions!.withContext(offset);
    await this.put(sink, logicalMessageRecord({
      topicPrefix: this.o.serverName, prefix: m.prefix, content: m.content, transaction, partition: this.o.partition, offset,
      source: { ...this.sourceInfo('', '', 'false', lsn), tsMicros, txId: tx?.xid ?? null },
    }));
    if (!m.transactional) {
      // No COMMIT follows a non-transactional message: it is its own unit of acknowledgement.
      this.lastCommitLsn = lsn;
      sink.transactionEnded(m.messageLsn);
    }
  }

  private async tableFor(relation: RelationMessage): Promise<TableSchema | undefined> {
    const table = await this.o.registry.getOrRefresh(relation.schema, relation.name);
    if (table) this.tables.set(relation, table);
    return table;
  }

  /** The table of a relation without building its "schema.table" key per event; forgotten on any schema change. */
  private cachedTable(relation: RelationMessage): TableSchema | undefined {
    if (this.tablesVersion !== this.o.registry.version) {
      this.tables.clear();
      this.tablesVersion = this.o.registry.version;
      return undefined;
    }
    return this.tables.get(relation);
  }

  private commitMs(): number {
    return Number(this.tx!.commitMicros / 1000n);
  }

  private offset(lsn: bigint, messageType: string): OffsetMap {
    const tx = this.tx!;
    const offset = this.withHookState(streamingOffset({ lsn, txId: tx.xid, tsMicros: tx.commitMicros, lsnCommit: this.lastCommitLsn, messageType }));
    return this.o.transactions?.inProgress ? this.o.transactions.withContext(offset) : offset;
  }

  /** A running incremental snapshot's state rides in every offset, so any stored one can resume it. */
  private withHookState(offset: OffsetMap): OffsetMap {
    const state = this.o.hooks?.offsetState();
    return state ? { ...offset, ...state } : offset;
  }

  private sourceInfo(schema: string, table: string, snapshot: SourceInfo['snapshot'], lsn: bigint): SourceInfo {
    return {
      version: this.o.version, serverName: this.o.serverName, db: this.o.db, tsMicros: this.tx?.commitMicros ?? BigInt(Date.now()) * 1000n,
      snapshot, schema, table, txId: this.tx?.xid ?? null, lsn, lastCommitLsn: this.lastCommitLsn,
    };
  }

  private position(sink: ChangeEventSink, lsn: bigint, messageType: string): StreamPosition {
    return {
      sink: { put: (r) => this.put(sink, r), transactionEnded: (l) => sink.transactionEnded(l) },
      offset: () => this.offset(lsn, messageType),
      source: (table, snapshot) => ({ ...this.sourceInfo(table.table.schema, table.table.name, snapshot, lsn), tsMicros: BigInt(Date.now()) * 1000n }),
    };
  }

  private event(
    table: TableSchema, op: Operation, key: Struct | null, before: Struct | null, after: Struct | null, lsn: bigint,
    messageType: string,
  ): ChangeEvent {
    const transaction = this.o.transactions?.inProgress ? this.o.transactions.dataEvent(table.id, lsn) : null;
    return {
      table, op, key, before, after, transaction,
      source: this.sourceInfo(table.table.schema, table.table.name, 'false', lsn),
      partition: this.o.partition,
      offset: this.offset(lsn, messageType),
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
