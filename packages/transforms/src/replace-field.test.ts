import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { ReplaceFieldKey, ReplaceFieldValue } from './replace-field.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

describe('ReplaceField', () => {
  it('excludes, includes and renames struct fields, keeping schema name/version', () => {
    const schema = SchemaBuilder.struct().name('row').version(3)
      .field('dont', Schemas.STRING).field('abc', Schemas.INT32).field('foo', Schemas.BOOLEAN).field('etc', Schemas.STRING).build();
    const value = new Struct(schema).put('dont', 'whatever').put('abc', 42).put('foo', true).put('etc', 'etc');
    const t = configured(new ReplaceFieldValue(), { exclude: 'dont', renames: 'abc:xyz,foo:bar' });
    const out = t.apply(sourceRec({ valueSchema: schema, value }));
    expect(out.valueSchema).toEqual({
      type: 'struct', optional: false, name: 'row', version: 3,
      fields: [
        { name: 'xyz', index: 0, schema: Schemas.INT32 },
        { name: 'bar', index: 1, schema: Schemas.BOOLEAN },
        { name: 'etc', index: 2, schema: Schemas.STRING },
      ],
    });
    expect(fieldsOf(out.value)).toEqual({ xyz: 42, bar: true, etc: 'etc' });
    const inc = configured(new ReplaceFieldValue(), { include: 'abc,foo', exclude: 'foo' }).apply(sourceRec({ valueSchema: schema, value }));
    expect(fieldsOf(inc.value)).toEqual({ abc: 42 });
  });

  it('works on schemaless maps and objects, and on keys; accepts the old whitelist/blacklist names', () => {
    const t = configured(new ReplaceFieldValue(), { include: 'abc,foo', renames: 'abc:xyz' });
    expect(t.apply(sourceRec({ value: new Map<string, unknown>([['dont', 1], ['abc', 2], ['foo', 3]]) })).value)
      .toEqual(new Map([['xyz', 2], ['foo', 3]]));
    const k = configured(new ReplaceFieldKey(), { blacklist: 'a' }).apply(sourceRec({ key: { a: 1, b: 2 } }));
    expect(k.key).toEqual({ b: 2 });
    const tomb = sourceRec({ value: null });
    expect(t.apply(tomb)).toBe(tomb);
  });

  it('rejects a bad rename mapping naming the key and list', () => {
    expect(() => new ReplaceFieldValue().configure({ renames: 'a:b,c' })).toThrow(
      'Invalid value [a:b, c] for configuration renames: Invalid rename mapping: c',
    );
    expect(() => new ReplaceFieldValue().configure({ renames: 'a:b:c' })).toThrow('Invalid rename mapping: a:b:c');
  });
});
