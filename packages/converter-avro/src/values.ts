import { DataException, Struct, type Schema } from '@tsconnect/sdk';
import { branchName, type AvroNode } from './avro-node.js';
import { isUnionSchema } from './from-connect-schema.js';
import { toAvroLogical, toConnectLogical } from './logical.js';
import { unionMemberFieldName } from './to-connect-schema.js';

/**
 * A Connect value → the value avsc writes for `node` (wrapped unions: `{ branch: value }`, longs as
 * bigint, bytes as Buffer). Struct fields are matched by name, so `node` may be a registered schema
 * other than the one derived from `schema` (use.latest.version).
 */
export function toAvroValue(schema: Schema, node: AvroNode, value: unknown, what: string): unknown {
  if (value === null || value === undefined) {
    if (node.type === 'null') return null;
    if (node.type === 'union' && node.types.some((t) => t.type === 'null')) return null;
    throw new DataException(`Found null value for non-optional schema at ${what}`);
  }
  if (node.type === 'union') {
    let member: AvroNode | undefined;
    let memberSchema = schema;
    let memberValue: unknown = value;
    if (isUnionSchema(schema)) {
      const struct = value as Struct;
      const set = (schema.fields ?? []).find((f) => struct.getWithoutDefault(f.name) !== null);
      if (!set) throw new DataException(`Union ${what} has no member set`);
      member = node.types.find((t) => t.type !== 'null' && unionMemberFieldName(t) === set.name);
      memberSchema = set.schema;
      memberValue = struct.getWithoutDefault(set.name);
    } else {
      member = node.types.find((t) => t.type !== 'null');
    }
    if (!member) throw new DataException(`No Avro union branch for ${what}`);
    return { [branchName(member)]: toAvroValue(memberSchema, member, memberValue, what) };
  }
  const v = toAvroLogical(schema, value, what);
  switch (node.type) {
    case 'int': case 'float': case 'double':
      if (typeof v !== 'number') throw new DataException(`Expected a number for ${what}, got ${typeof v}`);
      return v;
    case 'long':
      if (typeof v !== 'bigint' && !Number.isSafeInteger(v)) throw new DataException(`Expected an int64 (bigint or safe integer) for ${what}, got ${String(v)}`);
      return BigInt(v as number | bigint);
    case 'boolean': case 'string': case 'enum':
      return v;
    case 'bytes':
    case 'fixed': {
      if (!(v instanceof Uint8Array)) throw new DataException(`Expected bytes (Uint8Array) for ${what}`);
      if (node.type === 'fixed' && v.length !== node.size) throw new DataException(`Fixed ${node.name} for ${what} needs ${node.size} bytes, got ${v.length}`);
      return Buffer.from(v.buffer, v.byteOffset, v.length);
    }
    case 'array':
      if (schema.type === 'map') {
        const entry = node.items;
        if (entry.type !== 'record') throw new DataException(`Map ${what} needs an array of key/value records`);
        const [kf, vf] = [entry.fields.find((f) => f.name === 'key')!, entry.fields.find((f) => f.name === 'value')!];
        return [...(v as Map<unknown, unknown>)].map(([k, e]) => ({
          key: toAvroValue(schema.keySchema!, kf.type, k, `key of ${what}`),
          value: toAvroValue(schema.valueSchema!, vf.type, e, `value of ${what}`),
        }));
      }
      return (v as unknown[]).map((e, i) => toAvroValue(schema.valueSchema!, node.items, e, `${what}[${i}]`));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, e] of v as Map<string, unknown>) out[k] = toAvroValue(schema.valueSchema!, node.values, e, `${what}["${k}"]`);
      return out;
    }
    case 'record': {
      if (!(v instanceof Struct)) throw new DataException(`Expected a Struct for ${what}`);
      const out: Record<string, unknown> = {};
      for (const f of node.fields) {
        const cf = schema.fields?.find((x) => x.name === f.name);
        if (!cf) {
          if (!f.hasDefault) throw new DataException(`Field "${f.name}" of Avro record ${node.name} is not in the Connect schema of ${what} and has no default`);
          continue; // avsc writes the field default
        }
        out[f.name] = toAvroValue(cf.schema, f.type, v.get(f.name), `field "${f.name}"`);
      }
      return out;
    }
    case 'null':
      throw new DataException(`Avro null schema cannot hold a value for ${what}`);
  }
}

/** The value avsc read for `node` → the Connect value for `schema` (from toConnectSchema(node)). */
export function toConnectValue(schema: Schema, node: AvroNode, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (node.type === 'union') {
    const [branch, inner] = Object.entries(value as Record<string, unknown>)[0]!;
    const member = node.types.find((t) => branchName(t) === branch);
    if (!member) throw new DataException(`Unknown union branch "${branch}"`);
    if (isUnionSchema(schema)) {
      const name = unionMemberFieldName(member);
      const f = schema.fields!.find((x) => x.name === name)!;
      return new Struct(schema).put(name, toConnectValue(f.schema, member, inner));
    }
    return toConnectValue(schema, member, inner);
  }
  let v: unknown;
  switch (node.type) {
    case 'bytes': case 'fixed':
      v = new Uint8Array(value as Buffer); // a copy: avsc's buffers may share the record's memory
      break;
    case 'array':
      if (schema.type === 'map') {
        const entry = node.items as Extract<AvroNode, { type: 'record' }>;
        const [kf, vf] = [entry.fields.find((f) => f.name === 'key')!, entry.fields.find((f) => f.name === 'value')!];
        v = new Map((value as Record<string, unknown>[]).map((e) => [
          toConnectValue(schema.keySchema!, kf.type, e['key']), toConnectValue(schema.valueSchema!, vf.type, e['value']),
        ]));
      } else {
        v = (value as unknown[]).map((e) => toConnectValue(schema.valueSchema!, node.items, e));
      }
      break;
    case 'map':
      v = new Map(Object.entries(value as Record<string, unknown>).map(([k, e]) => [k, toConnectValue(schema.valueSchema!, node.values, e)]));
      break;
    case 'record': {
      const struct = new Struct(schema);
      const record = value as Record<string, unknown>;
      for (const f of node.fields) struct.put(f.name, toConnectValue(schema.fields!.find((x) => x.name === f.name)!.schema, f.type, record[f.name]));
      return struct;
    }
    default:
      v = value;
  }
  return toConnectLogical(schema, v);
}
