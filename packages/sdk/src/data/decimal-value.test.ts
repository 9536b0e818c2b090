import { describe, expect, it } from 'vitest';
import { DecimalValue } from './decimal-value.js';

describe('DecimalValue', () => {
  it.each([
    ['12.340', 12340n, 3, '12.340'],
    ['-0.05', -5n, 2, '-0.05'],
    ['1e3', 1n, -3, '1000'],
    ['5E-2', 5n, 2, '0.05'],
    ['99999999999999999999999999999999999999', 99999999999999999999999999999999999999n, 0, '99999999999999999999999999999999999999'],
    ['.5', 5n, 1, '0.5'],
  ])('parses %s exactly', (text, unscaled, scale, plain) => {
    const d = DecimalValue.parse(text);
    expect(d.unscaled).toBe(unscaled);
    expect(d.scale).toBe(scale);
    expect(d.toString()).toBe(plain);
  });

  it('rejects text that is not a number, naming it', () => {
    expect(() => DecimalValue.parse('12a')).toThrow('Not a decimal number: "12a"');
    expect(() => DecimalValue.parse('.')).toThrow('Not a decimal number');
  });

  it('rescales without losing digits and refuses to round', () => {
    expect(DecimalValue.parse('1.5').withScale(3).toString()).toBe('1.500');
    expect(DecimalValue.parse('1.500').withScale(1).toString()).toBe('1.5');
    expect(() => DecimalValue.parse('1.55').withScale(1)).toThrow('without rounding');
  });
});
