import { DataException } from '../errors/data-exception.js';
import type { Field, Schema } from './schema.js';
import type { SchemaType } from './schema-type.js';
import { validateValue } from './validate-value.js';

/**
 * Fluent builder for {@link Schema}, mirroring Kafka Connect's SchemaBuilder so its docs apply:
 * `SchemaBuilder.struct().name('x').field('id', Schemas.INT32).build()`.
 */
export class SchemaBuilder {
  private readonly fieldList: Field[] = [];
  private isOptional = false;
  private hasDefault = false;
  private defaultVal: unknown;
  private schemaName: string | undefined;
  private schemaVersion: number | undefined;
  private schemaDoc: string | undefined;
  private params: Record<string, string> | undefined;

  private constructor(
    readonly type: SchemaType,
    private readonly keySchema?: Schema,
    private readonly valueSchema?: Schema,
  ) {}

  static type(type: SchemaType): SchemaBuilder {
    if (type === 'array' || type === 'map') {
      throw new DataException(`Use SchemaBuilder.${type}() to build a schema of type ${type}`);
    }
    return new SchemaBuilder(type);
  }
  static int8(): SchemaBuilder { return new SchemaBuilder('int8'); }
  static int16(): SchemaBuilder { return new SchemaBuilder('int16'); }
  static int32(): SchemaBuilder { return new SchemaBuilder('int32'); }
  static int64(): SchemaBuilder { return new SchemaBuilder('int64'); }
  static float32(): SchemaBuilder { return new SchemaBuilder('float32'); }
  static float64(): SchemaBuilder { return new SchemaBuilder('float64'); }
  static bool(): SchemaBuilder { return new SchemaBuilder('boolean'); }
  static string(): SchemaBuilder { return new SchemaBuilder('string'); }
  static bytes(): SchemaBuilder { return new SchemaBuilder('bytes'); }
  static struct(): SchemaBuilder { return new SchemaBuilder('struct'); }
  static array(valueSchema: Schema): SchemaBuilder { return new SchemaBuilder('array', undefined, valueSchema); }
  static map(keySchema: Schema, valueSchema: Schema): SchemaBuilder {
    return new SchemaBuilder('map', keySchema, valueSchema);
  }

  optional(): this {
    this.isOptional = true;
    return this;
  }
  required(): this {
    this.isOptional = false;
    return this;
  }
  name(name: string): this {
    this.schemaName = name;
    return this;
  }
  version(version: number): this {
    this.schemaVersion = version;
    return this;
  }
  doc(doc: string): this {
    this.schemaDoc = doc;
    return this;
  }
  parameter(key: string, value: string): this {
    this.params = { ...this.params, [key]: value };
    return this;
  }
  parameters(params: Record<string, string>): this {
    this.params = { ...this.params, ...params };
    return this;
  }
  defaultValue(value: unknown): this {
    this.hasDefault = true;
    this.defaultVal = value;
    return this;
  }
  field(name: string, schema: Schema): this {
    if (this.type !== 'struct') throw new DataException(`Cannot add field "${name}" to a ${this.type} schema`);
    if (!name) throw new DataException('Field name must not be empty');
    if (this.fieldList.some((f) => f.name === name)) {
      throw new DataException(`Cannot create field because of field name duplication "${name}"`);
    }
    this.fieldList.push({ name, index: this.fieldList.length, schema });
    return this;
  }

  build(): Schema {
    const schema: Schema = {
      type: this.type,
      optional: this.isOptional,
      ...(this.schemaName !== undefined && { name: this.schemaName }),
      ...(this.schemaVersion !== undefined && { version: this.schemaVersion }),
      ...(this.schemaDoc !== undefined && { doc: this.schemaDoc }),
      ...(this.params !== undefined && { parameters: this.params }),
      ...(this.type === 'struct' && { fields: [...this.fieldList] }),
      ...(this.keySchema !== undefined && { keySchema: this.keySchema }),
      ...(this.valueSchema !== undefined && { valueSchema: this.valueSchema }),
    };
    if (!this.hasDefault) return schema;
    validateValue(schema, this.defaultVal, 'default value');
    return { ...schema, defaultValue: this.defaultVal };
  }
}
