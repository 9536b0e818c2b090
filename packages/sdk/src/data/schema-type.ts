/** The Connect data model's primitive and composite types, spelled as Kafka Connect serialises them. */
export const SCHEMA_TYPES = [
  'int8',
  'int16',
  'int32',
  'int64',
  'float32',
  'float64',
  'boolean',
  'string',
  'bytes',
  'array',
  'map',
  'struct',
] as const;

export type SchemaType = (typeof SCHEMA_TYPES)[number];

export function isSchemaType(value: unknown): value is SchemaType {
  return typeof value === 'string' && (SCHEMA_TYPES as readonly string[]).includes(value);
}

export function isPrimitiveType(type: SchemaType): boolean {
  return type !== 'array' && type !== 'map' && type !== 'struct';
}
