import { describe, expect, it } from 'vitest';
import { ConnectTimestamp, Decimal, DecimalValue, Schemas, javaDoubleToString } from '@tsconnect/sdk';
import { JsonConverter } from './json-converter.js';
import { base64, quote, toTwosComplement } from './jackson-text.js';

// The byte writer (byte-sink.ts, number-writer.ts, json-writer.ts) against the string helpers it replaced on the hot path:
// the same text, UTF-8 encoded, for many generated values.
const noSchemas = new JsonConverter();
noSchemas.configure({ 'schemas.enable': 'false' }, false);

/** Deterministic pseudo-random numbers (xorshift32). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const CHAR_POOL = [0, 1, 8, 9, 10, 12, 13, 31, 32, 34, 47, 92, 65, 126, 127, 128, 0xe9, 0x7ff, 0x800, 0x20ac, 0xd7ff, 0xd800, 0xd83d, 0xdbff, 0xdc00, 0xde00, 0xdfff, 0xe000, 0xfeff, 0xfffd, 0xffff];

describe('byte writer', () => {
  it('writes strings exactly as quote() + UTF-8 (escapes, 2/3-byte chars, lone and paired surrogates)', () => {
    const next = rng(7);
    for (let n = 0; n < 3000; n++) {
      const len = Math.floor(next() * 40);
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(next() < 0.5 ? CHAR_POOL[Math.floor(next() * CHAR_POOL.length)]! : Math.floor(next() * 0x10000));
      expect(Buffer.from(noSchemas.fromConnectData('t', Schemas.STRING, s)!).equals(Buffer.from(quote(s), 'utf8'))).toBe(true);
    }
  });

  it('writes Decimals as Base64 of BigInteger.toByteArray for small and large unscaled values', () => {
    const schema = Decimal.builder(3).build();
    const next = rng(11);
    const values: bigint[] = [0n, 1n, -1n, 127n, 128n, -128n, -129n, 255n, 256n, -256n, -257n, 32767n, 32768n, -32768n, -32769n];
    for (let bits = 1; bits <= 130; bits++) {
      const p = 1n << BigInt(bits);
      values.push(p, -p, p - 1n, -p + 1n, p + 1n, -p - 1n);
    }
    for (let n = 0; n < 2000; n++) values.push(BigInt(Math.floor((next() - 0.5) * 2 ** Math.floor(next() * 60))));
    for (const v of values) {
      const expected = `"${base64(toTwosComplement(v))}"`;
      expect(Buffer.from(noSchemas.fromConnectData('t', schema, new DecimalValue(v, 3))!).toString('utf8'), String(v)).toBe(expected);
    }
  });

  it('writes doubles exactly as javaDoubleToString (Java Double.toString)', () => {
    const next = rng(3);
    const values = [0, -0, 1e-3, -1e-3, 0.001, 0.0012, 0.05, 0.5, 1.5, -2.25, 9999999.5, 1234567.125, 1e6, 9999999, 0.010000000000000002, 0.0009999999999999998, 1e7, 9999999.999999998, 1e7 - 0.5, 0.1, 0.2, 0.30000000000000004,
      1 / 3, 2 / 3, 123456.789, 5e-324, Number.MAX_VALUE, NaN, Infinity, -Infinity, 4.35, 0.07, 1.005, 8.41e-3, 99.99, 1234567.1234567];
    for (let n = 0; n < 20000; n++) {
      const scale = 10 ** Math.floor(next() * 12);
      const raw = (next() - 0.5) * 10 ** Math.floor(next() * 14 - 4);
      values.push(raw, Math.round(raw * scale) / scale, n * 1.25, n * -0.25 + 0.5, (n % 1000) / 100);
    }
    for (const d of values) {
      const expected = Number.isFinite(d) ? javaDoubleToString(d) : `"${javaDoubleToString(d)}"`;
      expect(Buffer.from(noSchemas.fromConnectData('t', Schemas.FLOAT64, d)!).toString('utf8'), String(d)).toBe(expected);
    }
  });

  it('writes integers of every magnitude as their decimal digits (int64, Timestamp)', () => {
    const next = rng(5);
    const ts = ConnectTimestamp.builder().build();
    const values = [0, -1, 1, 9, 10, -10, 2147483647, 2147483648, -2147483648, -2147483649, 8.64e15, -8.64e15, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER,
      1700000000000000, 100000000, 4200000000, 4200000001, 1e15 + 7];
    // Every digit count, at and around each power of ten (the digit writer sizes its output from them).
    for (let p = 1; p <= 1e15; p *= 10) values.push(p, p - 1, p + 1, -p, -p + 1, -p - 1);
    for (let n = 0; n < 5000; n++) values.push(Math.floor((next() - 0.5) * 2 ** Math.floor(next() * 54)));
    for (const v of values) {
      expect(Buffer.from(noSchemas.fromConnectData('t', Schemas.INT64, v)!).toString('utf8')).toBe(String(v));
      expect(Buffer.from(noSchemas.fromConnectData('t', Schemas.INT64, BigInt(v))!).toString('utf8')).toBe(String(v));
      if (Math.abs(v) <= 8.64e15) expect(Buffer.from(noSchemas.fromConnectData('t', ts, new Date(v))!).toString('utf8')).toBe(String(v === 0 ? 0 : v));
    }
    for (const big of [2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n, -(2n ** 53n) - 1n]) {
      expect(Buffer.from(noSchemas.fromConnectData('t', Schemas.INT64, big)!).toString('utf8')).toBe(String(big));
    }
    expect(() => noSchemas.fromConnectData('t', Schemas.INT64, 2n ** 63n)).toThrow('Invalid type for INT64');
  });

  it('writes bytes of every length as Base64', () => {
    for (let len = 0; len < 70; len++) {
      const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 37 + len) & 255);
      expect(Buffer.from(noSchemas.fromConnectData('t', Schemas.BYTES, bytes)!).toString('utf8')).toBe(`"${base64(bytes)}"`);
    }
  });

  it('returns buffers that later records do not overwrite', () => {
    const written = Array.from({ length: 5000 }, (_, i) => noSchemas.fromConnectData('t', Schemas.STRING, `record ${i} ${'x'.repeat(i % 300)}`)!);
    written.forEach((b, i) => expect(Buffer.from(b).toString('utf8')).toBe(`"record ${i} ${'x'.repeat(i % 300)}"`));
  });

  it('grows its buffer for large records and still returns independent copies', () => {
    const big = 'é'.repeat(300_000);
    const a = noSchemas.fromConnectData('t', Schemas.STRING, big)!;
    const b = noSchemas.fromConnectData('t', Schemas.STRING, 'x')!;
    expect(Buffer.from(a).equals(Buffer.from(quote(big), 'utf8'))).toBe(true);
    expect(Buffer.from(b).toString('utf8')).toBe('"x"');
  });
});
