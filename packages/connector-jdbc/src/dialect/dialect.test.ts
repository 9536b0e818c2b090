import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal, DebeziumTypes, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { sinkColumn } from '../column-kind.js';
import { MariaDbDialect } from './mariadb-dialect.js';
import { PostgresDialect } from './postgres-dialect.js';

const id = sinkColumn('id', Schemas.INT32, true);
const tenant = sinkColumn('tenant', Schemas.STRING, true);
const name = sinkColumn('name', Schemas.OPTIONAL_STRING, false);
const qty = sinkColumn('qty', Schemas.OPTIONAL_INT64, false);
const t = { schema: null, table: 'orders' };
const pg = new PostgresDialect();
const maria = new MariaDbDialect();

describe('PostgreSQL SQL', () => {
  it('multi-row insert and upsert with numbered parameters', () => {
    expect(pg.insert(t, [id, name], [[1, 'a'], [2, 'b']])).toEqual({
      sql: 'INSERT INTO "orders" ("id", "name") VALUES ($1, $2), ($3, $4)',
      params: [1, 'a', 2, 'b'],
    });
    expect(pg.upsert(t, [id], [name, qty], [[1, 'a', '5']]).sql).toBe(
      'INSERT INTO "orders" ("id", "name", "qty") VALUES ($1, $2, $3) ON CONFLICT ("id") DO UPDATE SET "name" = EXCLUDED."name", "qty" = EXCLUDED."qty"',
    );
    expect(pg.upsert(t, [id, tenant], [], [[1, 'x']]).sql).toBe(
      'INSERT INTO "orders" ("id", "tenant") VALUES ($1, $2) ON CONFLICT ("id", "tenant") DO NOTHING',
    );
  });

  it('update puts SET values before the key values', () => {
    expect(pg.update(t, [id, tenant], [name], [7, 'x', 'n'])).toEqual({
      sql: 'UPDATE "orders" SET "name" = $1 WHERE "id" = $2 AND "tenant" = $3',
      params: ['n', 7, 'x'],
    });
  });

  it('delete by one or several key columns', () => {
    expect(pg.delete(t, [id], [[1], [2]])).toEqual({ sql: 'DELETE FROM "orders" WHERE "id" IN ($1, $2)', params: [1, 2] });
    expect(pg.delete(t, [id, tenant], [[1, 'a'], [2, 'b']])).toEqual({
      sql: 'DELETE FROM "orders" WHERE ("id", "tenant") IN (($1, $2), ($3, $4))',
      params: [1, 'a', 2, 'b'],
    });
  });

  it('quotes (and escapes) identifiers unless quote.sql.identifiers=never', () => {
    expect(pg.tableRef({ schema: 'sales', table: 'we"ird' })).toBe('"sales"."we""ird"');
    expect(new PostgresDialect('never').insert({ schema: 's', table: 'T' }, [id], [[1]]).sql).toBe('INSERT INTO s.T (id) VALUES ($1)');
  });

  it('CREATE TABLE and ALTER TABLE', () => {
    expect(pg.createTable(t, [id, tenant, name])).toBe(
      'CREATE TABLE "orders" (\n  "id" integer NOT NULL,\n  "tenant" text NOT NULL,\n  "name" text NULL,\n  PRIMARY KEY ("id", "tenant")\n)',
    );
    expect(pg.addColumns(t, [qty, sinkColumn('req', Schemas.BOOLEAN, false)])).toBe(
      'ALTER TABLE "orders" ADD COLUMN "qty" bigint NULL, ADD COLUMN "req" boolean NULL',
    );
    expect(pg.truncate(t)).toBe('TRUNCATE TABLE "orders"');
  });
});

