import { DataException } from '../errors/data-exception.js';
import type { Field, Schema } from './schema.js';
import { validateValue } from './validate-value.js';

/** Field lookup by name, built once per schema: `put`/`get` stay O(1) on wide tables. */
const fieldIndexes = new WeakMap<Schema, ReadonlyMap<string, Field>>();

function fieldIndex(schema: Schema): ReadonlyMap<string, Field> {
  let index = fieldIndexes.get(schema);
  if (!index) {
    index = new Map((schema.fields ?? []).map((f) => [f.name, f]));
    fieldIndexes.set(schema, index);
  }
  return index;
}

/** A value of a struct schema: field values stored by name, checked against the schema on `put`. */
export class Struct {
  private readonly values: unknown[];

  /** An empty struct of `schema`. (`adopted` is `fromTrustedValues`'s: use that instead.) */
  constructor(readonly schema: Schema, adopted?: unknown[]) {
    if (schema.type !== 'struct') throw new DataException(`Struct needs a struct schema, got ${schema.type}`);
    this.values = adopted ?? new Array<unknown>(schema.fields?.length ?? 0);
  }

  /**
   * A struct holding `values` (one per field, in the schema's field order; the array is adopted,
   * not copied) WITHOUT checking them. Only for deserialisers that have already produced a valid
   * value for each field's schema (as `put` would accept): it skips `put`'s per-field lookup and
   * validation, which dominate decoding wide records. Everyone else uses `put`.
   */
  static fromTrustedValues(schema: Schema, values: unknown[]): Struct {
    const fields = schema.fields?.length ?? 0;
    if (values.length !== fields) throw new DataException(`Struct ${schema.name ?? ''} has ${fields} fields, got ${values.length} values`);
    return new Struct(schema, values);
  }

  /** The value of a field, or its schema default when unset (as Java's Struct.get). */
  get(name: string): unknown {
    const f = this.lookup(name);
    const value = this.values[f.index];
    return value === undefined || value === null ? (f.schema.defaultValue ?? null) : value;
  }

  /** The value exactly as set, without falling back to the default. */
  getWithoutDefault(name: string): unknown {
    return this.values[this.lookup(name).index] ?? null;
  }

  put(name: string, value: unknown): this {
    const f = this.lookup(name);
    validateValue(f.schema, value, `field "${name}"`);
    this.values[f.index] = value;
    return this;
  }

  /**
   * Field values exactly as set (undefined when unset), in the schema's field order. For
   * serialisers that walk every field: cheaper than a by-name lookup per field. Do not mutate.
   */
  valuesInFieldOrder(): readonly unknown[] {
    return this.values;
  }

  /** Throws a DataException naming the first required field that has no value. */
  validate(): void {
    validateValue(this.schema, this, 'struct');
  }

  equals(other: unknown): boolean {
    return other instanceof Struct && other.schema === this.schema &&
      this.values.every((v, i) => sameValue(v, other.values[i]));
  }

  toString(): string {
    const parts = (this.schema.fields ?? []).map((f) => `${f.name}=${String(this.values[f.index] ?? null)}`);
    return `Struct{${parts.join(',')}}`;
  }

  private lookup(name: string): Field {
    const f = fieldIndex(this.schema).get(name);
    if (!f) throw new DataException(`"${name}" is not a valid field name of ${this.schema.name ?? 'struct'}`);
    return f;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Struct) return a.equals(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return (a ?? null) === (b ?? null);
}
