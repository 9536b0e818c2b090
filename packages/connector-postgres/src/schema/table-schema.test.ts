import { describe, expect, it } from 'vitest';
import { UNCHANGED_TOAST } from '@tsconnect/pgoutput';
import { TableFilter } from '../filters/table-filter.js';
import { TableSchema, type TableSchemaOptions } from './table-schema.js';
import type { ColumnMetadata, TableMetadata } from './table-metadata.js';
import { parseMessageKeyColumns } from './key-columns.js';
import { sourceStruct, SOURCE_SCHEMA } from './source-info.js';

const column = (name: string, position: number, typeOid: number, typeName: string, extra: Partial<ColumnMetadata> = {}): ColumnMetadata => ({
  name, position, typeOid, typeName, typmod: -1, notNull: false, defaultExpression: null, comment: null, ...extra,
});
const table: TableMetadata = {
  schema: 'public', name: 'test_table', oid: 1, replicaIdentity: 'd', primaryKey: ['id'],
  columns: [
    column('id', 1, 23, 'int4', { notNull: true, defaultExpression: "nextval('test_table_id_seq'::regclass)" }),
    column('name', 2, 1043, 'varchar', { notNull: true, typmod: 104 }),
    column('note', 3, 25, 'text', { defaultExpression: "'n/a'::text", comment: 'free text' }),
    column('secret', 4, 25, 'text'),
  ],
};
const noFilter = { schemaIncludeList: [], schemaExcludeList: [], tableIncludeList: [], tableExcludeList: [], columnIncludeList: [], columnExcludeList: [] };
const options = (extra: Partial<TableSchemaOptions> = {}): TableSchemaOptions => ({
  topicPrefix: 'dbz', decimalHandlingMode: 'precise', timePrecisionMode: 'adaptive', intervalHandlingMode: 'numeric',
  includeUnknownDatatypes: false, unavailableValuePlaceholder: '__debezium_unavailable_value', keyRules: [],
  filter: new TableFilter(noFilter), ...extra,
});

describe('TableSchema', () => {
  it('names schemas and topic as Debezium and orders envelope fields the same way', () => {
    const s = new TableSchema(table, options());
    expect(s.topic).toBe('dbz.public.test_table');
    expect(s.keySchema).toMatchObject({ name: 'dbz.public.test_table.Key', optional: false });
    expect(s.valueSchema).toMatchObject({ name: 'dbz.public.test_table.Value', optional: true });
    expect(s.envelopeSchema).toMatchObject({ name: 'dbz.public.test_table.Envelope', version: 2 });
    expect(s.envelopeSchema.fields!.map((f) => f.name)).toEqual(['before', 'after', 'source', 'transaction', 'op', 'ts_ms', 'ts_us', 'ts_ns']);
    expect(s.envelopeSchema.fields![3]!.schema).toMatchObject({ name: 'event.block', optional: true });
  });

  it('takes defaults like Debezium: generated defaults become the type placeholder (SERIAL → 0)', () => {
    const s = new TableSchema(table, options());
    const f = Object.fromEntries(s.valueSchema.fields!.map((x) => [x.name, x.schema]));
    expect(f['id']).toEqual({ type: 'int32', optional: false, defaultValue: 0 });
    expect(f['name']).toEqual({ type: 'string', optional: false });
    expect(f['note']).toEqual({ type: 'string', optional: true, doc: 'free text', defaultValue: 'n/a' });
    expect(s.keySchema!.fields![0]!.schema).toEqual({ type: 'int32', optional: false, defaultValue: 0 });
  });

  it('builds key and value structs from text rows; missing NOT NULL values get the fallback', () => {
    const s = new TableSchema(table, options());
    expect(s.key({ id: '7' })!.get('id')).toBe(7);
    const v = s.value({ id: '7', name: null, note: null, secret: UNCHANGED_TOAST });
    expect([v.get('id'), v.get('name'), v.getWithoutDefault('note'), v.get('secret')]).toEqual([7, '', null, '__debezium_unavailable_value']);
  });

  it('refuses multi-dimensional array values, naming the column and its type (Debezium cannot represent them)', () => {
    const s = new TableSchema({ ...table, columns: [table.columns[0]!, column('matrix', 2, 1007, '_int4', { elementOid: 23, elementTypeName: 'int4' })] }, options());
    expect(s.value({ id: '1', matrix: '{1,NULL,3}' }).get('matrix')).toEqual([1, null, 3]);
    expect(s.value({ id: '1', matrix: '{}' }).get('matrix')).toEqual([]);
    expect(() => s.value({ id: '1', matrix: '{{1,2},{3,4}}' })).toThrow(
      'Cannot convert value "{{1,2},{3,4}}" of column public.test_table.matrix (_int4): multi-dimensional arrays (2 dimensions) are not supported, ' +
      'as in Debezium; store one-dimensional arrays (or json) in captured columns');
    expect(() => s.value({ id: '1', matrix: '[0:1][1:1][1:1]={{{1}},{{2}}}' })).toThrow('(3 dimensions)');
  });

  it('applies column filters to the value only and message.key.columns to the key', () => {
    const s = new TableSchema(table, options({
      filter: new TableFilter({ ...noFilter, columnExcludeList: ['public\\.test_table\\.secret'] }),
      keyRules: parseMessageKeyColumns('public\\.test_.*:name'),
    }));
    expect(s.valueSchema.fields!.map((f) => f.name)).toEqual(['id', 'name', 'note']);
    expect(s.keySchema!.fields!.map((f) => f.name)).toEqual(['name']);
    expect(() => parseMessageKeyColumns('public.t')).toThrow(/message.key.columns/);
  });

  it('has a null key schema for tables without a primary key', () => {
    expect(new TableSchema({ ...table, primaryKey: [] }, options()).keySchema).toBeNull();
  });
});

describe('source info', () => {
  it('has the fields of io.debezium.connector.postgresql.Source in order', () => {
    expect(SOURCE_SCHEMA.fields!.map((f) => f.name)).toEqual([
      'version', 'connector', 'name', 'ts_ms', 'snapshot', 'db', 'sequence', 'ts_us', 'ts_ns', 'schema', 'table', 'txId', 'lsn', 'xmin', 'origin', 'origin_lsn',
    ]);
    expect(SOURCE_SCHEMA.fields![4]!.schema).toMatchObject({
      name: 'io.debezium.data.Enum', optional: true, defaultValue: 'false',
      parameters: { allowed: 'true,first,first_in_data_collection,last_in_data_collection,last,false,incremental' },
    });
  });

  it('fills times, sequence and the snapshot marker', () => {
    const s = sourceStruct({
      version: '0.1.0', serverName: 'dbz', db: 'shop', tsMicros: 1704103200123456n, snapshot: 'false', schema: 'public',
      table: 't', txId: 42, lsn: 100n, lastCommitLsn: 90n,
    });
    expect([s.get('ts_ms'), s.get('ts_us'), s.get('ts_ns')]).toEqual([1704103200123, 1704103200123456, 1704103200123456000n]);
    expect([s.get('sequence'), s.get('snapshot'), s.getWithoutDefault('snapshot'), s.get('connector')]).toEqual(['["90","100"]', 'false', null, 'postgresql']);
  });
});
