import { describe, expect, it } from 'vitest';
import { SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from './set-schema-metadata.js';
import { configured, fieldsOf, sourceRec } from './records.test-support.js';

describe('SetSchemaMetadata', () => {
  it('sets name and version, re-pointing the struct at the new schema', () => {
    const schema = SchemaBuilder.struct().name('old').version(1).doc('d').field('f', SchemaBuilder.int32().optional().defaultValue(5).build()).build();
    const out = configured(new SetSchemaMetadataValue(), { 'schema.name': 'foo', 'schema.version': '42' })
      .apply(sourceRec({ valueSchema: schema, value: new Struct(schema) }));
    expect(out.valueSchema).toEqual({ ...schema, name: 'foo', version: 42 });
    expect((out.value as Struct).schema).toBe(out.valueSchema);
    expect(fieldsOf(out.value)).toEqual({ f: 5 });
  });

  it('keeps what is not configured; passes schemaless nulls; needs a schema otherwise', () => {
    const out = configured(new SetSchemaMetadataKey(), { 'schema.version': '3' }).apply(sourceRec({ keySchema: Schemas.STRING, key: 'k' }));
    expect([out.keySchema, out.key]).toEqual([{ type: 'string', optional: false, version: 3 }, 'k']);
    const t = configured(new SetSchemaMetadataValue(), { 'schema.name': 'x' });
    const nul = sourceRec({ value: null });
    expect(t.apply(nul)).toBe(nul);
    expect(() => t.apply(sourceRec({ value: 'x' }))).toThrow('Schema required for [updating schema metadata]');
  });

  it('needs a name or a version', () => {
    expect(() => new SetSchemaMetadataValue().configure({})).toThrow('Neither schema name nor version configured');
    expect(() => new SetSchemaMetadataValue().configure({ 'schema.version': 'one' })).toThrow(
      'Invalid value one for configuration schema.version: Not a number of type INT',
    );
  });
});
