import { DataException } from '../errors/data-exception.js';
import type { Field, Schema } from './schema.js';
import { validateValue } from './validate-value.js';

/** A value of a struct schema: field values stored by name, checked against the schema on `put`. */
export class Struct {
  private readonly values: unknown[];

  constructor(readonly schema: Schema) {
    if (schema.type !== 'struct') throw new DataException(`Struct needs a struct schema, got ${schema.type}`);
    this.values = new Array<unknown>(schema.fields?.length ?? 0);
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
    const f = this.schema.fields?.find((x) => x.name === name);
    if (!f) throw new DataException(`"${name}" is not a valid field name of ${this.schema.name ?? 'struct'}`);
    return f;
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Struct) return a.equals(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  return (a ?? null) === (b ?? null);
}
