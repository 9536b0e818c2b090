import { describe, expect, it } from 'vitest';
import { javaBigDecimalToString, javaDoubleToString, javaFloatToString } from './java-number-text.js';

describe('javaDoubleToString (Java Double.toString, JDK 19+)', () => {
  it.each([
    [1, '1.0'], [-1, '-1.0'], [0, '0.0'], [-0, '-0.0'], [1.5, '1.5'], [0.1, '0.1'], [100, '100.0'],
    [1e7, '1.0E7'], [9999999, '9999999.0'], [0.001, '0.001'], [0.00099, '9.9E-4'], [1e-5, '1.0E-5'],
    [1.2345e-5, '1.2345E-5'], [1e10, '1.0E10'], [1e21, '1.0E21'], [2e23, '2.0E23'], [123456789012, '1.23456789012E11'],
    [Number.MAX_VALUE, '1.7976931348623157E308'], [Number.MIN_VALUE, '4.9E-324'], [1e-322, '9.9E-323'],
    [-123.456e-10, '-1.23456E-8'], [Math.PI, '3.141592653589793'],
    [NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity'],
  ])('%s → %s', (d, text) => {
    expect(javaDoubleToString(d)).toBe(text);
  });
});

describe('javaFloatToString (Java Float.toString of the float32 value)', () => {
  it.each([
    [3.14, '3.14'], [0.1, '0.1'], [1, '1.0'], [1e10, '1.0E10'], [1e-5, '1.0E-5'], [1 / 3, '0.33333334'],
    [3.4028234663852886e38, '3.4028235E38'], [1.401298464324817e-45, '1.4E-45'], [16777217, '1.6777216E7'],
    [-0, '-0.0'], [123.456, '123.456'], [NaN, 'NaN'],
  ])('%s → %s', (f, text) => {
    expect(javaFloatToString(f)).toBe(text);
  });

  it('round-trips every float it prints for a sweep of values', () => {
    for (let i = 0; i < 2000; i++) {
      const f = Math.fround(Math.pow(10, (i % 80) - 40) * (1 + i / 997));
      expect(Math.fround(Number(javaFloatToString(f).replace('E', 'e')))).toBe(f);
    }
  });
});

describe('javaBigDecimalToString (Java BigDecimal.toString)', () => {
  it.each([
    [1234n, 2, '12.34'], [-5n, 2, '-0.05'], [0n, 3, '0.000'], [1n, 9, '1E-9'], [1n, 7, '1E-7'], [1n, 6, '0.000001'],
    [1n, -3, '1E+3'], [123n, -2, '1.23E+4'], [0n, -1, '0E+1'], [-15n, 8, '-1.5E-7'], [42n, 0, '42'],
  ])('%s scale %s → %s', (unscaled, scale, text) => {
    expect(javaBigDecimalToString(unscaled, scale)).toBe(text);
  });
});
