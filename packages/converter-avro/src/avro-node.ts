import { DataException } from '@tsconnect/sdk';

/** A JSON value as found in Avro schema properties and defaults; `bigint` keeps 64-bit longs exact. */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };
export type Props = Record<string, JsonValue>;

export type AvroPrimitive = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export const AVRO_PRIMITIVES: readonly AvroPrimitive[] = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];

export interface AvroField {
  readonly name: string;
  readonly type: AvroNode;
  readonly doc?: string;
  /** Present when the field declares a default (JSON form; `null` is a real null default). */
  readonly default?: JsonValue;
  readonly hasDefault: boolean;
  readonly props: Props;
}

/** An Avro schema with named references resolved: one object per named type, shared where reused. */
export type AvroNode =
  | { readonly type: AvroPrimitive; readonly props: Props }
  | { readonly type: 'record'; readonly name: string; readonly namespace?: string; readonly doc?: string; fields: AvroField[]; readonly props: Props }
  | { readonly type: 'enum'; readonly name: string; readonly namespace?: string; readonly doc?: string; readonly symbols: readonly string[]; readonly default?: string; readonly props: Props }
  | { readonly type: 'fixed'; readonly name: string; readonly namespace?: string; readonly size: number; readonly props: Props }
  | { readonly type: 'array'; readonly items: AvroNode; readonly props: Props }
  | { readonly type: 'map'; readonly values: AvroNode; readonly props: Props }
  | { readonly type: 'union'; readonly types: readonly AvroNode[] };

export type NamedNode = Extract<AvroNode, { name: string }>;

export function isNamed(node: AvroNode): node is NamedNode {
  return node.type === 'record' || node.type === 'enum' || node.type === 'fixed';
}

export function fullName(node: NamedNode): string {
  return node.namespace ? `${node.namespace}.${node.name}` : node.name;
}

/** The name avsc (wrapped unions) and Avro's resolution use for a union branch. */
export function branchName(node: AvroNode): string {
  return isNamed(node) ? fullName(node) : node.type;
}

/** Splits "a.b.C" into ["a.b", "C"]; no dot means no namespace (Java AvroData.splitName). */
export function splitName(name: string): [string | undefined, string] {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? [undefined, name] : [name.slice(0, dot), name.slice(dot + 1)];
}

const RESERVED: Record<string, readonly string[]> = {
  record: ['type', 'name', 'namespace', 'doc', 'fields', 'aliases'],
  error: ['type', 'name', 'namespace', 'doc', 'fields', 'aliases'],
  enum: ['type', 'name', 'namespace', 'doc', 'symbols', 'aliases', 'default'],
  fixed: ['type', 'name', 'namespace', 'doc', 'size', 'aliases'],
  array: ['type', 'items'],
  map: ['type', 'values'],
};
const FIELD_RESERVED = ['name', 'type', 'doc', 'default', 'order', 'aliases'];

function propsOf(obj: Record<string, JsonValue>, reserved: readonly string[]): Props {
  const props: Props = {};
  for (const [k, v] of Object.entries(obj)) if (!reserved.includes(k)) props[k] = v;
  return props;
}

/** Parses Avro schema JSON (text or parsed) into an {@link AvroNode} tree. */
export function parseAvroSchema(schema: string | JsonValue): AvroNode {
  let json: JsonValue;
  try {
    json = typeof schema === 'string' && !AVRO_PRIMITIVES.includes(schema as AvroPrimitive) ? (JSON.parse(schema) as JsonValue) : schema;
  } catch (e) {
    throw new DataException(`Invalid Avro schema JSON: ${(e as Error).message}`);
  }
  return parseNode(json, undefined, new Map());
}

function parseNode(json: JsonValue, namespace: string | undefined, names: Map<string, NamedNode>): AvroNode {
  if (typeof json === 'string') {
    if (AVRO_PRIMITIVES.includes(json as AvroPrimitive)) return { type: json as AvroPrimitive, props: {} };
    const named = names.get(json) ?? (namespace ? names.get(`${namespace}.${json}`) : undefined);
    if (!named) throw new DataException(`Undefined Avro name "${json}"`);
    return named;
  }
  if (Array.isArray(json)) return { type: 'union', types: json.map((t) => parseNode(t, namespace, names)) };
  if (json === null || typeof json !== 'object') throw new DataException(`Not an Avro schema: ${String(json)}`);
  const type = json['type'];
  if (typeof type !== 'string') return parseNode(type ?? null, namespace, names);
  if (AVRO_PRIMITIVES.includes(type as AvroPrimitive)) return { type: type as AvroPrimitive, props: propsOf(json, ['type']) };
  switch (type) {
    case 'array':
      return { type, items: parseNode(json['items'] ?? null, namespace, names), props: propsOf(json, RESERVED['array']!) };
    case 'map':
      return { type, values: parseNode(json['values'] ?? null, namespace, names), props: propsOf(json, RESERVED['map']!) };
    case 'record':
    case 'error':
    case 'enum':
    case 'fixed': {
      const rawName = String(json['name'] ?? '');
      if (!rawName) throw new DataException(`Avro ${type} schema without a name`);
      const [nsFromName, name] = splitName(rawName);
      const ns = nsFromName ?? (typeof json['namespace'] === 'string' ? json['namespace'] || undefined : namespace);
      const doc = typeof json['doc'] === 'string' ? json['doc'] : undefined;
      const base = { name, ...(ns !== undefined && { namespace: ns }), ...(doc !== undefined && { doc }) };
      if (type === 'enum') {
        const node: NamedNode = { type, ...base, symbols: (json['symbols'] as string[]) ?? [],
          ...(typeof json['default'] === 'string' && { default: json['default'] }), props: propsOf(json, RESERVED['enum']!) };
        names.set(fullName(node), node);
        return node;
      }
      if (type === 'fixed') {
        const node: NamedNode = { type, ...base, size: Number(json['size']), props: propsOf(json, RESERVED['fixed']!) };
        names.set(fullName(node), node);
        return node;
      }
      const node = { type: 'record' as const, ...base, fields: [] as AvroField[], props: propsOf(json, RESERVED['record']!) };
      names.set(fullName(node), node); // before the fields: a record may refer to itself
      for (const f of (json['fields'] as Record<string, JsonValue>[] | undefined) ?? []) {
        node.fields.push({
          name: String(f['name']),
          type: parseNode(f['type'] ?? null, ns, names),
          ...(typeof f['doc'] === 'string' && { doc: f['doc'] }),
          ...('default' in f && { default: f['default'] }),
          hasDefault: 'default' in f,
          props: propsOf(f, FIELD_RESERVED),
        });
      }
      return node;
    }
    default:
      throw new DataException(`Unknown Avro type "${type}"`);
  }
}
