import avro from 'avsc';
import { DataException } from '@tsconnect/sdk';

/** avsc's long as bigint, so 64-bit values survive (the default long type stops at 2^53). */
const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint | number) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (x: unknown) => BigInt(x as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** Binary Avro for one schema text; avsc types are cached per text (parsing is the slow part). */
export class AvroCodecs {
  private readonly types = new Map<string, avro.Type>();

  type(schemaText: string): avro.Type {
    let type = this.types.get(schemaText);
    if (!type) {
      try {
        // Wrapped unions: a union value names its branch, as Java's GenericData resolves it.
        type = avro.Type.forSchema(barePrimitives(JSON.parse(schemaText)) as avro.Schema, { registry: { long: BIGINT_LONG }, wrapUnions: true });
      } catch (e) {
        throw new DataException(`Invalid Avro schema: ${(e as Error).message}`, { cause: e });
      }
      this.types.set(schemaText, type);
    }
    return type;
  }

  encode(schemaText: string, value: unknown): Buffer {
    return this.type(schemaText).toBuffer(value);
  }

  decode(schemaText: string, body: Uint8Array): unknown {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.length);
    return this.type(schemaText).fromBuffer(buf);
  }
}

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/**
 * `{"type":"long",…}` → `"long"` everywhere: properties (logicalType, connect.*) do not change the
 * binary form, and avsc takes the bigint long from the registry only for a bare type name.
 */
function barePrimitives(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(barePrimitives);
  if (json === null || typeof json !== 'object') return json;
  const obj = json as Record<string, unknown>;
  if (typeof obj['type'] === 'string' && PRIMITIVES.has(obj['type'])) return obj['type'];
  const out: Record<string, unknown> = { ...obj };
  if ('type' in obj && typeof obj['type'] !== 'string') out['type'] = barePrimitives(obj['type']);
  if ('items' in obj) out['items'] = barePrimitives(obj['items']);
  if ('values' in obj) out['values'] = barePrimitives(obj['values']);
  if (Array.isArray(obj['fields'])) out['fields'] = (obj['fields'] as Record<string, unknown>[]).map((f) => ({ ...f, type: barePrimitives(f['type']) }));
  return out;
}
