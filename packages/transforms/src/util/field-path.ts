import { ConfigException, field, type Field, type ParsedConfig, type Schema, type Struct } from '@tsconnect/sdk';
import { TransformValidators } from './config-util.js';
import { mapGet, requireMapOrNull, requireStructOrNull, type SchemalessMap } from './schemaless.js';
import type { ConfigDef } from '@tsconnect/sdk';

/** KIP-821's `field.syntax.version`: V1 = top-level names only, V2 = dotted paths with backticks. */
export type FieldSyntaxVersion = 'V1' | 'V2';
export const FIELD_SYNTAX_VERSION_CONFIG = 'field.syntax.version';

export function appendFieldSyntaxVersion(def: ConfigDef): ConfigDef {
  return def.define({
    name: FIELD_SYNTAX_VERSION_CONFIG,
    type: 'STRING',
    defaultValue: 'V1',
    validator: TransformValidators.inIgnoreCase(['V1', 'V2']),
    importance: 'HIGH',
    documentation:
      'Defines the version of the syntax to access fields. V1: only root-level fields; V2: nested fields in ' +
      'dotted notation, with backtick pairs around names that contain dots (e.g. "`foo.bar`.baz").',
  });
}

export function fieldSyntaxVersion(config: ParsedConfig): FieldSyntaxVersion {
  return config.string(FIELD_SYNTAX_VERSION_CONFIG).toUpperCase() as FieldSyntaxVersion;
}

/** Kafka's SingleFieldPath: one or more steps into a Struct or a schemaless map. */
export class SingleFieldPath {
  readonly steps: readonly string[];

  constructor(readonly pathText: string, readonly version: FieldSyntaxVersion, configKey = 'field') {
    this.steps = version === 'V1' ? [pathText] : parseV2(pathText, configKey);
  }

  fieldFrom(schema: Schema | null): Field | null {
    if (!schema) return null;
    let current = schema;
    for (const step of this.steps.slice(0, -1)) {
      const f = current.fields ? field(current, step) : undefined;
      if (!f) return null;
      current = f.schema;
    }
    return (current.fields ? field(current, this.lastStep) : undefined) ?? null;
  }

  valueFromStruct(struct: Struct | null, withDefault = true): unknown {
    let current = struct;
    if (!current) return null;
    for (const step of this.steps.slice(0, -1)) {
      if (!field(current.schema, step)) return null;
      current = requireStructOrNull(current.get(step), 'nested field access');
      if (!current) return null;
    }
    if (!field(current.schema, this.lastStep)) return null;
    return withDefault ? current.get(this.lastStep) : current.getWithoutDefault(this.lastStep);
  }

  valueFromMap(map: SchemalessMap | null): unknown {
    let current = map;
    if (!current) return null;
    for (const step of this.steps.slice(0, -1)) {
      current = requireMapOrNull(mapGet(current, step), 'nested field access');
      if (!current) return null;
    }
    return mapGet(current, this.lastStep);
  }

  private get lastStep(): string {
    return this.steps[this.steps.length - 1]!;
  }
}

function incomplete(key: string, path: string, at: number): never {
  throw new ConfigException(
    key,
    path,
    `Incomplete backtick pair in path: [${path}], consider adding a backslash before backtick at position ${at} to escape it`,
  );
}

/** Dots separate steps; `…` wraps a step containing dots; \` inside a wrapped step is a literal backtick. */
function parseV2(path: string, key: string): string[] {
  const steps: string[] = [];
  let idx = 0;
  while (idx < path.length && idx >= 0) {
    if (path[idx] !== '`') {
      const start = idx;
      idx = path.indexOf('.', idx);
      if (idx >= 0) {
        steps.push(path.slice(start, idx));
        idx++;
      } else {
        steps.push(path.slice(start));
      }
      continue;
    }
    const backtickAt = idx;
    idx++;
    let name = '';
    let start = idx;
    for (;;) {
      idx = path.indexOf('`', idx);
      if (idx === -1) incomplete(key, path, backtickAt);
      const escaped = path[idx - 1] === '\\';
      if (idx >= path.length - 1) {
        if (escaped) incomplete(key, path, backtickAt);
        steps.push(name + path.slice(start, idx));
        idx++;
        break;
      }
      if (path[idx + 1] !== '.') {
        idx++;
        continue;
      }
      if (escaped) {
        name += path.slice(start, idx - 1) + '`';
        idx++;
        start = idx;
        continue;
      }
      steps.push(name + path.slice(start, idx));
      idx += 2;
      break;
    }
  }
  if (path.length > 0 && path.endsWith('.')) steps.push('');
  return steps;
}
