import { DebeziumTypes, SchemaBuilder, Schemas, type Schema } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JdbcSinkTask } from './jdbc-sink-task.js';
import { sinkSuite } from './test-support/sink-suite.js';
import { ALL_TYPES_SCHEMA, allTypesRow, debeziumRecord, flatRecord, ID_KEY_SCHEMA, sinkRecord, struct } from './test-support/records.js';

const { sink, rows, modeCase, exec, upsertProps, jdbcUrl } = sinkSuite('postgresql');

describe('JDBC sink → PostgreSQL', () => {
  it('auto.create maps every Connect and Debezium type and binds values exactly', async () => {
    const topic = uniqueName('types');
    const schema = ALL_TYPES_SCHEMA;
    const full = allTypesRow('héllo "x"');
    await sink(
      { ...upsertProps(topic), 'insert.mode': 'insert' },
      [flatRecord(topic, 1, null), sinkRecord(topic, ID_KEY_SCHEMA, struct(ID_KEY_SCHEMA, { id: 1 }), schema, full),
        sinkRecord(topic, ID_KEY_SCHEMA, struct(ID_KEY_SCHEMA, { id: 2 }), schema, struct(schema, { id: 2 }))],
    );
    expect(await rows(`SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '${topic}' ORDER BY ordinal_position`)).toEqual([
      ['id', 'integer', 'NO'], ['i8', 'smallint', 'YES'], ['i16', 'smallint', 'YES'], ['i64', 'bigint', 'YES'],
      ['f32', 'real', 'YES'], ['f64', 'double precision', 'YES'], ['b', 'boolean', 'YES'], ['s', 'text', 'YES'],
      ['raw', 'bytea', 'YES'], ['dec', 'numeric', 'YES'], ['d', 'date', 'YES'], ['tm', 'time without time zone', 'YES'],
      ['ts', 'timestamp without time zone', 'YES'], ['dbz_date', 'date', 'YES'], ['dbz_micro_time', 'time without time zone', 'YES'],
      ['dbz_micro_ts', 'timestamp without time zone', 'YES'], ['dbz_zoned_ts', 'timestamp with time zone', 'YES'],
      ['dbz_json', 'jsonb', 'YES'], ['dbz_uuid', 'uuid', 'YES'], ['dbz_vsd', 'numeric', 'YES'],
    ]);
    expect(await rows(`SELECT id::text, i8::text, i16::text, i64::text, f32::text, f64::text, b::text, s, encode(raw, 'hex'), dec::text,
        d::text, tm::text, ts::text, dbz_date::text, dbz_micro_time::text, dbz_micro_ts::text,
        (dbz_zoned_ts AT TIME ZONE 'UTC')::text, dbz_json::text, dbz_uuid::text, dbz_vsd::text FROM "${topic}" ORDER BY id`)).toEqual([
      ['1', '-128', '32767', '9223372036854775807', '1.5', '-2.25', 'true', 'héllo "x"', '00ff10', '-123456789012345.6789',
        '2024-02-29', '23:59:58.125', '2024-01-02 03:04:05.678', '2024-02-29', '12:34:56.123456', '2024-01-02 03:04:05.123456',
        '2024-01-02 01:04:05.123456', '{"a": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '-12.345'],
      ['2', ...Array<null>(19).fill(null)],
    ]);
  });

  it('auto.create maps the remaining Debezium semantic types', async () => {
    const topic = uniqueName('dbztypes');
    const o = (b: { optional(): { build(): Schema } }) => b.optional().build();
    const schema = SchemaBuilder.struct().name('more')
      .field('id', Schemas.INT64)
      .field('t_ms', o(DebeziumTypes.Time.builder())).field('t_ns', o(DebeziumTypes.NanoTime.builder()))
      .field('ts_ms', o(DebeziumTypes.Timestamp.builder())).field('ts_ns', o(DebeziumTypes.NanoTimestamp.builder()))
      .field('zt', o(DebeziumTypes.ZonedTime.builder())).field('dur', o(DebeziumTypes.MicroDuration.builder()))
      .field('iv', o(DebeziumTypes.Interval.builder())).field('x', o(DebeziumTypes.Xml.builder()))
      .field('e', o(DebeziumTypes.Enum.builder())).field('bits', o(DebeziumTypes.Bits.builder()))
      .build();
    const value = struct(schema, {
      id: 1n, t_ms: 3_723_004, t_ns: 3_723_004_005_006n, ts_ms: 1_704_164_645_678, ts_ns: 1_704_164_645_123_456_789n,
      zt: '10:15:30.5+02:00', dur: 90_061_000_001n, iv: 'P1Y2M3DT4H5M6.5S', x: '<a>1</a>', e: 'RED', bits: new Uint8Array([5]),
    });
    const key = SchemaBuilder.struct().field('id', Schemas.INT64).build();
    await sink({ ...upsertProps(topic) }, [sinkRecord(topic, key, struct(key, { id: 1n }), schema, value)]);
    expect(await rows(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${topic}' ORDER BY ordinal_position`)).toEqual([
      ['id', 'bigint'], ['t_ms', 'time without time zone'], ['t_ns', 'time without time zone'], ['ts_ms', 'timestamp without time zone'],
      ['ts_ns', 'timestamp without time zone'], ['zt', 'time with time zone'], ['dur', 'interval'], ['iv', 'interval'], ['x', 'xml'],
      ['e', 'text'], ['bits', 'bytea'],
    ]);
    expect(await rows(`SELECT id::text, t_ms::text, t_ns::text, ts_ms::text, ts_ns::text, zt::text, dur::text, iv::text, x::text, e, encode(bits, 'hex') FROM "${topic}"`)).toEqual([
      ['1', '01:02:03.004', '01:02:03.004005', '2024-01-02 03:04:05.678', '2024-01-02 03:04:05.123456', '10:15:30.5+02',
        '25:01:01.000001', '1 year 2 mons 3 days 04:05:06.5', '<a>1</a>', 'RED', '05'],
    ]);
  });

  it('upserts: inserts new keys and replaces existing rows', async () => {
    const topic = uniqueName('upsert');
    await sink(upsertProps(topic),
      [flatRecord(topic, 1, { id: 1, name: 'a', qty: 1 }), flatRecord(topic, 2, { id: 2, name: 'b', qty: 2 })],
      [flatRecord(topic, 2, { id: 2, name: 'B', qty: null }), flatRecord(topic, 3, { id: 3, name: 'c', qty: 3 })]);
    expect(await rows(`SELECT id, name, qty::text FROM "${topic}" ORDER BY id`)).toEqual([[1, 'a', '1'], [2, 'B', null], [3, 'c', '3']]);
    expect(await rows(`SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c WHERE c.conrelid = '"${topic}"'::regclass`))
      .toEqual([[`${topic}_pkey`, 'PRIMARY KEY (id)']]);
  });

  it('Debezium envelopes: c/r insert, u updates, d deletes, tombstones delete too', async () => {
    const topic = uniqueName('dbz');
    await sink(upsertProps(topic),
      [debeziumRecord(topic, 'r', 1, { id: 1, name: 'snap', qty: 1 }), debeziumRecord(topic, 'c', 2, { id: 2, name: 'new', qty: 2 }),
        debeziumRecord(topic, 'c', 3, { id: 3, name: 'three', qty: 3 })],
      [debeziumRecord(topic, 'u', 1, { id: 1, name: 'changed', qty: 10 }), debeziumRecord(topic, 'd', 2, { id: 2, name: 'new', qty: 2 }),
        flatRecord(topic, 2, null)],
      [flatRecord(topic, 3, null)]);
    expect(await rows(`SELECT id, name, qty::text FROM "${topic}" ORDER BY id`)).toEqual([[1, 'changed', '10']]);
  });

  it('skips op=d and tombstones when delete.enabled=false', async () => {
    const topic = uniqueName('nodel');
    await sink({ ...upsertProps(topic), 'delete.enabled': 'false' },
      [debeziumRecord(topic, 'c', 1, { id: 1, name: 'a', qty: 1 }), debeziumRecord(topic, 'd', 1, { id: 1 }), flatRecord(topic, 1, null)]);
    expect(await rows(`SELECT id, name FROM "${topic}"`)).toEqual([[1, 'a']]);
  });

  it('a batch with insert+update+delete of one key, and delete then insert of another, ends right', async () => {
    const topic = uniqueName('collapse');
    await sink(upsertProps(topic), [flatRecord(topic, 5, { id: 5, name: 'old', qty: 5 })]);
    // Pre-existing row 5 gets a default-less column set via the record; row 9 is new.
    await sink(upsertProps(topic), [
      debeziumRecord(topic, 'c', 1, { id: 1, name: 'ins', qty: 1 }), debeziumRecord(topic, 'u', 1, { id: 1, name: 'upd', qty: 2 }),
      debeziumRecord(topic, 'd', 1, { id: 1 }), flatRecord(topic, 1, null),
      debeziumRecord(topic, 'd', 5, { id: 5 }), debeziumRecord(topic, 'c', 5, { id: 5, name: 'reborn', qty: null }),
      debeziumRecord(topic, 'c', 9, { id: 9, name: 'a', qty: 1 }), debeziumRecord(topic, 'u', 9, { id: 9, name: 'b', qty: 2 }),
    ]);
    expect(await rows(`SELECT id, name, qty::text FROM "${topic}" ORDER BY id`)).toEqual([[5, 'reborn', null], [9, 'b', '2']]);
  });

  it('truncates the table on op=t when truncate.enabled', async () => {
    const topic = uniqueName('trunc');
    await sink({ ...upsertProps(topic), 'truncate.enabled': 'true' },
      [flatRecord(topic, 1, { id: 1, name: 'gone' })],
      [flatRecord(topic, 2, { id: 2, name: 'gone too' }), debeziumRecord(topic, 't', null, null), flatRecord(topic, 3, { id: 3, name: 'after' })]);
    expect(await rows(`SELECT id, name FROM "${topic}"`)).toEqual([[3, 'after']]);
  });

  it('auto.evolve adds a new optional column and keeps the old ones', async () => {
    const topic = uniqueName('evolve');
    const v2 = SchemaBuilder.struct().name('v2').field('id', Schemas.INT32).field('name', Schemas.OPTIONAL_STRING)
      .field('email', Schemas.OPTIONAL_STRING).build();
    await sink({ ...upsertProps(topic), 'auto.evolve': 'true' },
      [flatRecord(topic, 1, { id: 1, name: 'a', qty: 7 })],
      [flatRecord(topic, 2, { id: 2, name: 'b', email: 'b@x' }, v2)]);
    expect(await rows(`SELECT id, name, qty::text, email FROM "${topic}" ORDER BY id`)).toEqual([[1, 'a', '7', null], [2, 'b', null, 'b@x']]);
  });

  it('without auto.evolve a missing column fails naming the table and fields', async () => {
    const topic = uniqueName('noevolve');
    const v2 = SchemaBuilder.struct().name('v2').field('id', Schemas.INT32).field('email', Schemas.OPTIONAL_STRING).build();
    await sink(upsertProps(topic), [flatRecord(topic, 1, { id: 1 })]);
    await expect(sink(upsertProps(topic), [flatRecord(topic, 2, { id: 2, email: 'x' }, v2)])).rejects.toThrow(
      `Table "${topic}" is missing fields (email) and auto-evolution is disabled (set auto.evolve=true)`,
    );
    await expect(sink({ ...upsertProps(topic + '_x'), 'auto.create': 'false' }, [flatRecord(topic + '_x', 1, { id: 1 })])).rejects.toThrow(
      `Table "${topic}_x" is missing and auto-creation is disabled (set auto.create=true)`,
    );
  });

  it('chunks statements under the 65535-parameter limit', async () => {
    const topic = uniqueName('big');
    const records = Array.from({ length: 25_000 }, (_v, i) => flatRecord(topic, i, { id: i, name: `n${i}`, qty: i }));
    await sink({ ...upsertProps(topic), 'batch.size': '25000' }, records); // 75 000 parameters
    expect(await rows(`SELECT count(*)::int, sum(qty)::text FROM "${topic}"`)).toEqual([[25_000, String((24_999 * 25_000) / 2)]]);
  });

  it('writes to schema.table from table.name.format, unquoted when quote.sql.identifiers=never', async () => {
    const schemaName = uniqueName('sch');
    await exec(`CREATE SCHEMA ${schemaName}`);
    await sink({ ...upsertProps('orders'), 'table.name.format': `${schemaName}.Copy_\${topic}`, 'quote.sql.identifiers': 'never' },
      [flatRecord('orders', 1, { id: 1, name: 'a' })], [flatRecord('orders', 1, { id: 1, name: 'b' })]);
    expect(await rows(`SELECT id, name FROM ${schemaName}.copy_orders`)).toEqual([[1, 'b']]);
  });

  it('fails fast, without retries, on a data error and names the table, column, value and record', async () => {
    const topic = uniqueName('bad');
    await exec(`CREATE TABLE "${topic}" (id int PRIMARY KEY, name text NOT NULL, qty bigint)`);
    await expect(sink({ ...upsertProps(topic), 'max.retries': '5', 'retry.backoff.ms': '10000' }, [flatRecord(topic, 1, { id: 1, name: null })]))
      .rejects.toThrow(new RegExp(`^Table "${topic}", column "name" rejected the value NULL of record ${topic}-0@\\d+: null value in column "name".*\\(23502\\)$`));
  });
});

/** pk.mode × insert.mode: every valid combination, each on a fresh auto-created table. */
describe('insert.mode × pk.mode on PostgreSQL', () => {
  const pkColumns = async (table: string) => rows(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = '"${table}"'::regclass AND i.indisprimary ORDER BY a.attnum`);

  const cases: [string, string, Record<string, string>, string[][], unknown[][]][] = [
    ['insert', 'none', {}, [], [[1, 'a'], [2, 'b'], [1, 'a2']]],
    ['insert', 'kafka', {}, [['__connect_topic'], ['__connect_partition'], ['__connect_offset']], [[1, 'a'], [2, 'b'], [1, 'a2']]],
    ['insert', 'record_key', { 'pk.fields': 'code' }, [['code']], [[1, 'a'], [2, 'b']]],
    ['insert', 'record_value', { 'pk.fields': 'id' }, [['id']], [[1, 'a'], [2, 'b']]],
    ['upsert', 'kafka', {}, [['__connect_topic'], ['__connect_partition'], ['__connect_offset']], [[1, 'a'], [2, 'b'], [1, 'a2']]],
    ['upsert', 'record_key', { 'pk.fields': 'code' }, [['code']], [[1, 'a2'], [2, 'b']]],
    ['upsert', 'record_value', { 'pk.fields': 'id' }, [['id']], [[1, 'a2'], [2, 'b']]],
    ['update', 'kafka', {}, [['__connect_topic'], ['__connect_partition'], ['__connect_offset']], [[1, 'a!'], [2, 'b'], [1, 'a2']]],
    ['update', 'record_key', { 'pk.fields': 'code' }, [['code']], [[1, 'a2'], [2, 'b']]],
    ['update', 'record_value', { 'pk.fields': 'id' }, [['id']], [[1, 'a2'], [2, 'b']]],
  ];

  it.each(cases)('insert.mode=%s pk.mode=%s', async (insertMode, pkMode, extra, expectedPk, expectedRows) => {
    const topic = await modeCase(insertMode, pkMode, extra, /duplicate key value violates unique constraint.*\(23505\)/);
    expect(await pkColumns(topic)).toEqual(expectedPk);
    const order = pkMode === 'kafka' ? '__connect_offset' : pkMode === 'none' ? 'ctid' : 'id';
    expect(await rows(`SELECT id, name FROM "${topic}" ORDER BY ${order}`)).toEqual(expectedRows);
  });
});

describe('retries on PostgreSQL', () => {
  it('reconnects and retries after the server kills the connection', async () => {
    const topic = uniqueName('retry');
    const task = new JdbcSinkTask();
    task.start({ ...upsertProps(topic), 'connection.url': `${jdbcUrl}&ApplicationName=${topic}`, 'retry.backoff.ms': '50', 'max.retries': '3' });
    try {
      await task.put([flatRecord(topic, 1, { id: 1, name: 'before' })]);
      await task.flush([]);
      const killed = await rows(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${topic}'`);
      expect(killed).toEqual([[true]]);
      await task.put([flatRecord(topic, 2, { id: 2, name: 'after' })]);
    } finally {
      await task.stop();
    }
    expect(await rows(`SELECT id, name FROM "${topic}" ORDER BY id`)).toEqual([[1, 'before'], [2, 'after']]);
  });

  it('gives up after max.retries when the database stays unreachable', async () => {
    const task = new JdbcSinkTask();
    // Port 1 on localhost refuses connections: ECONNREFUSED every time.
    task.start({ 'connection.url': 'jdbc:postgresql://127.0.0.1:1/nodb', 'max.retries': '2', 'retry.backoff.ms': '10', 'pk.mode': 'record_key', 'insert.mode': 'upsert' });
    await task.put([flatRecord('t', 1, { id: 1 })]); // planned only: the write runs after put returned
    await expect(task.flush([])).rejects.toThrow(
      /^Preparing table "t" failed after 2 retries: .*ECONNREFUSED.* \(ECONNREFUSED\)$/,
    );
    await task.stop();
  });
});

