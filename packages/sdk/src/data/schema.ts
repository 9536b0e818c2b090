import type { SchemaType } from './schema-type.js';

/** A named member of a struct schema; `index` is its position, which fixes serialisation order. */
export interface Field {
  readonly name: string;
  readonly index: number;
  readonly schema: Schema;
}

/**
 * A Connect schema. Immutable: build one with {@link SchemaBuilder}. Logical types (Decimal, Date,
 * Debezium's semantic types …) are ordinary schemas distinguished by `name` and `parameters`.
 */
export interface Schema {
  readonly type: SchemaType;
  readonly optional: boolean;
  readonly defaultValue?: unknown;
  readonly name?: string;
  readonly version?: number;
  readonly doc?: string;
  readonly parameters?: Readonly<Record<string, string>>;
  /** Struct only, in declaration order. */
  readonly fields?: readonly Field[];
  /** Map only. */
  readonly keySchema?: Schema;
  /** Array element or map value. */
  readonly valueSchema?: Schema;
}

export function field(schema: Schema, name: string): Field | undefined {
  return schema.fields?.find((f) => f.name === name);
}

/** Structural equality, as Java's ConnectSchema.equals (used to reuse cached converted schemas). */
export function schemaEquals(a: Schema | null | undefined, b: Schema | null | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    a.type === b.type &&
    a.optional === b.optional &&
    a.name === b.name &&
    a.version === b.version &&
    a.doc === b.doc &&
    valuesEqual(a.defaultValue, b.defaultValue) &&
    recordsEqual(a.parameters, b.parameters) &&
    schemaEquals(a.keySchema, b.keySchema) &&
    schemaEquals(a.valueSchema, b.valueSchema) &&
    (a.fields?.length ?? -1) === (b.fields?.length ?? -1) &&
    (a.fields ?? []).every((f, i) => {
      const other = b.fields?.[i];
      return other !== undefined && other.name === f.name && schemaEquals(f.schema, other.schema);
    })
  );
}

function recordsEqual(a?: Readonly<Record<string, string>>, b?: Readonly<Record<string, string>>): boolean {
  const ak = Object.keys(a ?? {});
  const bk = Object.keys(b ?? {});
  return ak.length === bk.length && ak.every((k) => a?.[k] === b?.[k]);
}

function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return JSON.stringify(a, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ===
    JSON.stringify(b, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
