import type { Converter, Header, HeaderConverter, Schema, SchemaAndValue } from '@tsconnect/sdk';
import type { PluginRegistry } from '../plugins/plugin-registry.js';
import type { WorkerConfig } from '../config/worker-config.js';

/** The key, value and header converters of one task. */
export interface TaskConverters {
  readonly key: Converter;
  readonly value: Converter;
  readonly header: HeaderConverter;
  /** Plugin class names, for error reports (`__connect.errors.class.name`). */
  readonly classNames: { readonly key: string; readonly value: string; readonly header: string };
}

/**
 * Builds a task's converters as Kafka's Plugins.newConverter: when the connector sets
 * `key.converter` its own `key.converter.*` keys configure it; otherwise the worker's class and
 * the worker's `key.converter.*` keys are used. Same for value and header converters.
 */
export function createTaskConverters(registry: PluginRegistry, worker: WorkerConfig, connector: Readonly<Record<string, string>>): TaskConverters {
  const pick = (key: 'key.converter' | 'value.converter' | 'header.converter'): { cls: string | null; props: Record<string, string> } => {
    const source = connector[key] ? connector : worker.originals;
    return { cls: source[key] ?? null, props: withPrefix(source, `${key}.`) };
  };
  const k = pick('key.converter');
  const v = pick('value.converter');
  const keyPlugin = registry.resolve(k.cls!, ['converter']);
  const valuePlugin = registry.resolve(v.cls!, ['converter']);
  const key = keyPlugin.create();
  key.configure({ ...k.props, 'converter.type': 'key' }, true);
  const value = valuePlugin.create();
  value.configure({ ...v.props, 'converter.type': 'value' }, false);
  const h = pick('header.converter');
  const headerPlugin = h.cls ? registry.resolve(h.cls, ['header_converter']) : null;
  const header = headerPlugin ? headerPlugin.create() : new Utf8HeaderConverter();
  header.configure({ ...h.props, 'converter.type': 'header' });
  const classNames = { key: keyPlugin.className, value: valuePlugin.className, header: headerPlugin?.className ?? 'Utf8HeaderConverter' };
  return { key, value, header, classNames };
}

function withPrefix(props: Readonly<Record<string, string>>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}

/**
 * Used when no header.converter is configured: strings as UTF-8, bytes as is, anything else
 * as JSON text; read back as strings. (Kafka's default is SimpleHeaderConverter, a plugin.)
 */
class Utf8HeaderConverter implements HeaderConverter {
  configure(): void {}
  fromConnectHeader(_topic: string, _key: string, _schema: Schema | null, value: unknown): Uint8Array | null {
    if (value === null || value === undefined) return null;
    if (value instanceof Uint8Array) return value;
    return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
  }
  toConnectHeader(_topic: string, _key: string, value: Uint8Array | null): SchemaAndValue {
    return { schema: null, value: value === null ? null : Buffer.from(value).toString('utf8') };
  }
}

/** Kafka message headers from Connect headers (repeated keys become arrays, as kafkajs wants). */
export function toKafkaHeaders(converter: HeaderConverter, topic: string, headers: readonly Header[]): Record<string, Buffer | Buffer[]> | undefined {
  if (headers.length === 0) return undefined;
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of headers) {
    const bytes = converter.fromConnectHeader(topic, h.key, h.schema, h.value);
    const buf = bytes === null ? Buffer.alloc(0) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const prev = out[h.key];
    out[h.key] = prev === undefined ? buf : Array.isArray(prev) ? [...prev, buf] : [prev, buf];
  }
  return out;
}

/** Connect headers from a consumed Kafka message's headers. */
export function fromKafkaHeaders(converter: HeaderConverter, topic: string, headers: Record<string, Buffer | string | (Buffer | string)[] | undefined> | undefined): Header[] {
  const out: Header[] = [];
  for (const [key, raw] of Object.entries(headers ?? {})) {
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const bytes = v === undefined ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      const sv = converter.toConnectHeader(topic, key, bytes);
      out.push({ key, schema: sv.schema, value: sv.value });
    }
  }
  return out;
}