describe('MariaDB SQL', () => {
  it('upsert with ON DUPLICATE KEY UPDATE and ? placeholders', () => {
    expect(maria.upsert(t, [id], [name], [[1, 'a'], [2, 'b']])).toEqual({
      sql: 'INSERT INTO `orders` (`id`, `name`) VALUES (?, ?), (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)',
      params: [1, 'a', 2, 'b'],
    });
    expect(maria.upsert(t, [id], [], [[1]]).sql).toBe('INSERT INTO `orders` (`id`) VALUES (?) ON DUPLICATE KEY UPDATE `id` = `id`');
    expect(maria.delete(t, [id, tenant], [[1, 'a']]).sql).toBe('DELETE FROM `orders` WHERE (`id`, `tenant`) IN ((?, ?))');
    expect(maria.truncate(t)).toBe('DELETE FROM `orders`');
  });

  it('uses indexable types for key columns', () => {
    expect(maria.createTable(t, [tenant, sinkColumn('b', Schemas.BYTES, true), name])).toBe(
      'CREATE TABLE `orders` (\n  `tenant` VARCHAR(255) NOT NULL,\n  `b` VARBINARY(255) NOT NULL,\n  `name` LONGTEXT NULL,\n  PRIMARY KEY (`tenant`, `b`)\n)',
    );
  });
});

const TYPED = [
  ['int8', Schemas.INT8, 'smallint', 'TINYINT'],
  ['int16', Schemas.INT16, 'smallint', 'SMALLINT'],
  ['int32', Schemas.INT32, 'integer', 'INT'],
  ['int64', Schemas.INT64, 'bigint', 'BIGINT'],
  ['float32', Schemas.FLOAT32, 'real', 'FLOAT'],
  ['float64', Schemas.FLOAT64, 'double precision', 'DOUBLE'],
  ['boolean', Schemas.BOOLEAN, 'boolean', 'BOOLEAN'],
  ['string', Schemas.STRING, 'text', 'LONGTEXT'],
  ['bytes', Schemas.BYTES, 'bytea', 'LONGBLOB'],
  ['decimal', Decimal.builder(3).build(), 'numeric', 'DECIMAL(65,3)'],
  ['date', ConnectDate.builder().build(), 'date', 'DATE'],
  ['time', ConnectTime.builder().build(), 'time(3)', 'TIME(3)'],
  ['timestamp', ConnectTimestamp.builder().build(), 'timestamp(3)', 'DATETIME(3)'],
  ['dbzDate', DebeziumTypes.Date.builder().build(), 'date', 'DATE'],
  ['microTime', DebeziumTypes.MicroTime.builder().build(), 'time(6)', 'TIME(6)'],
  ['microTs', DebeziumTypes.MicroTimestamp.builder().build(), 'timestamp(6)', 'DATETIME(6)'],
  ['zonedTs', DebeziumTypes.ZonedTimestamp.builder().build(), 'timestamptz', 'DATETIME(6)'],
  ['json', DebeziumTypes.Json.builder().build(), 'jsonb', 'JSON'],
  ['uuid', DebeziumTypes.Uuid.builder().build(), 'uuid', 'CHAR(36)'],
  ['vsd', DebeziumTypes.VariableScaleDecimal.builder().build(), 'numeric', 'DECIMAL(65,30)'],
] as const;

