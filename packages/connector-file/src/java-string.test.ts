import { describe, expect, it } from 'vitest';
import { DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { javaString } from './java-string.js';

describe('javaString', () => {
  it('formats doubles as Java Double.toString', () => {
    expect([1, 0.5, 100, 1234567, 1e7, 12345678.9, 0.001, 0.0001, 1e21, -2.5e-10, 0, -0, NaN, Infinity, -Infinity].map((n) => javaString(n, Schemas.FLOAT64)))
      .toEqual(['1.0', '0.5', '100.0', '1234567.0', '1.0E7', '1.23456789E7', '0.001', '1.0E-4', '1.0E21', '-2.5E-10', '0.0', '-0.0', 'NaN', 'Infinity', '-Infinity']);
  });

  it('formats float32 with the shortest digits of the float, as Float.toString', () => {
    expect(javaString(Math.fround(0.1), Schemas.FLOAT32)).toBe('0.1');
    expect(javaString(Math.fround(3.14159), Schemas.FLOAT32)).toBe('3.14159');
    expect(javaString(16777216, Schemas.FLOAT32)).toBe('1.6777216E7');
  });

  it('tells schemaless doubles from longs', () => {
    expect(javaString(3, null)).toBe('3');
    expect(javaString(3.25, null)).toBe('3.25');
    expect(javaString(3, Schemas.FLOAT64)).toBe('3.0');
    expect(javaString(-9007199254740993n, Schemas.INT64)).toBe('-9007199254740993');
  });

  it('formats decimals as BigDecimal.toString', () => {
    expect(['12.340', '-0.5', '1E+3', '0.0000001', '123E-10', '0'].map((s) => javaString(DecimalValue.parse(s), null)))
      .toEqual(['12.340', '-0.5', '1E+3', '1E-7', '1.23E-8', '0']);
  });

  it('formats nested structs, arrays, maps and plain objects', () => {
    const inner = SchemaBuilder.struct().field('f', Schemas.FLOAT32).build();
    const outer = SchemaBuilder.struct()
      .field('inner', inner)
      .field('list', SchemaBuilder.array(Schemas.FLOAT64).build())
      .field('skipped', Schemas.OPTIONAL_STRING)
      .build();
    const value = new Struct(outer).put('inner', new Struct(inner).put('f', 0.5)).put('list', [1, 2.5]);
    expect(javaString(value, outer)).toBe('Struct{inner=Struct{f=0.5},list=[1.0, 2.5]}');
    expect(javaString({ a: null, b: [true] }, null)).toBe('{a=null, b=[true]}');
    expect(javaString(new Map([[1, 'x']]), null)).toBe('{1=x}');
    expect(javaString([new Uint8Array([1, 255])], null)).toBe('[[1, -1]]');
  });

  it('formats dates as java.util.Date.toString in UTC', () => {
    expect(javaString(new Date(0), null)).toBe('Thu Jan 01 00:00:00 UTC 1970');
    expect(javaString(new Date(Date.UTC(2024, 1, 29, 13, 5, 9)), null)).toBe('Thu Feb 29 13:05:09 UTC 2024');
  });
});
