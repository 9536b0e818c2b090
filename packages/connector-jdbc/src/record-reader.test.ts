import { SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { describe, expect, it } from 'vitest';
import { RecordReader, tableIdFor } from './record-reader.js';
import type { DeleteOp, WriteOp } from './sink-op.js';
import { debeziumRecord, flatRecord, ROW_SCHEMA, sinkRecord, struct } from './test-support/records.js';

const base = { pkFields: [], fieldsWhitelist: [], deleteEnabled: false, truncateEnabled: false, tableNameFormat: '${topic}' } as const;
const names = (op: WriteOp) => [...op.shape.keys.map((c) => `*${c.name}`), ...op.shape.nonKeys.map((c) => c.name)];

describe('RecordReader', () => {
  it('unwraps Debezium envelopes: after for c/u/r, delete for d, skips t unless truncate.enabled', () => {
    const r = new RecordReader({ ...base, pkMode: 'record_key', deleteEnabled: true });
    const c = r.read(debeziumRecord('inv.t', 'c', 1, { id: 1, name: 'a', qty: 2 }))! as WriteOp;
    expect(c.type).toBe('write');
    expect(names(c)).toEqual(['*id', 'name', 'qty']);
    expect(c.values).toEqual([1, 'a', 2]);
    const del = r.read(debeziumRecord('inv.t', 'd', 1, { id: 1, name: 'a', qty: 2 }))! as DeleteOp;
    expect([del.type, del.keys.map((k) => k.name), del.keyValues]).toEqual(['delete', ['id'], [1]]);
    expect(r.read(debeziumRecord('t', 't', null, null))).toBeNull();
    const truncating = new RecordReader({ ...base, pkMode: 'record_key', truncateEnabled: true });
    expect(truncating.read(debeziumRecord('t', 't', null, null))).toMatchObject({ type: 'truncate', table: { schema: null, table: 't' } });
  });

  it('skips deletes and tombstones when delete.enabled=false', () => {
    const r = new RecordReader({ ...base, pkMode: 'record_key' });
    expect(r.read(debeziumRecord('t', 'd', 1, { id: 1 }))).toBeNull();
    expect(r.read(flatRecord('t', 1, null))).toBeNull();
  });

  it('pk.mode kafka uses topic/partition/offset, record_value the named value fields', () => {
    const k = new RecordReader({ ...base, pkMode: 'kafka' }).read(sinkRecord('orders', null, null, ROW_SCHEMA, struct(ROW_SCHEMA, { id: 3 }), 42))! as WriteOp;
    expect(names(k)).toEqual(['*__connect_topic', '*__connect_partition', '*__connect_offset', 'id', 'name', 'qty']);
    expect(k.values).toEqual(['orders', 0, 42, 3, null, null]);
    const v = new RecordReader({ ...base, pkMode: 'record_value', pkFields: ['name'] }).read(flatRecord('t', 1, { id: 1, name: 'x' }))! as WriteOp;
    expect(names(v)).toEqual(['*name', 'id', 'qty']);
    expect(v.values).toEqual(['x', 1, null]);
  });

  it('a primitive key needs exactly one pk.fields name', () => {
    const rec = sinkRecord('t', Schemas.STRING, 'k1', ROW_SCHEMA, struct(ROW_SCHEMA, { id: 1 }));
    expect(() => new RecordReader({ ...base, pkMode: 'record_key' }).read(rec)).toThrow(
      /the key is a primitive \(string\), so pk.fields must name exactly one column, but it is \[\]/,
    );
    const op = new RecordReader({ ...base, pkMode: 'record_key', pkFields: ['code'] }).read(rec)! as WriteOp;
    expect(names(op)).toEqual(['*code', 'id', 'name', 'qty']);
    expect(op.values[0]).toBe('k1');
  });

  it('fields.whitelist limits the value columns; key columns always stay', () => {
    const op = new RecordReader({ ...base, pkMode: 'record_key', fieldsWhitelist: ['qty'] }).read(flatRecord('t', 1, { id: 1, name: 'x', qty: 5 }))! as WriteOp;
    expect(names(op)).toEqual(['*id', 'qty']);
  });

  it('names the record and the problem for bad input', () => {
    const r = new RecordReader({ ...base, pkMode: 'record_value', pkFields: ['nope'] });
    expect(() => r.read(flatRecord('t', 1, { id: 1 }))).toThrow(/pk.fields names "nope", which is not a field of the value \(fields: id, name, qty\)/);
    expect(() => r.read(sinkRecord('t', null, null, null, { id: 1 }, 9))).toThrow('Record t-0@9 has a value without a schema');
    const nested = SchemaBuilder.struct().field('id', Schemas.INT32).field('tags', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()).build();
    expect(() => new RecordReader({ ...base, pkMode: 'none' }).read(sinkRecord('t', null, null, nested, new Struct(nested).put('id', 1).put('tags', new Map()))))
      .toThrow('Field "tags" has schema type map');
  });

  it('table.name.format: ${topic} substitution, dots qualify the schema', () => {
    expect(tableIdFor('${topic}', 'orders')).toEqual({ schema: null, table: 'orders' });
    expect(tableIdFor('sink.${topic}_copy', 'orders')).toEqual({ schema: 'sink', table: 'orders_copy' });
    expect(() => tableIdFor('${topic}', 'server1.public.orders')).toThrow(
      'Table name "server1.public.orders" (table.name.format "${topic}", topic "server1.public.orders") must be "table" or "schema.table"',
    );
  });
});
