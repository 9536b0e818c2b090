/**
 * Reads compat/corpus.json, the case list shared with compat/Compat.java (the real Kafka
 * JsonConverter). Builds schemas and values with the same encoding rules as Compat.java.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DecimalValue, SchemaBuilder, Struct, type Schema } from '@tsconnect/sdk';
import { JsonConverter } from './json-converter.js';

export const COMPAT_DIR = fileURLToPath(new URL('../compat/', import.meta.url));

export interface SchemaSpec {
  type: string; optional?: boolean; name?: string; version?: number; doc?: string;
  parameters?: Record<string, string>; default?: unknown;
  items?: SchemaSpec; keys?: SchemaSpec; values?: SchemaSpec; fields?: { name: string; schema: SchemaSpec }[];
}

export interface CorpusCase {
  id: string; schema: SchemaSpec | null; value: unknown; config?: Record<string, string>; isKey?: boolean; read?: string;
  /** Where we knowingly differ from Java: our expected readAs, and why. */
  tsReadAs?: string; tsDeviation?: string;
}

export interface JavaResult {
  id: string; bytes?: string | null; error?: string; reread?: string | null; rereadError?: string; readAs?: string | null; readError?: string;
}

export function loadCorpus(): CorpusCase[] {
  return (JSON.parse(readFileSync(`${COMPAT_DIR}corpus.json`, 'utf8')) as { cases: CorpusCase[] }).cases;
}

export function converterFor(c: CorpusCase): JsonConverter {
  const conv = new JsonConverter();
  conv.configure(c.config ?? {}, c.isKey ?? false);
  return conv;
}

export function buildSchema(s: SchemaSpec): Schema {
  let b: SchemaBuilder;
  switch (s.type) {
    case 'array': b = SchemaBuilder.array(buildSchema(s.items!)); break;
    case 'map': b = SchemaBuilder.map(buildSchema(s.keys!), buildSchema(s.values!)); break;
    case 'struct':
      b = SchemaBuilder.struct();
      for (const f of s.fields!) b.field(f.name, buildSchema(f.schema));
      break;
    default: b = SchemaBuilder.type(s.type as Schema['type']);
  }
  if (s.optional) b.optional();
  if (s.name !== undefined) b.name(s.name);
  if (s.version !== undefined) b.version(s.version);
  if (s.doc !== undefined) b.doc(s.doc);
  if (s.parameters) for (const [k, v] of Object.entries(s.parameters)) b.parameter(k, v);
  if (s.default !== undefined) b.defaultValue(buildValue(b.build(), s.default));
  return b.build();
}

const DATE_TYPES = new Set(['org.apache.kafka.connect.data.Date', 'org.apache.kafka.connect.data.Time', 'org.apache.kafka.connect.data.Timestamp']);

export function buildValue(schema: Schema, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (schema.name === 'org.apache.kafka.connect.data.Decimal') return DecimalValue.parse(v as string);
  if (schema.name && DATE_TYPES.has(schema.name)) return new Date(v as number);
  switch (schema.type) {
    case 'int64': return BigInt(v as string);
    case 'float32':
    case 'float64': return typeof v === 'string' ? Number(v) : v;
    case 'bytes': return new Uint8Array(Buffer.from(v as string, 'base64'));
    case 'array': return (v as unknown[]).map((e) => buildValue(schema.valueSchema!, e));
    case 'map': return new Map((v as [unknown, unknown][]).map(([k, x]) => [buildValue(schema.keySchema!, k), buildValue(schema.valueSchema!, x)]));
    case 'struct': {
      const s = new Struct(schema);
      for (const f of schema.fields ?? []) if (f.name in (v as object)) s.put(f.name, buildValue(f.schema, (v as Record<string, unknown>)[f.name]));
      return s;
    }
    default: return v;
  }
}

/** Schemaless corpus values: plain JSON, objects as Map (Java hands the converter a Map). */
export function plainValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plainValue);
  if (v !== null && typeof v === 'object') return new Map(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
  return v;
}

/** What our converter produces for a case, in the shape Compat.java reports. */
export function runTs(c: CorpusCase): { bytes?: string | null; error?: string } {
  const conv = converterFor(c);
  try {
    const schema = c.schema ? buildSchema(c.schema) : null;
    const value = schema ? buildValue(schema, c.value) : plainValue(c.value);
    const bytes = conv.fromConnectData('t', schema, value);
    return { bytes: bytes === null ? null : Buffer.from(bytes).toString('base64') };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Our reading of raw JSON text, shown as Compat.java shows Java's (schemas on, NUMERIC decimals). */
export function readTs(c: CorpusCase): { readAs?: string | null; readError?: string } {
  try {
    const sv = converterFor(c).toConnectData('t', Buffer.from(c.read!, 'utf8'));
    const shown = new JsonConverter();
    shown.configure({ 'schemas.enable': 'true', 'decimal.format': 'NUMERIC' }, false);
    const out = shown.fromConnectData('t', sv.schema, sv.value);
    return { readAs: out === null ? null : Buffer.from(out).toString('utf8') };
  } catch (e) {
    return { readError: (e as Error).message };
  }
}

/** fromConnectData(toConnectData(bytes)) with our converter, as Compat.java's "reread". */
export function rereadTs(c: CorpusCase, b64: string): { reread?: string | null; rereadError?: string } {
  const conv = converterFor(c);
  try {
    const sv = conv.toConnectData('t', Buffer.from(b64, 'base64'));
    const again = conv.fromConnectData('t', sv.schema, sv.value);
    return { reread: again === null ? null : Buffer.from(again).toString('base64') };
  } catch (e) {
    return { rereadError: (e as Error).message };
  }
}
