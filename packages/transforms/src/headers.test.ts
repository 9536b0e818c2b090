import { describe, expect, it } from 'vitest';
import { ConnectDate, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { DropHeaders } from './drop-headers.js';
import { HeaderFromKey, HeaderFromValue } from './header-from.js';
import { InsertHeader } from './insert-header.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

const existing = { key: 'existing', schema: Schemas.STRING, value: 'e' };

describe('HeaderFrom', () => {
  const schema = SchemaBuilder.struct().name('v').field('a', Schemas.INT32).field('b', Schemas.OPTIONAL_STRING).field('c', Schemas.BOOLEAN).build();
  const value = new Struct(schema).put('a', 1).put('b', 'bee').put('c', true);

  it('moves struct fields into headers', () => {
    const out = configured(new HeaderFromValue(), { fields: 'a,b', headers: 'h_a,h_b', operation: 'move' })
      .apply(sourceRec({ valueSchema: schema, value, headers: [existing] }));
    expect(out.valueSchema).toEqual({ type: 'struct', optional: false, name: 'v', fields: [{ name: 'c', index: 0, schema: Schemas.BOOLEAN }] });
    expect(fieldsOf(out.value)).toEqual({ c: true });
    expect(out.headers).toEqual([existing, { key: 'h_a', schema: Schemas.INT32, value: 1 }, { key: 'h_b', schema: Schemas.OPTIONAL_STRING, value: 'bee' }]);
  });

  it('copies schemaless key fields into headers', () => {
    const out = configured(new HeaderFromKey(), { fields: 'a', headers: 'h', operation: 'copy' }).apply(sourceRec({ key: { a: 1, b: 2 } }));
    expect(out.key).toEqual({ a: 1, b: 2 });
    expect(out.headers).toEqual([{ key: 'h', schema: null, value: 1 }]);
    const moved = configured(new HeaderFromKey(), { fields: 'a', headers: 'h', operation: 'move' }).apply(sourceRec({ key: new Map([['a', 1], ['b', 2]]) }));
    expect(moved.key).toEqual(new Map([['b', 2]]));
  });

  it('rejects mismatched lists and unknown operations', () => {
    expect(() => new HeaderFromValue().configure({ fields: 'a,b', headers: 'h', operation: 'move' })).toThrow(
      "'fields' config must have the same number of elements as 'headers' config.",
    );
    expect(() => new HeaderFromValue().configure({ fields: 'a', headers: 'h', operation: 'cut' })).toThrow(
      'Invalid value cut for configuration operation: String must be one of: move, copy',
    );
  });
});

describe('InsertHeader', () => {
  const insert = (literal: string) => configured(new InsertHeader(), { header: 'h', 'value.literal': literal }).apply(sourceRec({ headers: [existing] })).headers;

  it('appends a header with the literal parsed as Connect Values does', () => {
    expect(insert('hello')).toEqual([existing, { key: 'h', schema: Schemas.STRING, value: 'hello' }]);
    expect(insert('42')[1]).toEqual({ key: 'h', schema: Schemas.INT8, value: 42 });
    expect(insert('40000')[1]).toEqual({ key: 'h', schema: Schemas.INT32, value: 40000 });
    expect(insert('1.5')[1]).toEqual({ key: 'h', schema: Schemas.FLOAT32, value: 1.5 });
    expect(insert('true')[1]).toEqual({ key: 'h', schema: Schemas.BOOLEAN, value: true });
    expect(insert('2024-01-02')[1]).toEqual({ key: 'h', schema: ConnectDate.builder().build(), value: new Date(Date.UTC(2024, 0, 2)) });
  });

  it('requires header and value.literal', () => {
    expect(() => new InsertHeader().configure({ header: 'h' })).toThrow('Missing required configuration "value.literal" which has no default value.');
    expect(() => new InsertHeader().configure({ header: null, 'value.literal': 'x' })).toThrow(
      'Invalid value null for configuration header: entry must be non null',
    );
  });
});

describe('DropHeaders', () => {
  it('removes every header with a listed key', () => {
    const headers = [existing, { key: 'a', schema: null, value: 1 }, { key: 'b', schema: null, value: 2 }, { key: 'a', schema: null, value: 3 }];
    const record = sourceRec({ headers });
    const out = configured(new DropHeaders(), { headers: 'a,b' }).apply(record);
    expect(out.headers).toEqual([existing]);
    expect(record.headers).toHaveLength(4);
    expect(() => new DropHeaders().configure({ headers: '' })).toThrow('Invalid value [] for configuration headers: Empty list');
  });
});
