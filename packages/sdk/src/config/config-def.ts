import { ConfigException } from '../errors/config-exception.js';
import { NO_DEFAULT, type ConfigKey, type ConfigKeyInput } from './config-key.js';
import { parseValue } from './parse-value.js';
import type { ConfigInfos, ConfigValueInfo } from './config-infos.js';

/**
 * The declared config of a plugin (Kafka's ConfigDef). Declare keys next to the plugin; the one
 * declaration parses typed values, validates with per-key errors, and feeds the REST validate API.
 */
export class ConfigDef {
  private readonly keys = new Map<string, ConfigKey>();

  define(key: ConfigKeyInput): this {
    if (this.keys.has(key.name)) throw new Error(`Config key "${key.name}" is defined twice`);
    this.keys.set(key.name, {
      defaultValue: NO_DEFAULT,
      importance: 'MEDIUM',
      documentation: '',
      ...key,
    });
    return this;
  }

  /** A new ConfigDef with this one's keys followed by `other`'s (later wins on a clash). */
  merge(other: ConfigDef): ConfigDef {
    const merged = new ConfigDef();
    for (const k of [...this.keys.values(), ...other.keys.values()]) merged.keys.set(k.name, k);
    return merged;
  }

  configKeys(): readonly ConfigKey[] {
    return [...this.keys.values()];
  }

  names(): string[] {
    return [...this.keys.keys()];
  }

  /** Typed values for every declared key; throws ConfigException on the first bad one. */
  parse(props: Readonly<Record<string, unknown>>): ParsedConfig {
    const values = new Map<string, unknown>();
    for (const key of this.keys.values()) values.set(key.name, parseKey(key, props));
    return new ParsedConfig(values, props);
  }

  /** Every key with its errors, as Kafka's ConfigDef.validate; never throws for bad values. */
  validate(props: Readonly<Record<string, unknown>>): ConfigValueInfo[] {
    return this.configKeys().map((key) => {
      const errors: string[] = [];
      let value: unknown = props[key.name];
      try {
        value = parseKey(key, props);
      } catch (e) {
        errors.push((e as Error).message);
      }
      return {
        name: key.name,
        value: displayValue(key, props[key.name] ?? (key.defaultValue === NO_DEFAULT ? null : key.defaultValue), value),
        recommended_values: [],
        errors,
        visible: true,
      };
    });
  }

  /** The body of `PUT /connector-plugins/{plugin}/config/validate`. */
  configInfos(pluginName: string, props: Readonly<Record<string, unknown>>, extraErrors: ConfigValueInfo[] = []): ConfigInfos {
    const values = new Map(this.validate(props).map((v) => [v.name, v]));
    for (const extra of extraErrors) {
      const existing = values.get(extra.name);
      values.set(extra.name, existing ? { ...existing, errors: [...existing.errors, ...extra.errors] } : extra);
    }
    const groups = [...new Set(this.configKeys().map((k) => k.group).filter((g): g is string => !!g))];
    const configs = this.configKeys().map((key) => ({
      definition: {
        name: key.name,
        type: key.type,
        required: key.defaultValue === NO_DEFAULT,
        default_value: key.defaultValue === NO_DEFAULT || key.defaultValue === null ? null : String(key.defaultValue),
        importance: key.importance,
        documentation: key.documentation,
        group: key.group ?? null,
        width: key.width ?? 'NONE',
        display_name: key.displayName ?? key.name,
        dependents: [...(key.dependents ?? [])],
        order: key.orderInGroup ?? -1,
      },
      value: values.get(key.name)!,
    }));
    const errorCount = [...values.values()].reduce((n, v) => n + (v.errors.length > 0 ? 1 : 0), 0);
    return { name: pluginName, error_count: errorCount, groups, configs };
  }
}

function parseKey(key: ConfigKey, props: Readonly<Record<string, unknown>>): unknown {
  const raw = props[key.name];
  if (raw === undefined) {
    if (key.defaultValue === NO_DEFAULT) {
      throw ConfigException.missing(key.name);
    }
    const parsedDefault = parseValue(key.name, key.type, key.defaultValue);
    key.validator?.ensureValid(key.name, parsedDefault);
    return parsedDefault;
  }
  const parsed = parseValue(key.name, key.type, raw);
  key.validator?.ensureValid(key.name, parsed);
  return parsed;
}

function displayValue(key: ConfigKey, raw: unknown, parsed: unknown): string | null {
  if (key.type === 'PASSWORD' && raw !== null && raw !== undefined) return '[hidden]';
  if (raw === null || raw === undefined) return null;
  if (Array.isArray(parsed)) return parsed.join(',');
  return String(raw);
}

/** Parsed, typed values of a ConfigDef, plus the original props for keys it did not declare. */
export class ParsedConfig {
  constructor(
    private readonly values: ReadonlyMap<string, unknown>,
    readonly originals: Readonly<Record<string, unknown>>,
  ) {}

  private typed<T>(name: string): T {
    if (!this.values.has(name)) throw new Error(`Config key "${name}" is not defined`);
    return this.values.get(name) as T;
  }
  string(name: string): string { return this.typed<string>(name); }
  optionalString(name: string): string | null { return this.typed<string | null>(name); }
  int(name: string): number { return this.typed<number>(name); }
  long(name: string): number { return this.typed<number>(name); }
  double(name: string): number { return this.typed<number>(name); }
  boolean(name: string): boolean { return this.typed<boolean>(name); }
  list(name: string): string[] { return this.typed<string[] | null>(name) ?? []; }
  password(name: string): string | null {
    return this.typed<{ value: string } | null>(name)?.value ?? null;
  }

  /** Originals whose key starts with `prefix`, with the prefix removed (e.g. "value.converter."). */
  originalsWithPrefix(prefix: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.originals)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
    return out;
  }
}
