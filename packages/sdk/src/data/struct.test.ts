import { describe, expect, it } from 'vitest';
import { DataException } from '../errors/data-exception.js';
import { Decimal } from './logical-types.js';
import { DecimalValue } from './decimal-value.js';
import { SchemaBuilder } from './schema-builder.js';
import { Schemas } from './schemas.js';
import { Struct } from './struct.js';
import { schemaEquals } from './schema.js';

const person = SchemaBuilder.struct()
  .name('person')
  .field('id', Schemas.INT32)
  .field('name', Schemas.OPTIONAL_STRING)
  .field('score', SchemaBuilder.int64().defaultValue(7n).build())
  .field('balance', Decimal.builder(2).optional().build())
  .build();

describe('Struct', () => {
  it('stores values by field and falls back to the schema default', () => {
    const s = new Struct(person).put('id', 1).put('name', 'Alice');
    expect(s.get('id')).toBe(1);
    expect(s.get('score')).toBe(7n);
    expect(s.getWithoutDefault('score')).toBeNull();
    expect(s.toString()).toBe('Struct{id=1,name=Alice,score=null,balance=null}');
  });

  it('fromTrustedValues adopts values in field order, equal to the same struct built with put', () => {
    const values = [1, 'Alice', null, null];
    const s = Struct.fromTrustedValues(person, values);
    expect(s.valuesInFieldOrder()).toBe(values);
    expect(s.get('score')).toBe(7n);
    expect(s.equals(new Struct(person).put('id', 1).put('name', 'Alice').put('score', null).put('balance', null))).toBe(true);
    expect(() => Struct.fromTrustedValues(person, [1])).toThrow('Struct person has 4 fields, got 1 values');
  });

  it('rejects values of the wrong type, naming the field', () => {
    const s = new Struct(person);
    expect(() => s.put('id', 'x')).toThrow(DataException);
    expect(() => s.put('id', 2 ** 31)).toThrow(/field "id"/);
    expect(() => s.put('balance', 1.5)).toThrow(/org.apache.kafka.connect.data.Decimal/);
    expect(() => s.put('nope', 1)).toThrow('"nope" is not a valid field name of person');
    s.put('balance', DecimalValue.parse('1.50'));
    expect((s.get('balance') as DecimalValue).toString()).toBe('1.50');
  });

  it('validate() names the missing required field', () => {
    expect(() => new Struct(person).validate()).toThrow('null used for required field "id"');
  });

  it('int64 accepts bigint in range and safe integers only', () => {
    const schema = SchemaBuilder.struct().field('n', Schemas.INT64).build();
    expect(new Struct(schema).put('n', 2n ** 63n - 1n).get('n')).toBe(2n ** 63n - 1n);
    expect(() => new Struct(schema).put('n', 2n ** 63n)).toThrow(DataException);
    expect(() => new Struct(schema).put('n', 2 ** 60)).toThrow(DataException);
  });
});

describe('SchemaBuilder', () => {
  it('refuses duplicate field names and fields on non-structs', () => {
    expect(() => SchemaBuilder.struct().field('a', Schemas.INT8).field('a', Schemas.INT8)).toThrow('duplication "a"');
    expect(() => SchemaBuilder.int32().field('a', Schemas.INT8)).toThrow('Cannot add field "a" to a int32 schema');
  });

  it('checks the default value against the schema', () => {
    expect(() => SchemaBuilder.int8().defaultValue(300).build()).toThrow(/default value/);
  });

  it('compares schemas structurally', () => {
    const a = SchemaBuilder.map(Schemas.STRING, Schemas.OPTIONAL_INT32).name('m').build();
    const b = SchemaBuilder.map(Schemas.STRING, Schemas.OPTIONAL_INT32).name('m').build();
    const c = SchemaBuilder.map(Schemas.STRING, Schemas.INT32).name('m').build();
    expect(schemaEquals(a, b)).toBe(true);
    expect(schemaEquals(a, c)).toBe(false);
  });
});
