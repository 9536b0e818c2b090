import { SchemaBuilder, Schemas, Struct, sourceRecord, type OffsetMap, type Schema, type SourceRecord } from '@tsconnect/sdk';
import { TRANSACTION_BLOCK_SCHEMA } from '../schema/envelope.js';

/** io.debezium.connector.common.TransactionMetadataKey (Debezium's SchemaFactory). */
export const TRANSACTION_KEY_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.common.TransactionMetadataKey').version(1)
  .field('id', Schemas.STRING)
  .build();

const EVENT_COUNT_SCHEMA: Schema = SchemaBuilder.struct().optional().name('event.collection').version(1)
  .field('data_collection', Schemas.STRING)
  .field('event_count', Schemas.INT64)
  .build();

/** io.debezium.connector.common.TransactionMetadataValue: BEGIN has no counts, END has both. */
export const TRANSACTION_VALUE_SCHEMA: Schema = SchemaBuilder.struct()
  .name('io.debezium.connector.common.TransactionMetadataValue').version(1)
  .field('status', Schemas.STRING)
  .field('id', Schemas.STRING)
  .field('event_count', Schemas.OPTIONAL_INT64)
  .field('data_collections', SchemaBuilder.array(EVENT_COUNT_SCHEMA).optional().build())
  .field('ts_ms', Schemas.INT64)
  .build();

/** Offset keys of Debezium's TransactionContext. */
const OFFSET_ID = 'transaction_id';
const OFFSET_ORDER_PREFIX = 'transaction_data_collection_order_';

/**
 * Debezium's (Postgres)TransactionMonitor for one connector: counts events per transaction and
 * data collection, makes BEGIN/END records for `<topic.prefix>.<topic.transaction>` and the
 * `transaction` block of data events. Ids are `<txId>:<lsn of the event>` as Debezium 2.x+ sends them
 * (the LSN part differs between BEGIN, data and END events; the txId part is in the offset).
 */
export class TransactionMonitor {
  private txId: string | null = null;
  private total = 0;
  private readonly perTable = new Map<string, number>();

  constructor(readonly topic: string, private readonly partition: OffsetMap) {}

  /** Starts a transaction; with `restored` (an offset inside it) the counters continue from there. */
  begin(xid: number, restored: OffsetMap | null = null): void {
    this.txId = String(xid);
    this.total = 0;
    this.perTable.clear();
    if (restored && restored[OFFSET_ID] === this.txId) {
      for (const [k, v] of Object.entries(restored)) {
        if (k.startsWith(OFFSET_ORDER_PREFIX) && typeof v === 'number') {
          this.perTable.set(k.slice(OFFSET_ORDER_PREFIX.length), v);
          this.total += v;
        }
      }
    }
  }

  get inProgress(): boolean {
    return this.txId !== null;
  }

  /** Counts one event of `dataCollection`; returns its transaction block. */
  dataEvent(dataCollection: string, lsn: bigint): Struct {
    const order = (this.perTable.get(dataCollection) ?? 0) + 1;
    this.perTable.set(dataCollection, order);
    this.total++;
    return new Struct(TRANSACTION_BLOCK_SCHEMA)
      .put('id', this.id(lsn))
      .put('total_order', this.total)
      .put('data_collection_order', order);
  }

  /** The offset with this transaction's context (id and per-collection counters), as Debezium stores it. */
  withContext(offset: OffsetMap): OffsetMap {
    if (this.txId === null) return offset;
    const out: Record<string, unknown> = { ...offset, [OFFSET_ID]: this.txId };
    for (const [table, n] of this.perTable) out[OFFSET_ORDER_PREFIX + table] = n;
    return out as OffsetMap;
  }

  beginRecord(lsn: bigint, commitMs: number, offset: OffsetMap): SourceRecord {
    const value = new Struct(TRANSACTION_VALUE_SCHEMA).put('status', 'BEGIN').put('id', this.id(lsn)).put('ts_ms', commitMs);
    return this.record(lsn, value, offset);
  }

  /** The END record; the transaction is over afterwards. */
  endRecord(lsn: bigint, commitMs: number, offset: OffsetMap): SourceRecord {
    const collections = [...this.perTable].map(([table, n]) =>
      new Struct(EVENT_COUNT_SCHEMA).put('data_collection', table).put('event_count', n));
    const value = new Struct(TRANSACTION_VALUE_SCHEMA)
      .put('status', 'END').put('id', this.id(lsn)).put('event_count', this.total)
      .put('data_collections', collections).put('ts_ms', commitMs);
    const record = this.record(lsn, value, offset);
    this.txId = null;
    return record;
  }

  private id(lsn: bigint): string {
    return `${this.txId}:${lsn}`;
  }

  private record(lsn: bigint, value: Struct, offset: OffsetMap): SourceRecord {
    const key = new Struct(TRANSACTION_KEY_SCHEMA).put('id', this.id(lsn));
    return sourceRecord({
      topic: this.topic, sourcePartition: this.partition, sourceOffset: this.withContext(offset),
      keySchema: TRANSACTION_KEY_SCHEMA, key, valueSchema: TRANSACTION_VALUE_SCHEMA, value,
    });
  }
}
