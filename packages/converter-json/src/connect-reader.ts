import { isUtf8 } from 'node:buffer';
import { Struct, type Schema } from '@tsconnect/sdk';
import { MAX_DEPTH, MAX_NUMBER_LENGTH, Parser, type JsonNode } from './json-node.js';
import { toConnect } from './to-connect.js';
import { LOGICAL } from './logical.js';

/**
 * The fast path of JsonConverter.toConnectData: reads JSON bytes straight into Connect values,
 * guided by the schema, without the intermediate JSON tree, the UTF-8 → string decode of the whole
 * record, or Struct.put's per-field validation. It only ever succeeds where the tree path
 * (parseJsonDocument + toConnect) gives the same result; on anything unusual — invalid JSON or
 * UTF-8, a conversion error, a lenient conversion that yields null, escapes next to non-ASCII
 * text, a BOM — it gives up (throws) and the caller runs the tree path, which then produces the
 * exact result or error.
 *
 * The bytes are viewed as a latin1 string (one char per byte: structural characters and ASCII
 * text read directly); string tokens holding non-ASCII bytes are decoded from the bytes as UTF-8.
 */
const { latin1Slice, utf8Slice } = Buffer.prototype as unknown as {
  latin1Slice(this: Uint8Array, start: number, end: number): string;
  utf8Slice(this: Uint8Array, start: number, end: number): string;
};
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`)); // exact doubles up to 1e22
const LOGICAL_NAMES = new Set<string | undefined>(Object.values(LOGICAL));

/** The keys of the last schemaless objects read, by their position in the record (see ConnectReader.key). */
const KEY_CACHE_SIZE = 128;
const KEY_CACHE: (string | undefined)[] = new Array<string | undefined>(KEY_CACHE_SIZE).fill(undefined);

/**
 * Small integers as bigint come from a table (as Java's Long.valueOf caches small longs): a bigint
 * is an immutable value compared by value, so sharing one is invisible, and it saves an allocation
 * for the counts, flags and small ids that fill records.
 */
const SMALL_BIGINTS = Array.from({ length: 1024 }, (_, i) => BigInt(i));
function int64Of(n: number): bigint {
  return n >= 0 && n < 1024 ? SMALL_BIGINTS[n]! : BigInt(n);
}

/** Whether `s` has `token` at `at`; for short tokens a loop beats String.prototype.startsWith. */
function matchAt(s: string, at: number, token: string): boolean {
  const n = token.length;
  if (n > 32) return s.startsWith(token, at);
  for (let j = 0; j < n; j++) if (s.charCodeAt(at + j) !== token.charCodeAt(j)) return false;
  return true;
}

/** Thrown to leave the fast path; never escapes toConnectData. */
export const GIVE_UP = new Error('connect-reader: not on the fast path');
function giveUp(): never {
  throw GIVE_UP;
}

/** Per struct schema: each field's name as it appears quoted in the latin1 view, and name → index. */
interface StructInfo {
  readonly quotedNames: string[];
  readonly index: Map<string, number>;
}
const structInfos = new WeakMap<Schema, StructInfo>();

function structInfo(schema: Schema): StructInfo {
  let info = structInfos.get(schema);
  if (!info) {
    const fields = schema.fields ?? [];
    info = {
      quotedNames: fields.map((f) => latin1(Buffer.from(JSON.stringify(f.name), 'utf8'))),
      index: new Map(fields.map((f, i) => [f.name, i])),
    };
    structInfos.set(schema, info);
  }
  return info;
}

/**
 * The latin1 view of the bytes, or undefined when they start with a BOM (the tree path strips it).
 * UTF-8 validity is checked lazily, by the first string token holding non-ASCII bytes: anywhere
 * else non-ASCII bytes fail the parse, and the tree path reports them.
 */
export function latin1View(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return undefined;
  return latin1(bytes);
}

export function latin1(bytes: Uint8Array): string {
  return latin1Slice.call(bytes, 0, bytes.length);
}

export class ConnectReader extends Parser {
  private validUtf8 = false;
  /** How many object keys of schemaless data were read so far (the index into KEY_CACHE). */
  private keyOrdinal = 0;

  constructor(text: string, private bytes: Uint8Array, private readonly replace: boolean) {
    super(text);
  }

  /** Starts over on another record (one reader per converter saves an allocation per record). */
  reset(text: string, bytes: Uint8Array): this {
    this.s = text;
    this.bytes = bytes;
    this.pos = 0;
    this.schemaStart = this.schemaEnd = -1;
    this.validUtf8 = false;
    this.keyOrdinal = 0;
    return this;
  }

  get text(): string {
    return this.s;
  }

  /** The UTF-8 text of bytes [start, end). */
  utf8(start: number, end: number): string {
    return utf8Slice.call(this.bytes, start, end);
  }

  /** Whether the text at the current position starts with `prefix`; if so, moves past it. */
  skip(prefix: string): boolean {
    // startsWith compares char by char; slice + === is a memcmp, much faster for a long schema text.
    if (prefix.length > 24 ? this.s.slice(this.pos, this.pos + prefix.length) !== prefix : !this.s.startsWith(prefix, this.pos)) return false;
    this.pos += prefix.length;
    return true;
  }

  /** A string token, decoded from UTF-8 when it holds non-ASCII bytes. */
  override string(): string {
    const s = this.s;
    const start = this.pos + 1;
    let high = false;
    for (let i = start; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return this.segment(start, i, high);
      }
      if (c === 92) return this.escapedString(start, i, high);
      if (c < 0x20) giveUp();
      if (c >= 0x80) high = true;
    }
    return giveUp();
  }

  /** The rest of a string token from its first backslash at `i` (Parser.string's escapes). */
  private escapedString(chunk: number, i: number, high: boolean): string {
    const s = this.s;
    let out = '';
    for (;;) {
      if (i >= s.length) giveUp();
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.pos = i + 1;
        return out + this.segment(chunk, i, high);
      }
      if (c < 0x20) giveUp();
      if (c !== 92) {
        if (c >= 0x80) high = true;
        i++;
        continue;
      }
      out += this.segment(chunk, i, high);
      high = false;
      switch (s.charCodeAt(i + 1)) {
        case 34: out += '"'; break;
        case 92: out += '\\'; break;
        case 47: out += '/'; break;
        case 98: out += '\b'; break;
        case 102: out += '\f'; break;
        case 110: out += '\n'; break;
        case 114: out += '\r'; break;
        case 116: out += '\t'; break;
        case 117: {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) giveUp();
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default: giveUp();
      }
      i += 2;
      chunk = i;
    }
  }

  /** Text [start, end) of the latin1 view; decoded from UTF-8 (checked once per record) when `high`. */
  private segment(start: number, end: number, high: boolean): string {
    if (!high) return this.s.slice(start, end);
    if (!this.validUtf8) {
      if (!isUtf8(this.bytes)) giveUp();
      this.validUtf8 = true;
    }
    return utf8Slice.call(this.bytes, start, end);
  }

  /**
   * The object key at the current position. Records usually repeat the previous record's keys
   * in the same order: the n-th key is compared with the n-th key of the last record and, when
   * equal, that string is reused, its hash already computed, which makes the Map insert cheaper.
   */
  private key(ordinal: number): string {
    if (ordinal >= KEY_CACHE_SIZE) return this.string();
    const s = this.s;
    const cached = KEY_CACHE[ordinal];
    const end = this.pos + 1 + (cached?.length ?? 0);
    if (cached !== undefined && s.charCodeAt(end) === 34 && matchAt(s, this.pos + 1, cached)) {
      this.pos = end + 1;
      return cached;
    }
    const start = this.pos + 1;
    const key = this.string();
    // Only keys whose text is their own token (ASCII, no escapes), copied when V8 would slice the record text.
    if (this.pos - 1 - start === key.length && key.length <= 64 && s.startsWith(key, start)) {
      KEY_CACHE[ordinal] = key.length < 13 ? key : latin1(Buffer.from(key, 'latin1'));
    }
    return key;
  }

  /** The Connect value of the JSON value at the current position, for `schema` (null: schemaless). */
  read(schema: Schema | null, depth: number): unknown {
    if (schema === null) return this.schemaless(depth);
    const c = this.s.charCodeAt(this.pos);
    if (c === 123 || c === 91) {
      if (LOGICAL_NAMES.has(schema.name)) giveUp();
      if (c === 123) {
        if (schema.type === 'struct') return this.struct(schema, depth + 1);
        if (schema.type === 'map' && (schema.keySchema === undefined || schema.keySchema.type === 'string')) {
          return this.stringKeyMap(schema.valueSchema ?? null, depth + 1);
        }
        return giveUp();
      }
      if (schema.type === 'array') return this.elements(schema.valueSchema ?? null, depth + 1);
      if (schema.type === 'map' && schema.keySchema !== undefined && schema.keySchema.type !== 'string') return this.pairMap(schema.keySchema ?? null, schema.valueSchema ?? null, depth + 1);
      return giveUp();
    }
    if (schema.name === undefined && (c === 45 || (c >= 48 && c <= 57))) {
      const t = schema.type;
      if (t === 'float64' || t === 'float32' || t === 'int32' || t === 'int64') return this.typedNumber(schema);
    }
    const node = this.scalar(c);
    const value = toConnect(schema, node, this.replace);
    // A lenient null (a number read as string or bytes) would fail Struct.put's check: the tree path decides.
    if (value === null && node !== null) giveUp();
    return value;
  }

  private scalar(c: number): JsonNode {
    switch (c) {
      case 34: return this.string();
      case 116: return this.literal('true', true);
      case 102: return this.literal('false', false);
      case 110: return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return giveUp();
    }
  }

  private struct(schema: Schema, depth: number): Struct {
    if (depth > MAX_DEPTH) giveUp();
    const fields = schema.fields ?? [];
    const { quotedNames, index } = structInfo(schema);
    const values = new Array<unknown>(fields.length);
    const s = this.s;
    this.pos++;
    this.skipWs();
    let expected = 0;
    if (s.charCodeAt(this.pos) === 125) this.pos++;
    else {
      for (;;) {
        if (s.charCodeAt(this.pos) !== 34) giveUp();
        // Writers (ours, Java's) put fields in schema order: match the next name without decoding it.
        let at: number;
        if (expected < quotedNames.length && matchAt(s, this.pos, quotedNames[expected]!)) {
          this.pos += quotedNames[expected]!.length;
          at = expected;
        } else {
          at = index.get(this.string()) ?? -1;
        }
        this.skipWs();
        if (s.charCodeAt(this.pos) !== 58) giveUp();
        this.pos++;
        this.skipWs();
        if (at >= 0) {
          values[at] = this.read(fields[at]!.schema, depth); // a repeated name: the last value wins, as ObjectNode
          expected = at + 1;
        } else {
          this.value(depth); // not a field: parsed (it must be valid JSON) and ignored
        }
        this.skipWs();
        const c = s.charCodeAt(this.pos++);
        if (c === 125) break;
        if (c !== 44) giveUp();
        this.skipWs();
      }
    }
    for (let i = 0; i < values.length; i++) {
      if (values[i] === undefined) values[i] = toConnect(fields[i]!.schema, undefined, this.replace);
    }
    return Struct.fromTrustedValues(schema, values);
  }

  private stringKeyMap(valueSchema: Schema | null, depth: number): Map<string, unknown> {
    if (depth > MAX_DEPTH) giveUp();
    const out = new Map<string, unknown>();
    const s = this.s;
    this.pos++;
    this.skipWs();
    if (s.charCodeAt(this.pos) === 125) { this.pos++; return out; }
    for (;;) {
      if (s.charCodeAt(this.pos) !== 34) giveUp();
      const key = this.string();
      this.skipWs();
      if (s.charCodeAt(this.pos) !== 58) giveUp();
      this.pos++;
      this.skipWs();
      out.set(key, this.read(valueSchema, depth)); // a repeated key keeps its first position, last value wins
      this.skipWs();
      const c = s.charCodeAt(this.pos++);
      if (c === 125) return out;
      if (c !== 44) giveUp();
      this.skipWs();
    }
  }

  private elements(elementSchema: Schema | null, depth: number): unknown[] {
    if (depth > MAX_DEPTH) giveUp();
    const out: unknown[] = [];
    const s = this.s;
    this.pos++;
    this.skipWs();
    if (s.charCodeAt(this.pos) === 93) { this.pos++; return out; }
    for (;;) {
      out.push(this.read(elementSchema, depth));
      this.skipWs();
      const c = s.charCodeAt(this.pos++);
      if (c === 93) return out;
      if (c !== 44) giveUp();
      this.skipWs();
    }
  }

  /** A map with non-string keys: an array of [key, value] pairs. */
  private pairMap(keySchema: Schema | null, valueSchema: Schema | null, depth: number): Map<unknown, unknown> {
    if (depth + 1 > MAX_DEPTH) giveUp();
    const out = new Map<unknown, unknown>();
    const s = this.s;
    this.pos++;
    this.skipWs();
    if (s.charCodeAt(this.pos) === 93) { this.pos++; return out; }
    for (;;) {
      if (s.charCodeAt(this.pos) !== 91) giveUp();
      this.pos++;
      this.skipWs();
      const key = this.read(keySchema, depth + 1);
      this.skipWs();
      if (s.charCodeAt(this.pos) !== 44) giveUp();
      this.pos++;
      this.skipWs();
      const value = this.read(valueSchema, depth + 1);
      this.skipWs();
      if (s.charCodeAt(this.pos) !== 93) giveUp();
      this.pos++;
      out.set(key, value);
      this.skipWs();
      const c = s.charCodeAt(this.pos++);
      if (c === 93) return out;
      if (c !== 44) giveUp();
      this.skipWs();
    }
  }

  /** toConnect(null, node): integers as bigint (Java Long), other numbers as double, objects as Map. */
  private schemaless(depth: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case 123: {
        if (depth + 1 > MAX_DEPTH) giveUp();
        const out = new Map<string, unknown>();
        this.pos++;
        this.skipWs();
        if (s.charCodeAt(this.pos) === 125) { this.pos++; return out; }
        for (;;) {
          if (s.charCodeAt(this.pos) !== 34) giveUp();
          const key = this.key(this.keyOrdinal++);
          this.skipWs();
          if (s.charCodeAt(this.pos) !== 58) giveUp();
          this.pos++;
          this.skipWs();
          out.set(key, this.schemaless(depth + 1));
          this.skipWs();
          const e = s.charCodeAt(this.pos++);
          if (e === 125) return out;
          if (e !== 44) giveUp();
          this.skipWs();
        }
      }
      case 91: {
        if (depth + 1 > MAX_DEPTH) giveUp();
        const out: unknown[] = [];
        this.pos++;
        this.skipWs();
        if (s.charCodeAt(this.pos) === 93) { this.pos++; return out; }
        for (;;) {
          out.push(this.schemaless(depth + 1));
          this.skipWs();
          const e = s.charCodeAt(this.pos++);
          if (e === 93) return out;
          if (e !== 44) giveUp();
          this.skipWs();
        }
      }
      case 34: return this.string();
      case 116: return this.literal('true', true);
      case 102: return this.literal('false', false);
      case 110: return this.literal('null', null);
    }
    return this.schemalessNumber();
  }

  /** A number as toConnect(null, node) gives it: an integer as int64 bigint, anything else as double. */
  private schemalessNumber(): bigint | number {
    const start = this.pos;
    const d = this.scanNumber();
    if (!this.scannedIntegral) return d === 0 ? 0 : d; // BigDecimal has no negative zero
    if (this.pos - start <= 15) return int64Of(d);
    return BigInt.asIntN(64, BigInt(this.s.slice(start, this.pos)));
  }

  /** A number token read for a number schema without a logical type, as typed() in to-connect.ts would convert it. */
  private typedNumber(schema: Schema): unknown {
    const start = this.pos;
    const d = this.scanNumber();
    const exact = this.pos - start <= 15;
    switch (schema.type) {
      case 'float64': return d === 0 ? 0 : d; // toDouble: BigDecimal/BigInteger have no negative zero
      case 'float32': return Math.fround(d === 0 ? 0 : d);
      case 'int32': if (this.scannedIntegral && exact && (d | 0) === d) return d | 0; break;
      case 'int64': if (this.scannedIntegral && exact) return int64Of(d); break;
    }
    this.pos = start;
    return toConnect(schema, this.number(), this.replace);
  }

  /** Set by scanNumber: whether the token had neither fraction nor exponent. */
  private scannedIntegral = true;

  /**
   * Validates the number token at the current position as Parser.number does (giving up where it
   * would fail), moves past it and returns its value as the nearest double — Number(text), but
   * computed directly when the digits fit (Clinger's exact case: at most 15 digits, a power of ten
   * up to 1e22, one correctly rounded operation).
   */
  private scanNumber(): number {
    const s = this.s;
    const start = this.pos;
    let i = start;
    const negative = s.charCodeAt(i) === 45;
    if (negative) i++;
    const intStart = i;
    let m = 0;
    let c = s.charCodeAt(i);
    while (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      c = s.charCodeAt(++i);
    }
    if (i === intStart) giveUp();
    let digits = i - intStart;
    let exp10 = 0;
    let integral = true;
    if (c === 46) {
      integral = false;
      const fracStart = ++i;
      c = s.charCodeAt(i);
      while (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        c = s.charCodeAt(++i);
      }
      if (i === fracStart) giveUp();
      digits += i - fracStart;
      exp10 = fracStart - i;
    }
    if (c === 101 || c === 69) {
      integral = false;
      c = s.charCodeAt(++i);
      const expNegative = c === 45;
      if (c === 43 || c === 45) c = s.charCodeAt(++i);
      const expStart = i;
      let e = 0;
      while (c >= 48 && c <= 57) {
        if (e < 100000) e = e * 10 + (c - 48);
        c = s.charCodeAt(++i);
      }
      if (i === expStart) giveUp();
      exp10 += expNegative ? -e : e;
    }
    if (i - start > MAX_NUMBER_LENGTH) giveUp();
    this.pos = i;
    this.scannedIntegral = integral;
    if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
      const v = exp10 < 0 ? m / POW10[-exp10]! : m * POW10[exp10]!;
      return negative ? -v : v;
    }
    return Number(s.slice(start, i));
  }
}
