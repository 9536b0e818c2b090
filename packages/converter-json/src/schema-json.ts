import { DataException, type Schema } from '@tsconnect/sdk';
import { quote } from './jackson-text.js';

/** Jackson's JSON type names for Connect types (float32 is "float", float64 "double"). */
const TYPE_NAME: Record<Schema['type'], string> = {
  int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int64', float32: 'float', float64: 'double',
  boolean: 'boolean', string: 'string', bytes: 'bytes', array: 'array', map: 'map', struct: 'struct',
};
const utf8 = new TextEncoder();

/** The JSON text of a schema's default value (written by JsonConverter.convertToJson). */
export type DefaultValueText = (schema: Schema, value: unknown) => string;

/**
 * JsonConverter.asJsonSchema: a schema's JSON text, cached per schema object (schemas are
 * immutable), as text and as UTF-8. Keys in Java's order: type, items | keys,values | fields,
 * optional, name, version, doc, parameters, default.
 */
export class SchemaJson {
  private readonly textCache = new WeakMap<Schema, string>();
  private readonly bytesCache = new WeakMap<Schema, Uint8Array>();

  constructor(private readonly defaultText: DefaultValueText) {}

  text(schema: Schema): string {
    const cached = this.textCache.get(schema);
    if (cached !== undefined) return cached;
    let out = `{"type":"${TYPE_NAME[schema.type]}"`;
    switch (schema.type) {
      case 'array':
        out += `,"items":${this.text(required(schema.valueSchema, 'array value'))}`;
        break;
      case 'map':
        out += `,"keys":${this.text(required(schema.keySchema, 'map key'))}` +
          `,"values":${this.text(required(schema.valueSchema, 'map value'))}`;
        break;
      case 'struct':
        out += ',"fields":[' + (schema.fields ?? []).map((f) =>
          // Java deep-copies the field's schema and appends "field" last.
          `${this.text(f.schema).slice(0, -1)},"field":${quote(f.name)}}`).join(',') + ']';
        break;
    }
    out += schema.optional ? ',"optional":true' : ',"optional":false';
    if (schema.name !== undefined) out += `,"name":${quote(schema.name)}`;
    if (schema.version !== undefined) out += `,"version":${schema.version}`;
    if (schema.doc !== undefined) out += `,"doc":${quote(schema.doc)}`;
    if (schema.parameters !== undefined) {
      out += ',"parameters":{' + Object.entries(schema.parameters).map(([k, v]) => `${quote(k)}:${quote(v)}`).join(',') + '}';
    }
    if (schema.defaultValue !== undefined && schema.defaultValue !== null) {
      out += `,"default":${this.defaultText(schema, schema.defaultValue)}`;
    }
    out += '}';
    this.textCache.set(schema, out);
    return out;
  }

  /**
   * The bytes of the schemas.enable envelope up to its payload, `{"schema":<text()>,"payload":`:
   * constant per schema, so a record with a schema starts with one copy of cached bytes.
   */
  envelopeStart(schema: Schema): Uint8Array {
    let bytes = this.bytesCache.get(schema);
    if (bytes === undefined) {
      bytes = utf8.encode(`{"schema":${this.text(schema)},"payload":`);
      this.bytesCache.set(schema, bytes);
    }
    return bytes;
  }
}

function required(schema: Schema | undefined, what: string): Schema {
  if (!schema) throw new DataException(`Schema has no ${what} schema`);
  return schema;
}
