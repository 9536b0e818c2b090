import { DataException } from '../../errors/data-exception.js';
import type { SchemaAndValue } from '../../storage/converter.js';
import { DecimalValue } from '../decimal-value.js';
import { ConnectDate, ConnectTime, ConnectTimestamp, Decimal } from '../logical-types.js';
import type { Schema } from '../schema.js';
import { Schemas } from '../schemas.js';
import { alignValue, SchemaMerger } from './values-schema-merge.js';
import { isBlank, javaTrim, ValuesTokenizer } from './values-tokenizer.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const NULL: SchemaAndValue = Object.freeze({ schema: null, value: null });
const TRUE: SchemaAndValue = Object.freeze({ schema: Schemas.BOOLEAN, value: true });
const FALSE: SchemaAndValue = Object.freeze({ schema: Schemas.BOOLEAN, value: false });
/** SchemaBuilder.arrayOfNull() / mapOfNull(): no element (value) schema, as Java leaves it null. */
const ARRAY_OF_NULL: Schema = Object.freeze({ type: 'array', optional: false });
const MAP_OF_NULL: Schema = Object.freeze({ type: 'map', optional: false });

/**
 * Kafka's Values.parseString: infers a Connect schema and value from text as SimpleHeaderConverter
 * reads headers. null, booleans, numbers (narrowest of int8/16/32/64, then float32, float64,
 * Decimal), ISO dates/times/timestamps (UTC), lists `[1,2]` and maps `{"a":1}` (elements widened to
 * a common schema when they have one), else the text itself as a string. As in Java, a top-level
 * value ends at its first token (`12:30` is int8 12, `[1]x` the list [1]), and a list or map that does
 * not parse (unterminated, `[1,null]`, an unquoted string inside) falls back to the whole text.
 */
function parseString(text: string): SchemaAndValue {
  if (text === '') return { schema: Schemas.STRING, value: '' };
  return new ValueParser(new ValuesTokenizer(text)).parse(false) ?? NULL;
}

/** Kafka's `org.apache.kafka.connect.data.Values`, as far as plugins need it (headers, InsertHeader). */
export const Values = { parseString } as const;

/** Values.ValueParser; `null` stands for Java's null SchemaAndValue (a null literal, or nothing left). */
class ValueParser {
  constructor(private readonly tokens: ValuesTokenizer) {}

  parse(embedded: boolean): SchemaAndValue | null {
    const t = this.tokens;
    if (!t.hasNext()) return null;
    if (embedded && t.canConsume('"')) return this.quotedString();
    if (this.literal(embedded, 'null')) return null;
    if (this.literal(embedded, 'true')) return TRUE;
    if (this.literal(embedded, 'false')) return FALSE;
    const start = t.mark();
    try {
      if (t.canConsume('[')) return this.array();
      if (t.canConsume('{')) return this.map();
    } catch (e) {
      if (!(e instanceof DataException)) throw e;
      t.rewindTo(start); // not a list or map after all: read it as a token below
    }
    const token = t.next();
    if (isBlank(token)) return { schema: Schemas.STRING, value: token };
    return this.scalar(embedded, javaTrim(token));
  }

  /** A literal token; at the top level only when nothing follows it (`true}` is a string). */
  private literal(embedded: boolean, literal: string): boolean {
    const t = this.tokens;
    const start = t.mark();
    if (t.canConsume(literal) && (embedded || !t.hasNext())) return true;
    t.rewindTo(start);
    return false;
  }

  private scalar(embedded: boolean, token: string): SchemaAndValue {
    const first = token.charCodeAt(0);
    const digit = first >= 48 && first <= 57;
    if (digit) {
      const temporal = this.temporalTokens(token);
      if (temporal !== null) return temporal;
    }
    if ((digit || first === 43 || first === 45) && NUMBER.test(token)) return parseNumber(token);
    if (embedded) throw new DataException('Failed to parse embedded value');
    return { schema: Schemas.STRING, value: this.tokens.original };
  }

  /** A time or timestamp is split into 5 tokens by its unescaped colons: try them together first. */
  private temporalTokens(token: string): SchemaAndValue | null {
    const t = this.tokens;
    const position = t.mark();
    const rest = t.nextTokens(4);
    if (rest !== null) {
      const temporal = parseTemporal(token + rest);
      if (temporal !== null) return temporal;
    }
    t.rewindTo(position);
    return parseTemporal(token);
  }

  /** The text up to the closing quote, as is (backslashes kept); a date/time/timestamp when it is one. */
  private quotedString(): SchemaAndValue {
    const t = this.tokens;
    let content = '';
    while (t.hasNext()) {
      if (t.canConsume('"')) break;
      content += t.next();
    }
    return parseTemporal(content) ?? { schema: Schemas.STRING, value: content };
  }

