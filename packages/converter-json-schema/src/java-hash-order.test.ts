import { describe, expect, it } from 'vitest';
import { copiedHashMapOrder, hashMapOrder, javaHash, sizedHashMapOrder } from './java-hash-order.js';

// Expected orders recorded from java.util.HashMap on OpenJDK 17.0.15.
describe('Java HashMap iteration order', () => {
  it('String.hashCode spread like HashMap.hash', () => {
    expect(javaHash('')).toBe(0);
    expect(javaHash('Aa')).toBe(javaHash('BB')); // the classic collision
    expect(javaHash('connect.index')).toBe((() => { let h = 0; for (const c of 'connect.index') h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0; return h ^ (h >>> 16); })());
  });

  it('the connect.* keywords, default and copied maps', () => {
    const keys = ['connect.index', 'connect.type', 'connect.version', 'connect.parameters'];
    expect(hashMapOrder(keys)).toEqual(['connect.version', 'connect.index', 'connect.type', 'connect.parameters']);
    expect(copiedHashMapOrder(keys)).toEqual(['connect.index', 'connect.version', 'connect.type', 'connect.parameters']);
    expect(sizedHashMapOrder(hashMapOrder(keys))).toEqual(['connect.index', 'connect.version', 'connect.type', 'connect.parameters']);
    expect(copiedHashMapOrder(['connect.type', 'connect.index'])).toEqual(['connect.index', 'connect.type']);
  });

  it('Debezium envelope fields and 120 fields (resizes)', () => {
    expect(hashMapOrder(['before', 'after', 'source', 'op', 'ts_ms', 'transaction'])).toEqual(JAVA_ENVELOPE);
    const big = Array.from({ length: 120 }, (_, i) => `f${i}`);
    const order = hashMapOrder(big);
    expect(order).toHaveLength(120);
    expect(order.slice(0, 12)).toEqual(JAVA_BIG_HEAD);
  });
});

const JAVA_ENVELOPE = ['op', 'before', 'after', 'source', 'ts_ms', 'transaction'];
const JAVA_BIG_HEAD = ['f94', 'f93', 'f96', 'f95', 'f10', 'f98', 'f97', 'f12', 'f11', 'f99', 'f14', 'f13'];
