import { SchemaBuilder, Schemas } from '@tsconnect/sdk';
import { uniqueName } from '@tsconnect/test-support';
import { describe, expect, it } from 'vitest';
import { sinkSuite } from './test-support/sink-suite.js';
import { ALL_TYPES_SCHEMA, allTypesRow, debeziumRecord, flatRecord, ID_KEY_SCHEMA, ROW_SCHEMA, sinkRecord, struct } from './test-support/records.js';

const { sink, rows, modeCase, upsertProps } = sinkSuite('mariadb');

describe('JDBC sink → MariaDB', () => {
  it('auto.create maps every Connect and Debezium type and binds values exactly', async () => {
    const topic = uniqueName('types');
    const schema = ALL_TYPES_SCHEMA;
    const full = allTypesRow('héllo `x` \'y\'');
    await sink({ ...upsertProps(topic), 'insert.mode': 'insert' }, [
      sinkRecord(topic, ID_KEY_SCHEMA, struct(ID_KEY_SCHEMA, { id: 1 }), schema, full),
      sinkRecord(topic, ID_KEY_SCHEMA, struct(ID_KEY_SCHEMA, { id: 2 }), schema, struct(schema, { id: 2 })),
    ]);
    expect(await rows(`SELECT column_name, column_type, is_nullable FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${topic}' ORDER BY ordinal_position`)).toEqual([
      ['id', 'int(11)', 'NO'], ['i8', 'tinyint(4)', 'YES'], ['i16', 'smallint(6)', 'YES'], ['i64', 'bigint(20)', 'YES'],
      ['f32', 'float', 'YES'], ['f64', 'double', 'YES'], ['b', 'tinyint(1)', 'YES'], ['s', 'longtext', 'YES'],
      ['raw', 'longblob', 'YES'], ['dec', 'decimal(65,4)', 'YES'], ['d', 'date', 'YES'], ['tm', 'time(3)', 'YES'],
      ['ts', 'datetime(3)', 'YES'], ['dbz_date', 'date', 'YES'], ['dbz_micro_time', 'time(6)', 'YES'],
      ['dbz_micro_ts', 'datetime(6)', 'YES'], ['dbz_zoned_ts', 'datetime(6)', 'YES'],
      ['dbz_json', 'longtext', 'YES'], ['dbz_uuid', 'char(36)', 'YES'], ['dbz_vsd', 'decimal(65,30)', 'YES'],
    ]);
    expect(await rows(`SELECT id, i8, i16, CAST(i64 AS CHAR), f32, f64, b, s, HEX(raw), CAST(\`dec\` AS CHAR), CAST(d AS CHAR), CAST(tm AS CHAR),
        CAST(ts AS CHAR), CAST(dbz_date AS CHAR), CAST(dbz_micro_time AS CHAR), CAST(dbz_micro_ts AS CHAR), CAST(dbz_zoned_ts AS CHAR),
        CAST(dbz_json AS CHAR), dbz_uuid, CAST(dbz_vsd AS CHAR) FROM \`${topic}\` ORDER BY id`)).toEqual([
      [1, -128, 32767, '9223372036854775807', 1.5, -2.25, 1, 'héllo `x` \'y\'', '00FF10', '-123456789012345.6789',
        '2024-02-29', '23:59:58.125', '2024-01-02 03:04:05.678', '2024-02-29', '12:34:56.123456', '2024-01-02 03:04:05.123456',
        '2024-01-02 01:04:05.123456', '{"a": [1, 2]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '-12.345000000000000000000000000000'],
      [2, ...Array<null>(19).fill(null)],
    ]);
  });

  it('upserts and deletes via op=d and tombstones', async () => {
    const topic = uniqueName('dbz');
    await sink(upsertProps(topic),
      [debeziumRecord(topic, 'r', 1, { id: 1, name: 'snap', qty: 1 }), debeziumRecord(topic, 'c', 2, { id: 2, name: 'new', qty: 2 }),
        debeziumRecord(topic, 'c', 3, { id: 3, name: 'three', qty: 3 })],
      [debeziumRecord(topic, 'u', 1, { id: 1, name: 'changed', qty: 10 }), debeziumRecord(topic, 'd', 2, { id: 2 }), flatRecord(topic, 2, null)],
      [flatRecord(topic, 3, null), flatRecord(topic, 4, { id: 4, name: 'flat', qty: null })]);
    expect(await rows(`SELECT id, name, CAST(qty AS CHAR) FROM \`${topic}\` ORDER BY id`)).toEqual([[1, 'changed', '10'], [4, 'flat', null]]);
  });

  it('a batch with insert+update+delete of one key, and delete then insert of another, ends right', async () => {
    const topic = uniqueName('collapse');
    await sink(upsertProps(topic), [flatRecord(topic, 5, { id: 5, name: 'old', qty: 5 })]);
    await sink(upsertProps(topic), [
      debeziumRecord(topic, 'c', 1, { id: 1, name: 'ins', qty: 1 }), debeziumRecord(topic, 'u', 1, { id: 1, name: 'upd', qty: 2 }),
      debeziumRecord(topic, 'd', 1, { id: 1 }),
      debeziumRecord(topic, 'd', 5, { id: 5 }), debeziumRecord(topic, 'c', 5, { id: 5, name: 'reborn', qty: null }),
      debeziumRecord(topic, 'c', 9, { id: 9, name: 'a', qty: 1 }), debeziumRecord(topic, 'u', 9, { id: 9, name: 'b', qty: 2 }),
    ]);
    expect(await rows(`SELECT id, name, qty FROM \`${topic}\` ORDER BY id`)).toEqual([[5, 'reborn', null], [9, 'b', '2']]);
  });

  it('truncate (as a transactional DELETE) and auto.evolve', async () => {
    const topic = uniqueName('evolve');
    const v2 = SchemaBuilder.struct().name('v2').field('id', Schemas.INT32).field('name', Schemas.OPTIONAL_STRING)
      .field('email', Schemas.OPTIONAL_STRING).build();
    await sink({ ...upsertProps(topic), 'auto.evolve': 'true', 'truncate.enabled': 'true' },
      [flatRecord(topic, 1, { id: 1, name: 'gone', qty: 7 })],
      [debeziumRecord(topic, 't', null, null), flatRecord(topic, 2, { id: 2, name: 'a', qty: 7 })],
      [flatRecord(topic, 3, { id: 3, name: 'b', email: 'b@x' }, v2)]);
    expect(await rows(`SELECT id, name, qty, email FROM \`${topic}\` ORDER BY id`)).toEqual([[2, 'a', '7', null], [3, 'b', null, 'b@x']]);
  });

  it('string keys become VARCHAR primary keys; chunks large batches', async () => {
    const topic = uniqueName('big');
    const records = Array.from({ length: 25_000 }, (_v, i) =>
      sinkRecord(topic, Schemas.STRING, `key-${i}`, ROW_SCHEMA, struct(ROW_SCHEMA, { id: i, name: `n${i}`, qty: i })));
    await sink({ ...upsertProps(topic), 'pk.fields': 'code', 'batch.size': '25000' }, records);
    expect(await rows(`SELECT COUNT(*), CAST(SUM(qty) AS CHAR) FROM \`${topic}\``)).toEqual([['25000', String((24_999 * 25_000) / 2)]]);
    expect(await rows(`SELECT column_type, column_key FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${topic}' AND column_name = 'code'`))
      .toEqual([['varchar(255)', 'PRI']]);
  });
});

describe('insert.mode × pk.mode on MariaDB', () => {
  const cases: [string, string, Record<string, string>, string, unknown[][]][] = [
    ['insert', 'none', {}, '', [[1, 'a'], [1, 'a2'], [2, 'b']]],
    ['insert', 'kafka', {}, '__connect_topic,__connect_partition,__connect_offset', [[1, 'a'], [2, 'b'], [1, 'a2']]],
    ['insert', 'record_key', { 'pk.fields': 'code' }, 'code', [[1, 'a'], [2, 'b']]],
    ['insert', 'record_value', { 'pk.fields': 'id' }, 'id', [[1, 'a'], [2, 'b']]],
    ['upsert', 'kafka', {}, '__connect_topic,__connect_partition,__connect_offset', [[1, 'a'], [2, 'b'], [1, 'a2']]],
    ['upsert', 'record_key', { 'pk.fields': 'code' }, 'code', [[1, 'a2'], [2, 'b']]],
    ['upsert', 'record_value', { 'pk.fields': 'id' }, 'id', [[1, 'a2'], [2, 'b']]],
    ['update', 'kafka', {}, '__connect_topic,__connect_partition,__connect_offset', [[1, 'a!'], [2, 'b'], [1, 'a2']]],
    ['update', 'record_key', { 'pk.fields': 'code' }, 'code', [[1, 'a2'], [2, 'b']]],
    ['update', 'record_value', { 'pk.fields': 'id' }, 'id', [[1, 'a2'], [2, 'b']]],
  ];

  it.each(cases)('insert.mode=%s pk.mode=%s', async (insertMode, pkMode, extra, expectedPk, expectedRows) => {
    const topic = await modeCase(insertMode, pkMode, extra, /Duplicate entry .* for key 'PRIMARY' \(ER_DUP_ENTRY\)/);
    const pk = await rows(`SELECT GROUP_CONCAT(column_name ORDER BY seq_in_index) FROM information_schema.statistics
      WHERE table_schema = DATABASE() AND table_name = '${topic}' AND index_name = 'PRIMARY'`);
    expect(pk).toEqual([[expectedPk === '' ? null : expectedPk]]);
    const order = pkMode === 'kafka' ? '__connect_offset' : pkMode === 'none' ? 'name' : 'id';
    expect(await rows(`SELECT id, name FROM \`${topic}\` ORDER BY ${order}`)).toEqual(expectedRows);
  });
});
