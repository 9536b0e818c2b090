import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { FlattenKey, FlattenValue } from './flatten.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

describe('Flatten', () => {
  it('flattens nested structs with the delimiter; ancestors make leaves optional', () => {
    const leaf = SchemaBuilder.struct().field('int32', Schemas.INT32).field('str', Schemas.STRING).build();
    const mid = SchemaBuilder.struct().optional().field('leaf', leaf).field('arr', SchemaBuilder.array(Schemas.INT8).build()).build();
    const root = SchemaBuilder.struct().name('root').field('mid', mid).field('top', Schemas.BOOLEAN).build();
    const value = new Struct(root)
      .put('mid', new Struct(mid).put('leaf', new Struct(leaf).put('int32', 1).put('str', 's')).put('arr', [1, 2]))
      .put('top', true);
    const out = configured(new FlattenValue(), {}).apply(sourceRec({ valueSchema: root, value }));
    expect(out.valueSchema).toEqual({
      type: 'struct', optional: false, name: 'root',
      fields: [
        { name: 'mid.leaf.int32', index: 0, schema: Schemas.OPTIONAL_INT32 },
        { name: 'mid.leaf.str', index: 1, schema: Schemas.OPTIONAL_STRING },
        { name: 'mid.arr', index: 2, schema: { type: 'array', optional: true, valueSchema: Schemas.INT8 } },
        { name: 'top', index: 3, schema: Schemas.BOOLEAN },
      ],
    });
    expect(fieldsOf(out.value)).toEqual({ 'mid.leaf.int32': 1, 'mid.leaf.str': 's', 'mid.arr': [1, 2], top: true });
    const nullMid = configured(new FlattenValue(), { delimiter: '_' }).apply(sourceRec({ valueSchema: root, value: new Struct(root).put('top', false) }));
    expect(fieldsOf(nullMid.value)).toEqual({ mid_leaf_int32: null, mid_leaf_str: null, mid_arr: null, top: false });
  });

  it('flattens schemaless maps and objects', () => {
    const out = configured(new FlattenKey(), {}).apply(sourceRec({
      key: new Map<string, unknown>([['A', new Map<string, unknown>([['B', 1], ['C', null]])], ['D', [1, { x: 1 }]], ['E', 'e']]),
    }));
    expect(out.key).toEqual(new Map<string, unknown>([['A.B', 1], ['A.C', null], ['D', [1, { x: 1 }]], ['E', 'e']]));
    expect(configured(new FlattenValue(), { delimiter: '#' }).apply(sourceRec({ value: { a: { b: { c: 1 } } } })).value).toEqual({ 'a#b#c': 1 });
  });

  it('refuses map fields with schema and unsupported schemaless values', () => {
    const s = SchemaBuilder.struct().field('m', SchemaBuilder.map(Schemas.STRING, Schemas.STRING).build()).build();
    expect(() => configured(new FlattenValue(), {}).apply(sourceRec({ valueSchema: s, value: new Struct(s).put('m', new Map()) })))
      .toThrow('Flatten transformation does not support MAP for record with schemas (for field m).');
    expect(() => configured(new FlattenValue(), {}).apply(sourceRec({ value: { d: new Date(0) } })))
      .toThrow("Flatten transformation was passed a value of type class java.util.Date which is not supported by Connect's data API");
  });
});