  private array(): SchemaAndValue {
    const t = this.tokens;
    const values: unknown[] = [];
    const elements = new SchemaMerger();
    while (t.hasNext()) {
      if (t.canConsume(']')) {
        const common = elements.schema;
        if (common === null) return { schema: ARRAY_OF_NULL, value: values };
        return { schema: { type: 'array', optional: false, valueSchema: common }, value: values.map((v) => alignValue(common, v)) };
      }
      if (t.canConsume(',')) throw new DataException(`Unable to parse an empty array element: ${t.original}`);
      const element = this.parse(true);
      elements.merge(element);
      values.push(element === null ? null : element.value);
      const position = t.mark();
      if (t.canConsume(']')) t.rewindTo(position);
      else if (!t.canConsume(',')) throw new DataException("Array elements missing ',' delimiter");
    }
    if (t.previous() === ',') throw new DataException(`Array is missing element after ',': ${t.original}`);
    throw new DataException(`Array is missing terminating ']': ${t.original}`);
  }

  private map(): SchemaAndValue {
    const t = this.tokens;
    const entries = new Map<unknown, unknown>();
    const keys = new SchemaMerger();
    const values = new SchemaMerger();
    while (t.hasNext()) {
      if (t.canConsume('}')) {
        const keySchema = keys.schema;
        const valueSchema = values.schema;
        if (keySchema === null) return { schema: MAP_OF_NULL, value: entries };
        const aligned = new Map<unknown, unknown>();
        for (const [k, v] of entries) aligned.set(alignValue(keySchema, k), valueSchema === null ? v : alignValue(valueSchema, v));
        const schema: Schema = valueSchema === null
          ? { type: 'map', optional: false, keySchema }
          : { type: 'map', optional: false, keySchema, valueSchema };
        return { schema, value: aligned };
      }
      if (t.canConsume(',')) throw new DataException(`Unable to parse a map entry with no key or value: ${t.original}`);
      const key = this.parse(true);
      if (key === null || key.value === null) throw new DataException(`Map entry may not have a null key: ${t.original}`);
      if (!t.canConsume(':')) throw new DataException(`Map entry is missing ':' at ${t.position()} in ${t.original}`);
      const value = this.parse(true);
      entries.set(key.value, value === null ? null : value.value);
      t.canConsume(','); // the comma between entries is optional, as in Java
      keys.merge(key);
      values.merge(value);
    }
    if (t.previous() === ',') throw new DataException(`Map is missing element after ',': ${t.original}`);
    throw new DataException(`Map is missing terminating '}': ${t.original}`);
  }
}

/** Values.parseAsTemporal: ISO time (HH:mm:ss.SSSZ), timestamp or date, in UTC; colons may be escaped. */
function parseTemporal(text: string): SchemaAndValue | null {
  const token = text.replaceAll('\\:', ':');
  if (token.length === 13 && /^\d\d:\d\d:\d\d\.\d{3}Z$/.test(token)) {
    return { schema: ConnectTime.builder().build(), value: new Date(`1970-01-01T${token}`) };
  }
  if (token.length === 24 && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(token)) {
    return { schema: ConnectTimestamp.builder().build(), value: new Date(token) };
  }
  if (token.length === 10 && /^\d{4}-\d\d-\d\d$/.test(token)) {
    return { schema: ConnectDate.builder().build(), value: new Date(`${token}T00:00:00.000Z`) };
  }
  return null;
}

/** Values.parseAsNumber: narrowest exact integer type, else float32, float64, then Decimal. */
function parseNumber(token: string): SchemaAndValue {
  const decimal = DecimalValue.parse(token.startsWith('+') ? token.slice(1) : token);
  const { unscaled, scale } = decimal;
  const abs = unscaled < 0n ? -unscaled : unscaled;
  const digits = abs === 0n ? 0 : abs.toString().length;
  // Exact integers that fit a long (at most 19 digits); the digit counts keep 1e999999999 from building a huge bigint.
  const whole = abs === 0n || (scale <= 0 ? digits - scale <= 19 : scale < digits && abs % 10n ** BigInt(scale) === 0n);
  if (whole) {
    const integer = scale <= 0 ? unscaled * 10n ** BigInt(-scale) : unscaled / 10n ** BigInt(scale);
    if (integer >= LONG_MIN && integer <= LONG_MAX) {
      if (integer >= -128n && integer <= 127n) return { schema: Schemas.INT8, value: Number(integer) };
      if (integer >= -32768n && integer <= 32767n) return { schema: Schemas.INT16, value: Number(integer) };
      if (integer >= -2147483648n && integer <= 2147483647n) return { schema: Schemas.INT32, value: Number(integer) };
      return { schema: Schemas.INT64, value: integer };
    }
  }
  const d = Number(token);
  if (scale !== 0 && Number.isFinite(Math.fround(d))) return { schema: Schemas.FLOAT32, value: Math.fround(d) };
  if (scale !== 0 && Number.isFinite(d)) return { schema: Schemas.FLOAT64, value: d };
  return { schema: Decimal.builder(scale).build(), value: decimal };
}