describe('the seed demo config (examples/seed-demo/jdbc-sink-connector.json)', () => {
  it('mirrors INSERT, UPDATE, DELETE and DELETE-all of Debezium events into target_table', async () => {
    const seed = JSON.parse(readFileSync(new URL('../../../examples/seed-demo/jdbc-sink-connector.json', import.meta.url), 'utf8')) as { config: Record<string, string> };
    const table = uniqueName('target_table');
    await exec(`CREATE TABLE ${table} (id integer NOT NULL, name varchar(100) NOT NULL, CONSTRAINT ${table}_pk PRIMARY KEY (id))`);
    const topic = seed.config['topics']!;
    const rowSchema = SchemaBuilder.struct().name(`${topic}.Value`).field('id', Schemas.INT32).field('name', Schemas.STRING).build();
    const ev = (op: 'c' | 'u' | 'd', id: number, name?: string) => debeziumRecord(topic, op, id, name === undefined ? { id, name: '' } : { id, name }, rowSchema);
    const tombstone = (id: number) => flatRecord(topic, id, null);
    const { 'connection.url': _url, 'connection.user': _u, 'connection.password': _p, ...config } = seed.config;
    const task = new JdbcSinkTask();
    task.start({ ...config, 'connection.url': jdbcUrl, 'table.name.format': table });
    // put returns while the batch is written; flush waits for it, as the runtime's commit would.
    const state = async () => {
      await task.flush([]);
      return rows(`SELECT id, name FROM ${table} ORDER BY id`);
    };
    try {
      await task.put([ev('c', 1, 'Alice'), ev('c', 2, 'Bob')]);
      expect(await state()).toEqual([[1, 'Alice'], [2, 'Bob']]);
      await task.put([ev('u', 1, 'MODED')]);
      expect(await state()).toEqual([[1, 'MODED'], [2, 'Bob']]);
      await task.put([ev('d', 1), tombstone(1)]);
      expect(await state()).toEqual([[2, 'Bob']]);
      await task.put([ev('d', 2), tombstone(2)]);
      expect(await state()).toEqual([]);
    } finally {
      await task.stop();
    }
  });
});
