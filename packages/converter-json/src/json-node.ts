import { DataException } from '@tsconnect/sdk';

/**
 * A parsed JSON value, keeping what Jackson's tree keeps and JSON.parse loses:
 * integers in int32 range are `number` (Jackson IntNode), larger integers `bigint` (LongNode /
 * BigIntegerNode), any number with a fraction or exponent a {@link JsonDecimal} holding the exact
 * text (DecimalNode, as JsonConverter reads floats with USE_BIG_DECIMAL_FOR_FLOATS), objects a
 * Map in document order (duplicate names: last wins, first position kept, as ObjectNode).
 */
export type JsonNode = null | boolean | string | number | bigint | JsonDecimal | JsonNode[] | JsonObject;
export type JsonObject = Map<string, JsonNode>;

export class JsonDecimal {
  constructor(readonly text: string) {}
}

/** Jackson's JsonNodeType names, for error messages that read like Java's. */
export function nodeType(node: JsonNode | undefined): string {
  if (node === undefined) return 'MISSING';
  if (node === null) return 'NULL';
  switch (typeof node) {
    case 'boolean': return 'BOOLEAN';
    case 'string': return 'STRING';
    case 'number':
    case 'bigint': return 'NUMBER';
  }
  if (node instanceof JsonDecimal) return 'NUMBER';
  return Array.isArray(node) ? 'ARRAY' : 'OBJECT';
}

export function isJsonObject(node: JsonNode | undefined): node is JsonObject {
  return node instanceof Map;
}

export const MAX_DEPTH = 1000; // Jackson StreamReadConstraints.DEFAULT_MAX_DEPTH
export const MAX_NUMBER_LENGTH = 1000; // DEFAULT_MAX_NUM_LEN
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * Parses the first JSON value of `text` as Jackson's ObjectMapper.readTree does for JsonConverter:
 * leading zeros allowed, anything after the first value ignored (FAIL_ON_TRAILING_TOKENS is off),
 * empty input gives `undefined` (MissingNode).
 */
export function parseJson(text: string): JsonNode | undefined {
  return parseJsonDocument(text).root;
}

export interface JsonDocument {
  readonly root: JsonNode | undefined;
  /** The exact text of the top-level object's "schema" member, a cheap key for the schema cache. */
  readonly schemaText: string | undefined;
}

export function parseJsonDocument(text: string): JsonDocument {
  const p = new Parser(text);
  p.skipWs();
  if (p.pos >= text.length) return { root: undefined, schemaText: undefined };
  const root = p.value(0);
  return { root, schemaText: p.schemaEnd < 0 ? undefined : text.slice(p.schemaStart, p.schemaEnd) };
}

/** The Jackson-compatible parser; connect-reader.ts extends it to read Connect values directly. */
export class Parser {
  pos = 0;
  schemaStart = -1;
  schemaEnd = -1;
  constructor(protected s: string) {}

  fail(what: string): never {
    const at = this.pos < this.s.length ? `character ${JSON.stringify(this.s[this.pos])}` : 'end-of-input';
    throw new DataException(`Invalid JSON: ${what}, got ${at} at offset ${this.pos}`);
  }

  skipWs(): void {
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.pos);
  }

  value(depth: number): JsonNode {
    const c = this.s.charCodeAt(this.pos);
    switch (c) {
      case 34: return this.string();
      case 123: return this.object(depth + 1);
      case 91: return this.array(depth + 1);
      case 116: return this.literal('true', true);
      case 102: return this.literal('false', false);
      case 110: return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail('expected a JSON value');
    }
  }

  literal<T extends JsonNode>(word: string, result: T): T {
    if (!this.s.startsWith(word, this.pos)) this.fail(`expected '${word}'`);
    this.pos += word.length;
    return result;
  }

  object(depth: number): JsonObject {
    if (depth > MAX_DEPTH) this.fail(`nesting depth exceeds ${MAX_DEPTH}`);
    const out: JsonObject = new Map();
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 125) { this.pos++; return out; }
    for (;;) {
      if (this.s.charCodeAt(this.pos) !== 34) this.fail('expected a double-quoted field name');
      const key = this.string();
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 58) this.fail("expected ':' after a field name");
      this.pos++;
      this.skipWs();
      if (depth === 1 && key === 'schema') {
        this.schemaStart = this.pos;
        out.set(key, this.value(depth));
        this.schemaEnd = this.pos;
      } else {
        out.set(key, this.value(depth));
      }
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 125) return out;
      if (c !== 44) { this.pos--; this.fail("expected ',' or '}' in an object"); }
      this.skipWs();
    }
  }

  array(depth: number): JsonNode[] {
    if (depth > MAX_DEPTH) this.fail(`nesting depth exceeds ${MAX_DEPTH}`);
    const out: JsonNode[] = [];
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 93) { this.pos++; return out; }
    for (;;) {
      out.push(this.value(depth));
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 93) return out;
      if (c !== 44) { this.pos--; this.fail("expected ',' or ']' in an array"); }
      this.skipWs();
    }
  }

  string(): string {
    const s = this.s;
    const start = ++this.pos;
    // Fast path: no escapes.
    for (let i = start; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) { this.pos = i + 1; return s.slice(start, i); }
      if (c === 92) break;
      if (c < 0x20) { this.pos = i; this.fail('unescaped control character in a string'); }
    }
    let out = '';
    let i = start;
    let chunk = start;
    for (;;) {
      if (i >= s.length) { this.pos = i; this.fail('unterminated string'); }
      const c = s.charCodeAt(i);
      if (c === 34) { this.pos = i + 1; return out + s.slice(chunk, i); }
      if (c < 0x20) { this.pos = i; this.fail('unescaped control character in a string'); }
      if (c !== 92) { i++; continue; }
      out += s.slice(chunk, i);
      const e = s[i + 1];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = s.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) { this.pos = i; this.fail('invalid \\u escape'); }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default: this.pos = i + 1; this.fail('unrecognized escape in a string');
      }
      i += 2;
      chunk = i;
    }
  }

  number(): JsonNode {
    const s = this.s;
    const start = this.pos;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    const intStart = i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === intStart) { this.pos = i; this.fail('expected a digit after a minus sign'); }
    let integral = true;
    if (s.charCodeAt(i) === 46) {
      integral = false;
      const fracStart = ++i;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      if (i === fracStart) { this.pos = i; this.fail('decimal point not followed by a digit'); }
    }
    const e = s.charCodeAt(i);
    if (e === 101 || e === 69) {
      integral = false;
      i++;
      if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
      const expStart = i;
      while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      if (i === expStart) { this.pos = i; this.fail('exponent indicator not followed by a digit'); }
    }
    if (i - start > MAX_NUMBER_LENGTH) { this.pos = start; this.fail(`number longer than ${MAX_NUMBER_LENGTH} characters`); }
    this.pos = i;
    const text = s.slice(start, i);
    if (!integral) return new JsonDecimal(text);
    if (i - start <= 10) {
      const n = Number(text);
      if (n >= INT32_MIN && n <= INT32_MAX) return n === 0 ? 0 : n; // "-0" is IntNode 0
    }
    return BigInt(text);
  }
}
