import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SourceRecord, type Struct } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { adminClient, connectorProps, dropPublication, envelope, pgUrl, plain, source } from './test-support/pg-test.js';
import { TaskHarness } from './test-support/task-harness.js';

let admin: pg.Client;

beforeAll(async () => {
  admin = await adminClient();
});
afterAll(async () => {
  await admin.end();
});

const props = (table: string, overrides: Record<string, string> = {}) =>
  connectorProps(table, { 'plugin.name': 'pgoutput', ...overrides });

describe('PostgresSourceTask against PostgreSQL', () => {
  it('snapshots existing rows, then streams insert, update, delete with a tombstone', async () => {
    const table = uniqueName('customers');
    await admin.query(`CREATE TABLE ${table} (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, balance NUMERIC(10,2), born DATE)`);
    await admin.query(`INSERT INTO ${table} (name, balance, born) VALUES ('Alice', 12.50, '2000-01-02'), ('Bob', NULL, NULL)`);
    const p = props(table);
    const h = await new TaskHarness(p).start();
    try {
      const snapshot = await h.pollUntil(2);
      expect(snapshot.map((r) => [r.topic, envelope(r).get('op'), source(r)['snapshot']])).toEqual([
        [`dbz.public.${table}`, 'r', 'first'],
        [`dbz.public.${table}`, 'r', 'last'],
      ]);
      const alice = snapshot[0]!;
      expect(plain(alice.key)).toEqual({ id: 1 });
      expect(alice.keySchema!.name).toBe(`dbz.public.${table}.Key`);
      expect(alice.valueSchema!.name).toBe(`dbz.public.${table}.Envelope`);
      const after = plain(envelope(alice).get('after')) as Record<string, unknown>;
      expect({ ...after, balance: String(after['balance']) }).toEqual({ id: 1, name: 'Alice', balance: '12.50', born: 10958 });
      expect(alice.sourcePartition).toEqual({ server: 'dbz' });

      await admin.query(`INSERT INTO ${table} (name) VALUES ('Carol')`);
      await admin.query(`UPDATE ${table} SET name = 'Bobby' WHERE id = 2`);
      await admin.query(`DELETE FROM ${table} WHERE id = 1`);
      const changes = await h.pollUntil(4);
      expect(changes.map((r) => [envelope(r)?.get('op') ?? null, plain(r.key)])).toEqual([
        ['c', { id: 3 }], ['u', { id: 2 }], ['d', { id: 1 }], [null, { id: 1 }],
      ]);
      const [insert, update, del, tomb] = changes as [SourceRecord, SourceRecord, SourceRecord, SourceRecord];
      expect(plain(envelope(insert).get('after'))).toEqual({ id: 3, name: 'Carol', balance: null, born: null });
      expect(envelope(insert).get('before')).toBeNull();
      expect(envelope(update).get('before')).toBeNull(); // REPLICA IDENTITY DEFAULT sends no old row
      expect(plain(envelope(update).get('after'))).toEqual({ id: 2, name: 'Bobby', balance: null, born: null });
      // DEFAULT identity: only the key arrives; the NOT NULL column gets Debezium's fallback "".
      expect(plain(envelope(del).get('before'))).toEqual({ id: 1, name: '', balance: null, born: null });
      expect(envelope(del).get('after')).toBeNull();
      expect(tomb.value).toBeNull();
      expect(tomb.valueSchema).toBeNull();
      const s = source(insert);
      expect(s).toMatchObject({
        connector: 'postgresql', name: 'dbz', db: pgUrl().pathname.slice(1), schema: 'public', table, snapshot: 'false', xmin: null,
      });
      expect(typeof s['txId']).toBe('number');
      // First transaction of the session: no earlier commit yet (as Debezium after a snapshot).
      expect(s['sequence']).toBe(`[null,"${String(s['lsn'])}"]`);
      const [lastCommit, lsn] = JSON.parse(source(update)['sequence'] as string) as [string, string];
      expect(lsn).toBe(String(source(update)['lsn']));
      expect(BigInt(lastCommit)).toBeGreaterThan(BigInt(s['lsn'] as number));
      expect(insert.sourceOffset).toMatchObject({ lsn: s['lsn'], txId: s['txId'], messageType: 'INSERT' });
    } finally {
      await h.stop();
      await dropPublication(admin, p);
    }
  });

  it('redelivers unacknowledged changes after a restart and not the acknowledged ones', async () => {
    const table = uniqueName('orders');
    await admin.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, qty INT)`);
    const p = props(table, { 'snapshot.mode': 'no_data', 'slot.drop.on.stop': 'false' });
    let h = await new TaskHarness(p).start();
    try {
      await admin.query(`INSERT INTO ${table} VALUES (1, 10)`);
      const first = await h.pollUntil(1);
      expect(plain(first[0]!.key)).toEqual({ id: 1 });
      await h.stop();

      // Not acknowledged: the slot resends it.
      h = await new TaskHarness(p, h.store).start();
      const again = await h.pollUntil(1);
      expect(plain(envelope(again[0]!).get('after'))).toEqual({ id: 1, qty: 10 });
      await h.ack(again);
      await h.stop();

      h = await new TaskHarness({ ...p, 'slot.drop.on.stop': 'true' }, h.store).start();
      await admin.query(`INSERT INTO ${table} VALUES (2, 20)`);
      const next = await h.pollUntil(1);
      expect(next.map((r) => plain(r.key))).toEqual([{ id: 2 }]);
      expect(await h.task.poll()).toEqual([]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
    }
  });

  it('skips changes whose offsets were stored but whose LSN was never confirmed to the slot', async () => {
    const table = uniqueName('items');
    await admin.query(`CREATE TABLE ${table} (id INT PRIMARY KEY, label TEXT)`);
    await admin.query(`ALTER TABLE ${table} REPLICA IDENTITY FULL`);
    const p = props(table, { 'snapshot.mode': 'no_data', 'slot.drop.on.stop': 'false', 'tombstones.on.delete': 'false' });
    let h = await new TaskHarness(p).start();
    try {
      await admin.query(`BEGIN; INSERT INTO ${table} VALUES (1, 'a'); INSERT INTO ${table} VALUES (2, 'b'); COMMIT`);
      const both = await h.pollUntil(2);
      // Kafka stored the first record's offset, then the worker died before commit(): the slot resends both.
      h.store.store(both.slice(0, 1));
      await h.stop();
      h = await new TaskHarness({ ...p, 'slot.drop.on.stop': 'true' }, h.store).start();
      await admin.query(`UPDATE ${table} SET label = 'bb' WHERE id = 2`);
      await admin.query(`DELETE FROM ${table} WHERE id = 1`);
      const rest = await h.pollUntil(3);
      expect(rest.map((r) => [envelope(r).get('op'), plain(r.key)])).toEqual([['c', { id: 2 }], ['u', { id: 2 }], ['d', { id: 1 }]]);
      // REPLICA IDENTITY FULL: full before-images, and no tombstone with tombstones.on.delete=false.
      expect(plain(envelope(rest[1]!).get('before'))).toEqual({ id: 2, label: 'b' });
      expect(plain(envelope(rest[2]!).get('before'))).toEqual({ id: 1, label: 'a' });
      expect(await h.task.poll()).toEqual([]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
    }
  });

  it('maps column types as Debezium does', async () => {
    const table = uniqueName('types');
    await admin.query(`CREATE TYPE ${table}_mood AS ENUM ('sad', 'happy')`);
    await admin.query(`CREATE TABLE ${table} (
      id BIGINT PRIMARY KEY, s SMALLINT, f4 REAL, f8 DOUBLE PRECISION, b BOOLEAN, n NUMERIC, n2 NUMERIC(38,10),
      t TIMESTAMP, tz TIMESTAMPTZ, tm TIME, ttz TIMETZ, u UUID, j JSONB, by BYTEA, iv INTERVAL, arr INT[],
      mood ${table}_mood, c CHAR(3), txt TEXT DEFAULT 'x')`);
    const p = props(table, { 'snapshot.mode': 'never' });
    const h = await new TaskHarness(p).start();
    try {
      await admin.query(`INSERT INTO ${table} VALUES (9007199254740993, -5, 1.5, 2.25, true, 3.1400, 12345678901234567890.0123456789,
        '2024-01-01 10:00:00.123456', '2024-01-01 12:00:00.5+02', '10:15:30.25', '10:15:30+02',
        'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": 1}', '\\x0102ff', '1 day 02:00:00', '{1,NULL,3}', 'happy', 'ab', DEFAULT)`);
      const [r] = await h.pollUntil(1);
      const after = envelope(r!).get('after') as Struct;
      const v = (k: string) => after.get(k);
      expect(v('id')).toBe(9007199254740993n);
      expect([v('s'), v('f4'), v('f8'), v('b')]).toEqual([-5, 1.5, 2.25, true]);
      expect(plain(v('n'))).toEqual({ scale: 2, value: Buffer.from([0x01, 0x3a]) });
      expect(String(v('n2'))).toBe('12345678901234567890.0123456789');
      expect(v('t')).toBe(1704103200123456);
      expect(v('tz')).toBe('2024-01-01T10:00:00.500000Z');
      expect(v('tm')).toBe(36930250000);
      expect(v('ttz')).toBe('08:15:30Z');
      expect(v('u')).toBe('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
      expect(v('j')).toBe('{"a": 1}');
      expect(Buffer.from(v('by') as Uint8Array)).toEqual(Buffer.from([1, 2, 255]));
      expect(v('iv')).toBe(93_600_000_000);
      expect(v('arr')).toEqual([1, null, 3]);
      expect(v('mood')).toBe('happy');
      expect(v('c')).toBe('ab ');
      expect(v('txt')).toBe('x');
      const fields = Object.fromEntries(r!.valueSchema!.fields![1]!.schema.fields!.map((f) => [f.name, f.schema]));
      expect(fields['n2']).toMatchObject({ name: 'org.apache.kafka.connect.data.Decimal', parameters: { scale: '10', 'connect.decimal.precision': '38' } });
      expect(fields['mood']).toMatchObject({ name: 'io.debezium.data.Enum', parameters: { allowed: 'sad,happy' } });
      expect(fields['txt']).toMatchObject({ type: 'string', optional: true, defaultValue: 'x' });
      expect(fields['id']).toMatchObject({ type: 'int64', optional: false });
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${table}; DROP TYPE ${table}_mood`);
    }
  });
});
