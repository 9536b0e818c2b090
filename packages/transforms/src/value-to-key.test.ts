import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { ValueToKey } from './value-to-key.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

describe('ValueToKey', () => {
  it('builds a struct key from value fields', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).field('b', Schemas.INT32).field('c', Schemas.INT32).build();
    const value = new Struct(schema).put('a', 1).put('b', 2).put('c', 3);
    const out = configured(new ValueToKey(), { fields: 'a,b' }).apply(sourceRec({ valueSchema: schema, value }));
    expect(out.keySchema).toEqual({
      type: 'struct', optional: false,
      fields: [{ name: 'a', index: 0, schema: Schemas.INT32 }, { name: 'b', index: 1, schema: Schemas.INT32 }],
    });
    expect(fieldsOf(out.key)).toEqual({ a: 1, b: 2 });
    expect(out.value).toBe(value);
  });

  it('builds a map key from a schemaless value (missing fields → null)', () => {
    const out = configured(new ValueToKey(), { fields: 'a,b,z' }).apply(sourceRec({ value: new Map<string, unknown>([['a', 1], ['b', 2], ['c', 3]]) }));
    expect([out.keySchema, out.key]).toEqual([null, new Map([['a', 1], ['b', 2], ['z', null]])]);
  });

  it('fails on a missing field or a null value, and on an empty fields list', () => {
    const schema = SchemaBuilder.struct().field('a', Schemas.INT32).build();
    const t = configured(new ValueToKey(), { fields: 'nope' });
    expect(() => t.apply(sourceRec({ valueSchema: schema, value: new Struct(schema).put('a', 1) }))).toThrow('Field does not exist: nope');
    expect(() => t.apply(sourceRec({ value: null }))).toThrow('Only Map objects supported in absence of schema for [copying fields from value to key], found: null');
    expect(() => new ValueToKey().configure({ fields: '' })).toThrow('Invalid value [] for configuration fields: Empty list');
    expect(() => new ValueToKey().configure({})).toThrow('Missing required configuration "fields" which has no default value.');
  });
});
