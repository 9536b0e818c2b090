import { Struct, type Schema } from '@tsconnect/sdk';
import { MAX_DEPTH, type JsonNode } from './json-node.js';
import { toConnect } from './to-connect.js';
import { LOGICAL } from './logical.js';
import { giveUp, latin1, Latin1Scanner, matchAt } from './latin1-scanner.js';

export { GIVE_UP, latin1View } from './latin1-scanner.js';

const LOGICAL_NAMES = new Set<string | undefined>(Object.values(LOGICAL));

/**
 * Small integers as bigint come from a table (as Java's Long.valueOf caches small longs): a bigint
 * is an immutable value compared by value, so sharing one is invisible, and it saves an allocation
 * for the counts, flags and small ids that fill records.
 */
const SMALL_BIGINTS = Array.from({ length: 1024 }, (_, i) => BigInt(i));
function int64Of(n: number): bigint {
  return n >= 0 && n < 1024 ? SMALL_BIGINTS[n]! : BigInt(n);
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
export class ConnectReader extends Latin1Scanner {
  constructor(text: string, bytes: Uint8Array, private readonly replace: boolean) {
    super(text, bytes);
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
    // An integer token whose double is a safe integer is that exact value (16-digit µs timestamps too).
    if (this.pos - start <= 15 || Number.isSafeInteger(d)) return int64Of(d);
    return BigInt.asIntN(64, BigInt(this.s.slice(start, this.pos)));
  }

  /** A number token read for a number schema without a logical type, as typed() in to-connect.ts would convert it. */
  private typedNumber(schema: Schema): unknown {
    const start = this.pos;
    const d = this.scanNumber();
    const exact = this.pos - start <= 15 || Number.isSafeInteger(d); // for integer tokens: d is their exact value
    switch (schema.type) {
      case 'float64': return d === 0 ? 0 : d; // toDouble: BigDecimal/BigInteger have no negative zero
      case 'float32': return Math.fround(d === 0 ? 0 : d);
      case 'int32': if (this.scannedIntegral && exact && (d | 0) === d) return d | 0; break;
      case 'int64': if (this.scannedIntegral && exact) return int64Of(d); break;
    }
    this.pos = start;
    return toConnect(schema, this.number(), this.replace);
  }

}
