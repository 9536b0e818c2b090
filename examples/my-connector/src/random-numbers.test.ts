import { describe, expect, it } from 'vitest';
import { randomNumber } from './random-numbers.js';

describe('randomNumber', () => {
  it('is a pure function of (seed, seq) in [0, 1_000_000)', () => {
    const first = Array.from({ length: 5 }, (_, seq) => randomNumber(7, seq));
    expect(Array.from({ length: 5 }, (_, seq) => randomNumber(7, seq))).toEqual(first);
    expect(first.every((n) => Number.isInteger(n) && n >= 0 && n < 1_000_000)).toBe(true);
    expect(new Set(first).size).toBe(5);
    expect(randomNumber(8, 0)).not.toBe(randomNumber(7, 0));
  });
});