describe('type mapping', () => {
  it.each(TYPED)('%s → %s / %s', (n, schema, pgType, mariaType) => {
    expect(pg.columnType(sinkColumn(n, schema, false))).toBe(pgType);
    expect(maria.columnType(sinkColumn(n, schema, false))).toBe(mariaType);
  });

  it('maps arrays of primitives and logical types to PostgreSQL arrays; MariaDB rejects them naming the field', () => {
    const arr = (schema: Parameters<typeof SchemaBuilder.array>[0]) => sinkColumn('tags', SchemaBuilder.array(schema).optional().build(), false);
    expect(pg.columnType(arr(Schemas.STRING))).toBe('text[]');
    expect(pg.columnType(arr(Schemas.INT64))).toBe('bigint[]');
    expect(pg.columnType(arr(Decimal.builder(2).build()))).toBe('numeric[]');
    expect(pg.columnType(arr(DebeziumTypes.MicroTimestamp.builder().build()))).toBe('timestamp(6)[]');
    expect(pg.bind(arr(Schemas.INT64), [1n, null, 3])).toEqual(['1', null, 3]);
    expect(pg.bind(arr(DebeziumTypes.Date.builder().build()), [19782])).toEqual(['2024-02-29']);
    expect(() => maria.columnType(arr(Schemas.STRING))).toThrow(
      'Field "tags" is an array; MariaDB has no array columns (arrays map to PostgreSQL arrays only). Drop or flatten the field',
    );
    expect(() => maria.bind(arr(Schemas.STRING), ['a'])).toThrow('Field "tags" is an array; MariaDB has no array columns');
  });

  it('rejects nested arrays, maps and structs naming the field', () => {
    expect(() => sinkColumn('m', SchemaBuilder.array(SchemaBuilder.array(Schemas.STRING).build()).build(), false)).toThrow(
      'Field "m" is an array of arrays, which the JDBC sink cannot map to a column',
    );
    expect(() => sinkColumn('m', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build(), false)).toThrow(
      'Field "m" has schema type map, which the JDBC sink cannot map to a column; flatten it first (e.g. the Flatten SMT)',
    );
    const s = SchemaBuilder.struct().field('a', Schemas.INT32).build();
    expect(() => sinkColumn('list', SchemaBuilder.array(s).build(), false)).toThrow('Field "list[]" has schema type struct');
  });

  it('CREATE TABLE renders schema defaults as literals', () => {
    const withDefault = (schema: Parameters<typeof sinkColumn>[1]) => sinkColumn('c', schema, false);
    expect(pg.createTable(t, [id, withDefault(SchemaBuilder.string().optional().defaultValue("it's \\ x").build()),
      sinkColumn('n', SchemaBuilder.int64().defaultValue(42n).build(), false),
      sinkColumn('b', SchemaBuilder.bool().defaultValue(true).build(), false),
      sinkColumn('raw', SchemaBuilder.bytes().defaultValue(new Uint8Array([1, 255])).build(), false),
      sinkColumn('tags', SchemaBuilder.array(Schemas.STRING).defaultValue(['a', 'b"c']).build(), false)])).toBe(
      'CREATE TABLE "orders" (\n  "id" integer NOT NULL,\n  "c" text DEFAULT \'it\'\'s \\ x\' NULL,\n  "n" bigint DEFAULT \'42\' NOT NULL,\n' +
        '  "b" boolean DEFAULT TRUE NOT NULL,\n  "raw" bytea DEFAULT \'\\x01ff\' NOT NULL,\n  "tags" text[] DEFAULT \'{"a","b\\"c"}\' NOT NULL,\n' +
        '  PRIMARY KEY ("id")\n)',
    );
    expect(maria.createTable(t, [id, withDefault(SchemaBuilder.string().optional().defaultValue("it's \\ x").build()),
      sinkColumn('raw', SchemaBuilder.bytes().defaultValue(new Uint8Array([1, 255])).build(), false),
      sinkColumn('f', SchemaBuilder.float64().defaultValue(1.5).build(), false)])).toBe(
      'CREATE TABLE `orders` (\n  `id` INT NOT NULL,\n  `c` LONGTEXT DEFAULT \'it\'\'s \\\\ x\' NULL,\n  `raw` LONGBLOB DEFAULT X\'01ff\' NOT NULL,\n' +
        '  `f` DOUBLE DEFAULT 1.5 NOT NULL,\n  PRIMARY KEY (`id`)\n)',
    );
    expect(pg.addColumns(t, [sinkColumn('q', SchemaBuilder.int32().optional().defaultValue(7).build(), false)])).toBe(
      'ALTER TABLE "orders" ADD COLUMN "q" integer DEFAULT 7 NULL',
    );
  });
});

