import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceRecord, Struct } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { TaskHarness } from '../test-support/task-harness.js';
import { adminClient, connectorProps, dropPublication, envelope, plain, source } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

const value = (r: SourceRecord) => plain(r.value) as Record<string, unknown>;

describe('transaction metadata, logical messages, truncate', () => {
  it('wraps each transaction in BEGIN/END on <prefix>.transaction and numbers its events', async () => {
    const a = uniqueName('txa');
    const b = uniqueName('txb');
    await admin.query(`CREATE TABLE ${a} (id INT PRIMARY KEY); CREATE TABLE ${b} (id INT PRIMARY KEY)`);
    const p = connectorProps(a, { 'table.include.list': `public.${a},public.${b}`, 'snapshot.mode': 'no_data', 'provide.transaction.metadata': 'true' });
    const h = await new TaskHarness(p).start();
    try {
      await admin.query(`BEGIN; INSERT INTO ${a} VALUES (1); INSERT INTO ${b} VALUES (1); INSERT INTO ${a} VALUES (2); COMMIT`);
      const records = await h.pollUntil(5);
      expect(records.map((r) => r.topic)).toEqual(['dbz.transaction', `dbz.public.${a}`, `dbz.public.${b}`, `dbz.public.${a}`, 'dbz.transaction']);
      const [begin, r1, r2, r3, end] = records as [SourceRecord, SourceRecord, SourceRecord, SourceRecord, SourceRecord];
      const xid = String(source(r1)['txId']);
      expect(begin.keySchema!.name).toBe('io.debezium.connector.common.TransactionMetadataKey');
      expect(begin.valueSchema!.name).toBe('io.debezium.connector.common.TransactionMetadataValue');
      expect(begin.valueSchema!.fields!.map((f) => f.name)).toEqual(['status', 'id', 'event_count', 'data_collections', 'ts_ms']);
      const beginValue = value(begin);
      expect(beginValue).toMatchObject({ status: 'BEGIN', id: `${xid}:${begin.sourceOffset['lsn']}`, event_count: null, data_collections: null });
      expect(beginValue['ts_ms']).toBe(source(r1)['ts_ms']);
      expect(plain(begin.key)).toEqual({ id: beginValue['id'] });
      expect(begin.sourceOffset).toMatchObject({ transaction_id: xid, messageType: 'BEGIN' });
      const blocks = [r1, r2, r3].map((r) => plain(envelope(r).get('transaction')));
      expect(blocks).toEqual([
        { id: `${xid}:${r1.sourceOffset['lsn']}`, total_order: 1, data_collection_order: 1 },
        { id: `${xid}:${r2.sourceOffset['lsn']}`, total_order: 2, data_collection_order: 1 },
        { id: `${xid}:${r3.sourceOffset['lsn']}`, total_order: 3, data_collection_order: 2 },
      ]);
      expect(r3.sourceOffset).toMatchObject({ transaction_id: xid, [`transaction_data_collection_order_public.${a}`]: 2, [`transaction_data_collection_order_public.${b}`]: 1 });
      expect(value(end)).toEqual({
        status: 'END', id: `${xid}:${end.sourceOffset['lsn']}`, event_count: 3, ts_ms: beginValue['ts_ms'],
        data_collections: [{ data_collection: `public.${a}`, event_count: 2 }, { data_collection: `public.${b}`, event_count: 1 }],
      });
      expect(end.sourceOffset).toMatchObject({ transaction_id: xid, messageType: 'COMMIT' });
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${a}, ${b}`);
    }
  });

  it('emits pg_logical_emit_message on <prefix>.message and truncates only when t is not skipped', async () => {
    const t = uniqueName('msg');
    await admin.query(`CREATE TABLE ${t} (id INT PRIMARY KEY)`);
    // Prefixes of this test only: other test files emit messages into the same database.
    const [audit, loosePrefix] = [uniqueName('audit'), uniqueName('loose')];
    const p = connectorProps(t, {
      'snapshot.mode': 'no_data', 'skipped.operations': 'none', 'message.prefix.exclude.list': '',
      'message.prefix.include.list': `${audit.toUpperCase()},${loosePrefix}`,
    });
    const h = await new TaskHarness(p).start();
    try {
      await admin.query(`BEGIN; INSERT INTO ${t} VALUES (1); SELECT pg_logical_emit_message(true, '${audit}', 'hello'::bytea); COMMIT`);
      await admin.query(`SELECT pg_logical_emit_message(false, '${audit}x', 'not included'::bytea)`);
      await admin.query(`SELECT pg_logical_emit_message(false, '${loosePrefix}', '\\x00ff'::bytea)`);
      await admin.query(`TRUNCATE ${t}`);
      const records = await h.pollUntil(4);
      expect(records.map((r) => [r.topic, envelope(r).get('op')])).toEqual([
        [`dbz.public.${t}`, 'c'], ['dbz.message', 'm'], ['dbz.message', 'm'], [`dbz.public.${t}`, 't'],
      ]);
      const [insert, tx, loose, trunc] = records as [SourceRecord, SourceRecord, SourceRecord, SourceRecord];
      expect(tx.valueSchema!.name).toBe('io.debezium.connector.postgresql.MessageValue');
      expect(tx.valueSchema!.fields!.map((f) => f.name)).toEqual(['op', 'ts_ms', 'source', 'transaction', 'message']);
      expect(tx.keySchema!.name).toBe('io.debezium.connector.postgresql.MessageKey');
      expect(plain(tx.key)).toEqual({ prefix: audit });
      const message = plain((tx.value as Struct).get('message')) as { prefix: string; content: Uint8Array };
      expect([message.prefix, Buffer.from(message.content).toString()]).toEqual([audit, 'hello']);
      expect(source(tx)).toMatchObject({ schema: '', table: '', txId: source(insert)['txId'] });
      const looseMessage = plain((loose.value as Struct).get('message')) as { prefix: string; content: Uint8Array };
      expect([looseMessage.prefix, Buffer.from(looseMessage.content)]).toEqual([loosePrefix, Buffer.from([0, 255])]);
      expect([trunc.key, envelope(trunc).get('before'), envelope(trunc).get('after')]).toEqual([null, null, null]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
    }

    // Default skipped.operations=t: the truncate is not emitted.
    const q = connectorProps(t, { 'snapshot.mode': 'no_data' });
    const h2 = await new TaskHarness(q).start();
    try {
      await admin.query(`TRUNCATE ${t}; INSERT INTO ${t} VALUES (5)`);
      const records = await h2.pollUntil(1);
      expect(records.map((r) => [envelope(r).get('op'), plain(r.key)])).toEqual([['c', { id: 5 }]]);
    } finally {
      await h2.stop();
      await dropPublication(admin, q);
      await admin.query(`DROP TABLE ${t}`);
    }
  });
});
