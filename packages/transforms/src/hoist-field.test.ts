import { describe, expect, it } from 'vitest';
import { Schemas } from '@tsconnect/sdk';
import { HoistFieldKey, HoistFieldValue } from './hoist-field.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

describe('HoistField', () => {
  it('wraps a schema value in a struct', () => {
    const out = configured(new HoistFieldKey(), { field: 'magic' }).apply(sourceRec({ keySchema: Schemas.INT32, key: 42 }));
    expect(out.keySchema).toEqual({ type: 'struct', optional: false, fields: [{ name: 'magic', index: 0, schema: Schemas.INT32 }] });
    expect(fieldsOf(out.key)).toEqual({ magic: 42 });
  });

  it('wraps schemaless values (also null) in a map', () => {
    const t = configured(new HoistFieldValue(), { field: 'line' });
    expect(t.apply(sourceRec({ value: 'hello' })).value).toEqual(new Map([['line', 'hello']]));
    expect(t.apply(sourceRec({ value: null })).value).toEqual(new Map([['line', null]]));
  });

  it('requires field', () => {
    expect(() => new HoistFieldValue().configure({})).toThrow('Missing required configuration "field" which has no default value.');
  });
});
