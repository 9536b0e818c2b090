import type { Schema } from '@tsconnect/sdk';
import { quote } from './jackson-text.js';
import { LOGICAL } from './logical.js';
import { packWords } from './byte-sink.js';

/** How JsonWriter writes a value of a schema (see WritePlan.kind). */
export const KIND = {
  OTHER: 0, INT32: 1, INT64: 2, FLOAT64: 3, BOOLEAN: 4, STRING: 5, STRUCT: 6, LOGICAL: 7,
} as const;

/**
 * What JsonWriter needs of one schema, in one object shape. Schemas come in many shapes (built by
 * spreading optional properties), so reading them in the per-field loop is a megamorphic property
 * load each time; a plan is read monomorphically. Built once per schema object (schemas are immutable).
 */
export interface WritePlan {
  readonly schema: Schema;
  readonly kind: number;
  /** Whether a null is written as `null` whatever the config: optional, without default. */
  readonly nullIsNull: boolean;
  /**
   * Struct only: per field, its plan, its `"name":` prefix (UTF-8, with the comma before it; packed
   * for ByteSink.words, with its length in bytes) and its name.
   */
  readonly fields: WritePlan[];
  readonly prefixes: Uint32Array[];
  readonly prefixLengths: number[];
  readonly names: string[];
}

const plans = new WeakMap<Schema, WritePlan>();
const utf8 = new TextEncoder();

export function writePlan(schema: Schema): WritePlan {
  let plan = plans.get(schema);
  if (plan === undefined) {
    const fields = schema.type === 'struct' ? schema.fields ?? [] : [];
    // The separating comma goes with every field but the first.
    const prefixes = fields.map((f, i) => utf8.encode(`${i > 0 ? ',' : ''}${quote(f.name)}:`));
    plan = {
      schema,
      kind: kindOf(schema),
      nullIsNull: schema.optional && (schema.defaultValue === undefined || schema.defaultValue === null),
      fields: fields.map((f) => writePlan(f.schema)),
      prefixes: prefixes.map(packWords),
      prefixLengths: prefixes.map((bytes) => bytes.length),
      names: fields.map((f) => f.name),
    };
    plans.set(schema, plan);
  }
  return plan;
}

function kindOf(schema: Schema): number {
  switch (schema.name) {
    case LOGICAL.DECIMAL:
    case LOGICAL.DATE:
    case LOGICAL.TIME:
    case LOGICAL.TIMESTAMP:
      return KIND.LOGICAL;
  }
  switch (schema.type) {
    case 'int32': return KIND.INT32;
    case 'int64': return KIND.INT64;
    case 'float64': return KIND.FLOAT64;
    case 'boolean': return KIND.BOOLEAN;
    case 'string': return KIND.STRING;
    case 'struct': return KIND.STRUCT;
    default: return KIND.OTHER;
  }
}
