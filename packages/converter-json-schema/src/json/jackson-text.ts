// Copied from packages/converter-json/src/jackson-text.ts (converter packages may not depend on each other);
// to be extracted with the registry client into a shared package.
/**
 * JSON text details as Jackson's UTF8JsonGenerator writes them, so our bytes equal Java's:
 * `"` `\` and control chars escaped (\b \t \n \f \r short, others \u00XX upper-case hex), every
 * UTF-16 surrogate escaped as \uXXXX (Jackson does not combine pairs by default), '/' and DEL raw.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: JSON must escape them
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;
const HEX = '0123456789ABCDEF';
const SHORT: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

function hex4(c: number): string {
  return `\\u${HEX[(c >> 12) & 15]}${HEX[(c >> 8) & 15]}${HEX[(c >> 4) & 15]}${HEX[c & 15]}`;
}

/** A quoted JSON string literal. */
export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 34 && c !== 92 && (c < 0xd800 || c > 0xdfff)) continue;
    if (i > start) out += s.slice(start, i);
    out += SHORT[c] ?? hex4(c);
    start = i + 1;
  }
  return `${out}${s.slice(start)}"`;
}

/** Jackson's default Base64 variant (MIME_NO_LINEFEEDS): standard alphabet, padded, one line. */
export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

const BASE64_TEXT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes Base64 as Jackson's TextNode.binaryValue: whitespace skipped, padding required. */
export function decodeBase64(text: string): Uint8Array | null {
  const compact = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  if (!BASE64_TEXT.test(compact)) return null;
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** Java BigInteger.toByteArray(): minimal two's-complement, big-endian ([0] for zero). */
export function toTwosComplement(value: bigint): Uint8Array {
  const magnitudeBits = (value < 0n ? -value - 1n : value).toString(2).length;
  const length = value === 0n || value === -1n ? 1 : Math.floor(magnitudeBits / 8) + 1;
  const hex = BigInt.asUintN(length * 8, value).toString(16).padStart(length * 2, '0');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Java `new BigInteger(bytes)`; throws on an empty array as Java does. */
export function fromTwosComplement(bytes: Uint8Array): bigint {
  if (bytes.length === 0) throw new RangeError('Zero length BigInteger');
  const unsigned = BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`);
  return BigInt.asIntN(bytes.length * 8, unsigned);
}
