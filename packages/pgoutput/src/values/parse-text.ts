import type { PgValue } from '../decoder/messages.js';
import { ARRAY_ELEMENT_OID, PgType } from './oids.js';
import { parseArrayLiteral } from './parse-array.js';

type TextParser = (text: string) => PgValue;

const asNumber: TextParser = (s) => Number(s);

/** Decodes `bytea` text output: hex (`\x0a0b`) or the legacy escape format. */
export function parseByteaText(s: string): Buffer {
  if (s.startsWith('\\x')) {
    const hex = s.slice(2);
    if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError('invalid bytea hex');
    return Buffer.from(hex, 'hex');
  }
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x5c) {
      out.push(c);
    } else if (s[i + 1] === '\\') {
      out.push(0x5c);
      i++;
    } else {
      const oct = s.slice(i + 1, i + 4);
      if (!/^[0-3][0-7]{2}$/.test(oct)) throw new RangeError('invalid bytea escape');
      out.push(parseInt(oct, 8));
      i += 3;
    }
  }
  return Buffer.from(out);
}

function parseBool(s: string): boolean {
  if (s === 't') return true;
  if (s === 'f') return false;
  throw new RangeError(`invalid bool: ${s}`);
}

function parseInt8(s: string): bigint {
  if (!/^-?\d+$/.test(s)) throw new RangeError(`invalid int8: ${s}`);
  return BigInt(s);
}

/**
 * Parsers by type OID. Types not listed (text, varchar, numeric, money, uuid,
 * json/jsonb, date/time types, interval, inet, bit, enums, domains, …) stay the
 * server's exact text: see README "Value mapping".
 */
const SCALAR: ReadonlyMap<number, TextParser> = new Map<number, TextParser>([
  [PgType.bool, parseBool],
  [PgType.int2, asNumber],
  [PgType.int4, asNumber],
  [PgType.oid, asNumber],
  [PgType.xid, asNumber],
  [PgType.int8, parseInt8],
  [PgType.float4, asNumber],
  [PgType.float8, asNumber],
  [PgType.bytea, parseByteaText],
]);

/** Returns the text unchanged (types kept as the server's exact text). */
export const identityTextParser: TextParser = (s) => s;

/** Returns the parser for a type OID (arrays of built-in types included). */
export function textParserFor(typeOid: number): TextParser {
  const scalar = SCALAR.get(typeOid);
  if (scalar) return scalar;
  const elementOid = ARRAY_ELEMENT_OID.get(typeOid);
  if (elementOid !== undefined) {
    const element = SCALAR.get(elementOid) ?? identityTextParser;
    return (s) => parseArrayLiteral(s, element) as PgValue;
  }
  return identityTextParser;
}

/** Parses the text output of a value of type `typeOid`. Unknown types are returned unchanged. */
export function parseTextValue(typeOid: number, text: string): PgValue {
  return textParserFor(typeOid)(text);
}
