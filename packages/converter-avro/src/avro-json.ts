import { isNamed, type AvroField, type AvroNode, type JsonValue, type NamedNode, type Props } from './avro-node.js';

/** Compact JSON like Jackson's: no spaces, `bigint` written as its digits. */
export function stringifyJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value));
  if (typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifyJson).join(',')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${stringifyJson(v)}`).join(',')}}`;
}

/**
 * The schema text as Java Avro's `Schema.toString()` writes it: key order, a named type written in
 * full once and then referenced by name, `namespace` only where it differs from the enclosing one.
 * The same text is what the Java converter registers, so both register the same schema.
 */
export function writeAvroSchema(node: AvroNode): string {
  return stringifyJson(toJson(node, new Set(), undefined));
}

function toJson(node: AvroNode, seen: Set<NamedNode>, space: string | undefined): JsonValue {
  if (isNamed(node)) {
    if (seen.has(node)) return node.namespace && node.namespace !== space ? `${node.namespace}.${node.name}` : node.name;
    seen.add(node);
  }
  switch (node.type) {
    case 'union':
      return node.types.map((t) => toJson(t, seen, space));
    case 'array':
      return withProps({ type: 'array', items: toJson(node.items, seen, space) }, node.props);
    case 'map':
      return withProps({ type: 'map', values: toJson(node.values, seen, space) }, node.props);
    case 'record': {
      const out: Record<string, JsonValue> = { type: 'record', ...nameJson(node, space) };
      if (node.doc !== undefined) out['doc'] = node.doc;
      out['fields'] = node.fields.map((f) => fieldJson(f, seen, node.namespace));
      return withProps(out, node.props);
    }
    case 'enum': {
      const out: Record<string, JsonValue> = { type: 'enum', ...nameJson(node, space) };
      if (node.doc !== undefined) out['doc'] = node.doc;
      out['symbols'] = [...node.symbols];
      if (node.default !== undefined) out['default'] = node.default;
      return withProps(out, node.props);
    }
    case 'fixed':
      return withProps({ type: 'fixed', ...nameJson(node, space), size: node.size }, node.props);
    default:
      return Object.keys(node.props).length === 0 ? node.type : withProps({ type: node.type }, node.props);
  }
}

function nameJson(node: NamedNode, space: string | undefined): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = { name: node.name };
  if (node.namespace !== undefined) {
    if (node.namespace !== space) out['namespace'] = node.namespace;
  } else if (space !== undefined) {
    out['namespace'] = ''; // null namespace inside a non-null one
  }
  return out;
}

function fieldJson(field: AvroField, seen: Set<NamedNode>, space: string | undefined): JsonValue {
  const out: Record<string, JsonValue> = { name: field.name, type: toJson(field.type, seen, space) };
  if (field.doc !== undefined) out['doc'] = field.doc;
  if (field.hasDefault) out['default'] = field.default ?? null;
  return withProps(out, field.props);
}

function withProps(out: Record<string, JsonValue>, props: Props): Record<string, JsonValue> {
  for (const [k, v] of Object.entries(props)) out[k] = v;
  return out;
}
