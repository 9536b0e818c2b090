import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { ExtractFieldKey, ExtractFieldValue } from './extract-field.js';
import { SingleFieldPath } from './util/field-path.js';
import { configured, sourceRec } from './records.test-support.js';

const inner = SchemaBuilder.struct().field('baz', Schemas.INT32).build();
const outer = SchemaBuilder.struct().field('magic', Schemas.INT32).field('foo.bar', inner).build();
const value = new Struct(outer).put('magic', 42).put('foo.bar', new Struct(inner).put('baz', 7));

describe('ExtractField', () => {
  it('extracts a struct field with its schema', () => {
    const out = configured(new ExtractFieldKey(), { field: 'magic' }).apply(sourceRec({ keySchema: outer, key: value }));
    expect([out.keySchema, out.key]).toEqual([Schemas.INT32, 42]);
  });

  it('follows nested V2 paths with backticks', () => {
    const out = configured(new ExtractFieldValue(), { field: '`foo.bar`.baz', 'field.syntax.version': 'v2' })
      .apply(sourceRec({ valueSchema: outer, value }));
    expect([out.valueSchema, out.value]).toEqual([Schemas.INT32, 7]);
  });

  it('extracts from schemaless maps (missing → null) and passes null through', () => {
    const t = configured(new ExtractFieldValue(), { field: 'a.b', 'field.syntax.version': 'V2' });
    expect(t.apply(sourceRec({ value: new Map([['a', new Map([['b', 'x']])]]) })).value).toBe('x');
    expect(t.apply(sourceRec({ value: { a: { c: 1 } } })).value).toBeNull();
    expect(t.apply(sourceRec({ value: null })).value).toBeNull();
    const v1 = configured(new ExtractFieldValue(), { field: 'a.b' });
    expect(v1.apply(sourceRec({ value: { 'a.b': 5 } })).value).toBe(5);
  });

  it('fails on an unknown field and bad configs', () => {
    const t = configured(new ExtractFieldValue(), { field: 'nope' });
    expect(() => t.apply(sourceRec({ valueSchema: outer, value }))).toThrow('Unknown field: nope');
    expect(() => new ExtractFieldValue().configure({ field: 'a', 'field.syntax.version': 'V3' })).toThrow(
      'Invalid value V3 for configuration field.syntax.version: String must be one of (case insensitive): V1, V2',
    );
    expect(() => new ExtractFieldValue().configure({ field: '`a.b', 'field.syntax.version': 'V2' })).toThrow(
      'Incomplete backtick pair in path: [`a.b], consider adding a backslash before backtick at position 0 to escape it',
    );
  });

  it('parses V2 paths as Kafka does', () => {
    expect(new SingleFieldPath('foo.bar.baz', 'V2').steps).toEqual(['foo', 'bar', 'baz']);
    expect(new SingleFieldPath('`foo.bar`.baz', 'V2').steps).toEqual(['foo.bar', 'baz']);
    expect(new SingleFieldPath('foo.`bar`', 'V2').steps).toEqual(['foo', 'bar']);
    expect(new SingleFieldPath('`foo\\`.bar`.baz', 'V2').steps).toEqual(['foo`.bar', 'baz']);
    expect(new SingleFieldPath('foo.', 'V2').steps).toEqual(['foo', '']);
    expect(new SingleFieldPath('foo.bar', 'V1').steps).toEqual(['foo.bar']);
  });
});