describe('value binding', () => {
  const bind = (d: PostgresDialect | MariaDbDialect, schema: Parameters<typeof sinkColumn>[1], v: unknown) => d.bind(sinkColumn('f', schema, false), v);

  it('renders temporal values as text, never as JS Dates', () => {
    expect(bind(pg, ConnectDate.builder().build(), new Date(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
    expect(bind(pg, ConnectTime.builder().build(), new Date(Date.UTC(1970, 0, 1, 13, 4, 5, 678)))).toBe('13:04:05.678000');
    expect(bind(pg, ConnectTimestamp.builder().build(), new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02 03:04:05.006000');
    expect(bind(new PostgresDialect('always', 'Europe/Berlin'), ConnectTimestamp.builder().build(), new Date(Date.UTC(2024, 6, 1, 10)))).toBe('2024-07-01 12:00:00.000000');
    expect(bind(pg, DebeziumTypes.Date.builder().build(), 19782)).toBe('2024-02-29');
    expect(bind(pg, DebeziumTypes.Date.builder().build(), -1)).toBe('1969-12-31');
    expect(bind(pg, DebeziumTypes.MicroTime.builder().build(), 45_296_123_456n)).toBe('12:34:56.123456');
    expect(bind(pg, DebeziumTypes.Time.builder().build(), 45_296_123)).toBe('12:34:56.123000');
    expect(bind(pg, DebeziumTypes.MicroTimestamp.builder().build(), 1_704_164_645_123_456n)).toBe('2024-01-02 03:04:05.123456');
    expect(bind(pg, DebeziumTypes.MicroTimestamp.builder().build(), -1n)).toBe('1969-12-31 23:59:59.999999');
    expect(bind(pg, DebeziumTypes.NanoTimestamp.builder().build(), 1_704_164_645_123_456_789n)).toBe('2024-01-02 03:04:05.123456');
    expect(bind(pg, DebeziumTypes.ZonedTimestamp.builder().build(), '2024-01-02T03:04:05.123456+02:00')).toBe('2024-01-02T03:04:05.123456+02:00');
    expect(bind(maria, DebeziumTypes.ZonedTimestamp.builder().build(), '2024-01-02T03:04:05.123456+02:00')).toBe('2024-01-02 01:04:05.123456');
    expect(bind(maria, DebeziumTypes.ZonedTime.builder().build(), '10:15:30.5+02:00')).toBe('08:15:30.500000');
    expect(bind(pg, DebeziumTypes.MicroDuration.builder().build(), 90_000_000n)).toBe('90000000 microseconds');
  });

  it('decimals, bytes and int64 keep every digit', () => {
    expect(bind(pg, Decimal.builder(2).build(), new DecimalValue(-12345678901234567890123n, 2))).toBe('-123456789012345678901.23');
    expect(bind(pg, Decimal.builder(2).build(), new Uint8Array([0xff, 0x85]))).toBe('-1.23');
    const vsdSchema = DebeziumTypes.VariableScaleDecimal.builder().build();
    const vsd = new Struct(vsdSchema).put('scale', 3).put('value', new Uint8Array([0x30, 0x39]));
    expect(bind(pg, vsdSchema, vsd)).toBe('12.345');
    expect(bind(pg, Schemas.INT64, 9_223_372_036_854_775_807n)).toBe('9223372036854775807');
    expect(bind(pg, Schemas.BYTES, new Uint8Array([1, 2]))).toEqual(Buffer.from([1, 2]));
    expect(bind(pg, Schemas.OPTIONAL_STRING, null)).toBeNull();
  });

  it('names the field when a value cannot be bound', () => {
    expect(() => bind(pg, DebeziumTypes.ZonedTimestamp.builder().build(), 'x')).not.toThrow(); // PostgreSQL parses it
    expect(() => bind(maria, DebeziumTypes.ZonedTimestamp.builder().build(), 'yesterday')).toThrow('Field "f": Not an ISO-8601 zoned timestamp: "yesterday"');
  });
});
