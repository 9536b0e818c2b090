import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StandaloneWorker } from '@tsconnect/runtime';
import { uniqueName } from '@tsconnect/test-support';
import {
  envelopeSchema, exactJson, field, keySchema, lsnNumber, messageKeySchema, messageValueSchema, schema, type Json,
} from './debezium-json.js';
import { envelopeTimes, expectedSource } from './debezium-source-block.js';
import {
  connectorConfig, createDatabase, registerConnector, settle, startWorker, TopicReader, type JsonRecord, type TestDatabase,
} from './e2e-harness.js';

/**
 * One table through the real worker and Kafka: every Debezium op (r, c, u, d + tombstone, t, m),
 * compared byte for byte (JsonConverter, schemas enabled) with Debezium's documented output
 * (documentation/modules/ROOT/pages/connectors/postgresql.adoc, "Data change events"; schema details
 * verified in Debezium's source, see debezium-json.ts).
 */
describe('postgres → worker → Kafka: every op as Debezium writes it', () => {
  const prefix = uniqueName('ops');
  const topic = `${prefix}.public.customers`;
  const messageTopic = `${prefix}.message`;
  const full = `${prefix}.public.customers`;
  let db: TestDatabase;
  let worker: StandaloneWorker;
  let reader: TopicReader;
  let snapshotFrom: number;
  let snapshotTo: number;

  // Debezium docs (postgresql.adoc, "Data change events"): NOT NULL → "optional": false; the literal
  // default of `active` becomes the field's schema default (TableSchemaBuilder.addField).
  const columns: Json[] = [
    field('id', schema('int32')),
    field('first_name', schema('string')),
    field('email', schema('string', { optional: true })),
    field('active', schema('boolean', { default: true })),
  ];
  const expectedKeySchema = keySchema(full, [field('id', schema('int32'))]);
  const expectedValueSchema = envelopeSchema(full, columns);

  beforeAll(async () => {
    db = await createDatabase('pgops');
    await db.client.query(`CREATE TABLE customers (
      id integer PRIMARY KEY, first_name varchar(255) NOT NULL, email text, active boolean NOT NULL DEFAULT true)`);
    // FULL: before-images of updates and deletes carry every column (postgresql.adoc, "Replica identity").
    await db.client.query('ALTER TABLE customers REPLICA IDENTITY FULL');
    await db.client.query(`INSERT INTO customers VALUES (1, 'Anne', 'anne@example.com', true), (2, 'Bob', NULL, false)`);
    worker = await startWorker();
    reader = await TopicReader.start([topic, messageTopic]);
    snapshotFrom = Date.now();
    await registerConnector(worker, prefix, connectorConfig(db, prefix, {
      'table.include.list': 'public.customers',
      'publication.autocreate.mode': 'filtered',
      'skipped.operations': 'none', // emit truncates ('t' is skipped by default)
    }));
    await reader.waitForCount(topic, 2);
    snapshotTo = Date.now();
  });

  afterAll(async () => {
    await reader?.stop();
    await worker?.stop();
    await db?.drop([db.name]);
  });

  /** Exact key bytes; the value compared parsed (readable diff) and then as text (key order). */
  function expectRecord(r: JsonRecord, key: Json, value: Json): void {
    const k = r.keyText === null ? null : exactJson(r.keyText);
    const v = r.valueText === null ? null : exactJson(r.valueText);
    expect(k?.value ?? null).toEqual(key);
    expect(v?.value ?? null).toEqual(value);
    expect(k?.text ?? null).toBe(key === null ? null : JSON.stringify(key));
    expect(v?.text ?? null).toBe(value === null ? null : JSON.stringify(value));
  }

  const keyOf = (id: number): Json => ({ schema: expectedKeySchema, payload: { id } });
  const payloadOf = (r: JsonRecord): Record<string, Json> =>
    (exactJson(r.valueText!).value as { payload: Record<string, Json> }).payload;

  it('snapshot: op r, source.snapshot first/last, after = the row, before = null', () => {
    const records = reader.on(topic).slice(0, 2);
    const rows = [
      { id: 1, first_name: 'Anne', email: 'anne@example.com', active: true },
      { id: 2, first_name: 'Bob', email: null, active: false },
    ];
    // RelationalSnapshotChangeEventSource.setSnapshotMarker → SnapshotMarkerResolver.resolve: first record of
    // the first table "first", last record of the last table "last".
    const markers = ['first', 'last'];
    records.forEach((r, i) => {
      const p = payloadOf(r);
      const source = expectedSource(p['source']!, {
        name: prefix, db: db.name, schema: 'public', table: 'customers', snapshot: markers[i]!, fromMs: snapshotFrom, toMs: snapshotTo,
      });
      // PostgresSnapshotChangeEventSource.updateOffsetForSnapshot: lsn = the slot's consistent point, no last commit.
      expect(JSON.parse(source['sequence'] as string)).toEqual([null, String(source['lsn'])]);
      expectRecord(r, keyOf(rows[i]!.id), {
        schema: expectedValueSchema,
        payload: { before: null, after: rows[i]!, source, transaction: null, op: 'r', ...envelopeTimes(p, snapshotFrom) },
      });
    });
  });

  /** Runs `sql` in one transaction; returns its txId and the WAL window around it. */
  async function inTransaction(sql: string[]): Promise<{ txId: number; lsnBefore: number; lsnAfter: number; from: number; to: number }> {
    const from = Date.now();
    const lsnBefore = lsnNumber((await db.client.query<{ l: string }>('SELECT pg_current_wal_insert_lsn() AS l')).rows[0]!.l);
    await db.client.query('BEGIN');
    for (const s of sql) await db.client.query(s);
    const txId = Number((await db.client.query<{ x: string }>('SELECT txid_current() AS x')).rows[0]!.x);
    await db.client.query('COMMIT');
    const lsnAfter = lsnNumber((await db.client.query<{ l: string }>('SELECT pg_current_wal_insert_lsn() AS l')).rows[0]!.l);
    return { txId, lsnBefore, lsnAfter, from, to: Date.now() };
  }

  const streamed = (t: { txId: number; lsnBefore: number; lsnAfter: number; from: number; to: number }) => ({
    name: prefix, db: db.name, schema: 'public', table: 'customers', snapshot: 'false',
    txId: t.txId, lsnAfter: t.lsnBefore, lsnAtMost: t.lsnAfter, fromMs: t.from, toMs: t.to,
  });

  it('insert: op c, before null, after the new row', async () => {
    const tx = await inTransaction([`INSERT INTO customers (id, first_name, email) VALUES (3, 'Carla', 'c@example.com')`]);
    const [r] = (await reader.waitForCount(topic, 3)).slice(2);
    const p = payloadOf(r!);
    expectRecord(r!, keyOf(3), {
      schema: expectedValueSchema,
      payload: {
        before: null, after: { id: 3, first_name: 'Carla', email: 'c@example.com', active: true },
        source: expectedSource(p['source']!, streamed(tx)), transaction: null, op: 'c', ...envelopeTimes(p, tx.from),
      },
    });
  });

  it('update: op u, before = old row (REPLICA IDENTITY FULL), after = new row', async () => {
    const tx = await inTransaction([`UPDATE customers SET email = NULL, active = false WHERE id = 3`]);
    const [r] = (await reader.waitForCount(topic, 4)).slice(3);
    const p = payloadOf(r!);
    expectRecord(r!, keyOf(3), {
      schema: expectedValueSchema,
      payload: {
        before: { id: 3, first_name: 'Carla', email: 'c@example.com', active: true },
        after: { id: 3, first_name: 'Carla', email: null, active: false },
        source: expectedSource(p['source']!, streamed(tx)), transaction: null, op: 'u', ...envelopeTimes(p, tx.from),
      },
    });
  });

  it('delete: op d with the before image, then a tombstone (same key, null value)', async () => {
    const tx = await inTransaction(['DELETE FROM customers WHERE id = 3']);
    const [d, tombstone] = (await reader.waitForCount(topic, 6)).slice(4);
    const p = payloadOf(d!);
    expectRecord(d!, keyOf(3), {
      schema: expectedValueSchema,
      payload: {
        before: { id: 3, first_name: 'Carla', email: null, active: false }, after: null,
        source: expectedSource(p['source']!, streamed(tx)), transaction: null, op: 'd', ...envelopeTimes(p, tx.from),
      },
    });
    // tombstones.on.delete=true (default): Kafka log compaction drops the key.
    expectRecord(tombstone!, keyOf(3), null);
  });

  it('truncate (skipped.operations=none): op t, null key, before and after null', async () => {
    const tx = await inTransaction(['TRUNCATE customers']);
    const [t] = (await reader.waitForCount(topic, 7)).slice(6);
    const p = payloadOf(t!);
    // PostgresChangeRecordEmitter.emitTruncateRecord: key null, Envelope.truncate(source, ts); EventDispatcher
    // (StreamingChangeRecordReceiver.changeRecord) sends it with a null key schema → a null Kafka key.
    expectRecord(t!, null, {
      schema: expectedValueSchema,
      payload: {
        before: null, after: null, source: expectedSource(p['source']!, streamed(tx)), transaction: null, op: 't',
        ...envelopeTimes(p, tx.from),
      },
    });
  });

  it('logical message: op m on <prefix>.message, key {prefix}, content as bytes (base64 in JSON)', async () => {
    const tx = await inTransaction([`SELECT pg_logical_emit_message(true, 'audit', 'hello world')`]);
    const [m] = await reader.waitForCount(messageTopic, 1);
    const p = payloadOf(m!);
    const tsMs = p['ts_ms'] as number;
    expect(tsMs).toBeGreaterThanOrEqual(tx.from);
    expect(tsMs).toBeLessThanOrEqual(Date.now());
    expectRecord(m!, { schema: messageKeySchema(), payload: { prefix: 'audit' } }, {
      schema: messageValueSchema(),
      payload: {
        op: 'm', ts_ms: tsMs,
        // A message belongs to no table: SourceInfo.update() with a null TableId leaves schema/table "".
        source: expectedSource(p['source']!, { ...streamed(tx), schema: '', table: '' }),
        transaction: null,
        message: { prefix: 'audit', content: Buffer.from('hello world').toString('base64') },
      },
    });
  });

  it('nothing else reached the topics (no duplicates)', async () => {
    await settle();
    expect(reader.on(topic).length).toBe(7);
    expect(reader.on(messageTopic).length).toBe(1);
  });
});
