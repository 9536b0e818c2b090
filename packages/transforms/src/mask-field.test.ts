import { describe, expect, it } from 'vitest';
import { ConnectDate, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { MaskFieldValue } from './mask-field.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

const schema = SchemaBuilder.struct()
  .field('magic', Schemas.INT32).field('bool', Schemas.BOOLEAN).field('int64', Schemas.INT64).field('float64', Schemas.FLOAT64)
  .field('string', Schemas.STRING).field('date', ConnectDate.builder().build()).field('decimal', Decimal.builder(2).build())
  .field('array', SchemaBuilder.array(Schemas.INT32).build()).field('keep', Schemas.STRING).build();
const value = new Struct(schema).put('magic', 42).put('bool', true).put('int64', 5).put('float64', 1.5).put('string', 'hmm')
  .put('date', new Date(86_400_000)).put('decimal', DecimalValue.parse('42.00')).put('array', [1, 2]).put('keep', 'me');
const masked = 'magic,bool,int64,float64,string,date,decimal,array';

describe('MaskField', () => {
  it('masks struct fields with the type null value', () => {
    const out = configured(new MaskFieldValue(), { fields: masked }).apply(sourceRec({ valueSchema: schema, value }));
    expect(out.valueSchema).toBe(schema);
    expect(fieldsOf(out.value)).toEqual({
      magic: 0, bool: false, int64: 0, float64: 0, string: '', date: new Date(0), decimal: new DecimalValue(0n, 2), array: [], keep: 'me',
    });
  });

  it('masks schemaless values, with a custom replacement for numbers and strings', () => {
    const t = configured(new MaskFieldValue(), { fields: 'a,b,c', replacement: '12' });
    expect(t.apply(sourceRec({ value: { a: 'secret', b: 7, c: null, d: 'x' } })).value).toEqual({ a: '12', b: 12, c: null, d: 'x' });
    const plain = configured(new MaskFieldValue(), { fields: 'a,b,m' }).apply(sourceRec({ value: new Map<string, unknown>([['a', 'x'], ['b', 2.5], ['m', { k: 1 }]]) }));
    expect(plain.value).toEqual(new Map<string, unknown>([['a', ''], ['b', 0], ['m', {}]]));
  });

  it('refuses replacements for other types and bad configs', () => {
    const t = configured(new MaskFieldValue(), { fields: 'bool', replacement: 'x' });
    expect(() => t.apply(sourceRec({ valueSchema: schema, value }))).toThrow('Cannot mask value of type class java.lang.Boolean with custom replacement.');
    const n = configured(new MaskFieldValue(), { fields: 'magic', replacement: 'abc' });
    expect(() => n.apply(sourceRec({ valueSchema: schema, value }))).toThrow('Unable to convert abc (class java.lang.String) to number');
    expect(() => new MaskFieldValue().configure({ fields: 'a', replacement: '' })).toThrow(
      'Invalid value  for configuration replacement: String must be non-empty',
    );
  });
});
