import type { PgValue } from '../decoder/messages.js';
import { PgType } from './oids.js';
import { identityTextParser, textParserFor } from './parse-text.js';

/**
 * Parses a text-format value straight from the message buffer (`buf[start, end)`), so the
 * hot path allocates no sub-Buffer and, for integers, no string. Same results as parseTextValue.
 */
export type TextSliceParser = (buf: Buffer, start: number, end: number) => PgValue;

function invalid(kind: string, buf: Buffer, start: number, end: number): never {
  throw new RangeError(`invalid ${kind}: ${buf.toString('utf8', start, Math.min(end, start + 40))}`);
}

/** A decimal integer of at most 15 digits (exact as a double), optionally negative. */
function asciiInt(buf: Buffer, start: number, end: number, kind: string): number {
  let i = start;
  const negative = buf[i] === 0x2d;
  if (negative) i++;
  if (i === end || end - i > 15) invalid(kind, buf, start, end);
  let n = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) invalid(kind, buf, start, end);
    n = n * 10 + d;
  }
  return negative ? -n : n;
}

const int: TextSliceParser = (b, s, e) => asciiInt(b, s, e, 'integer');

const int8: TextSliceParser = (b, s, e) => {
  // Up to 15 digits fit a double exactly; longer ones (rare) go through the string.
  if (e - s <= 15 || (b[s] === 0x2d && e - s === 16)) return BigInt(asciiInt(b, s, e, 'int8'));
  const text = b.toString('latin1', s, e);
  if (!/^-?\d+$/.test(text)) invalid('int8', b, s, e);
  return BigInt(text);
};

const bool: TextSliceParser = (b, s, e) => {
  if (e - s === 1) {
    if (b[s] === 0x74) return true;
    if (b[s] === 0x66) return false;
  }
  return invalid('bool', b, s, e);
};

const utf8: TextSliceParser = (b, s, e) => b.toString('utf8', s, e);

const FAST: ReadonlyMap<number, TextSliceParser> = new Map([
  [PgType.bool, bool],
  [PgType.int2, int],
  [PgType.int4, int],
  [PgType.oid, int],
  [PgType.xid, int],
  [PgType.int8, int8],
]);

/** The slice parser for a column type: a fast one for common scalars, else the string parser. */
export function textSliceParserFor(typeOid: number): TextSliceParser {
  const fast = FAST.get(typeOid);
  if (fast) return fast;
  const parse = textParserFor(typeOid);
  return parse === identityTextParser ? utf8 : (b, s, e) => parse(b.toString('utf8', s, e));
}
