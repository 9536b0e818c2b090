import { DataException, Struct, type Schema } from '@tsconnect/sdk';

/**
 * Reads `a.b.c` from a Struct, a Map or a plain object (Confluent's DataUtils.getNestedFieldValue).
 * Returns the value and, for structs, the field's schema.
 */
export function nestedField(value: unknown, schema: Schema | null, path: string): { value: unknown; schema: Schema | null } {
  if (value === null || value === undefined) throw new DataException(`Cannot read field '${path}' of a null value`);
  let current: unknown = value;
  let currentSchema: Schema | null = schema;
  for (const name of path.split('.')) {
    if (current instanceof Struct) {
      const field = current.schema.fields?.find((f) => f.name === name);
      if (!field) throw new DataException(`Field '${path}' is not present in the schema.`);
      currentSchema = field.schema;
      current = current.get(name);
    } else if (current instanceof Map) {
      currentSchema = null;
      current = (current as Map<unknown, unknown>).get(name);
    } else if (current !== null && typeof current === 'object' && !(current instanceof Uint8Array) && !Array.isArray(current)) {
      currentSchema = null;
      current = (current as Record<string, unknown>)[name];
    } else {
      throw new DataException(`Cannot read field '${path}': '${name}' is not inside a struct or map`);
    }
    if (current === undefined) current = null;
  }
  return { value: current, schema: currentSchema };
}
