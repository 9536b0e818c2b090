import { ConfigException, field, type Field, type Schema, type Struct } from '@tsconnect/sdk';
import { copySchemaBasics } from '../util/schema-util.js';

/**
 * One entry of ExtractNewRecordState's `add.fields` / `add.headers`: `field`, `struct.field`, optionally
 * `:newName`. A bare field name is looked up in the struct Debezium keeps it in (source by default).
 */
export class FieldReference {
  readonly struct: string | null;
  readonly field: string;
  readonly newField: string;

  constructor(prefix: string, spec: string, configKey: string) {
    const parts = spec.split(':');
    const splits = parts[0]!.split('.');
    this.field = splits.length === 1 ? splits[0]! : splits[1]!;
    this.struct = splits.length === 1 ? determineStruct(this.field) : splits[0]!;
    if (parts.length === 1) {
      this.newField = prefix + (splits.length === 1 ? this.field : `${this.struct}_${this.field}`);
    } else if (parts.length === 2) {
      this.newField = prefix + parts[1]!;
    } else {
      throw new ConfigException(configKey, spec, `Unexpected field name: ${spec}`);
    }
  }

  static fromConfiguration(prefix: string, specs: readonly string[], configKey: string): FieldReference[] {
    return specs.map((s) => s.trim()).filter((s) => s !== '').map((s) => new FieldReference(prefix, s, configKey));
  }

  /** The added field's schema: the source field's, made optional; null when the envelope lacks it. */
  schemaIn(envelopeSchema: Schema): Schema | null {
    const f = this.fieldIn(envelopeSchema);
    return f ? copySchemaBasics(f.schema).optional().build() : null;
  }

  private fieldIn(envelopeSchema: Schema): Field | null {
    const parent = this.struct !== null ? field(envelopeSchema, this.struct)?.schema : envelopeSchema;
    return (parent ? field(parent, this.field) : undefined) ?? field(envelopeSchema, this.field) ?? null;
  }

  valueIn(envelope: Struct): unknown {
    const parent = this.struct !== null ? (envelope.getWithoutDefault(this.struct) as Struct | null) : envelope;
    if (parent === null) return null;
    return field(parent.schema, this.field) ? parent.getWithoutDefault(this.field) : envelope.getWithoutDefault(this.field);
  }
}

function determineStruct(name: string): string | null {
  switch (name) {
    case 'id':
    case 'data_collection_order':
    case 'total_order':
      return 'transaction';
    case 'op':
    case 'ts_ms':
    case 'ts_us':
    case 'ts_ns':
      return null;
    case 'updateDescription':
      return 'updateDescription';
    default:
      return 'source';
  }
}
