import { TextDecoder } from 'node:util';
import type { IHeaders } from 'kafkajs';
import { DecimalValue, Struct, type Converter, type Header } from '@tsconnect/sdk';

/**
 * A key or value as the console shows it: what the converter made of it (as JSON), else the
 * bytes as UTF-8 text, else base64.
 */
export type DecodedData =
  | { readonly format: 'converter'; readonly converter: string; readonly json: unknown; readonly text: string }
  | { readonly format: 'utf8'; readonly text: string; readonly error?: string }
  | { readonly format: 'base64'; readonly base64: string; readonly error?: string };

export interface DecodedHeader {
  readonly key: string;
  /** UTF-8 text, or null when the value is not valid UTF-8 (then see base64). */
  readonly value: string | null;
  readonly base64?: string;
}

export interface NamedConverter {
  readonly name: string;
  readonly converter: Converter;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes with the converter when it accepts the bytes; the converter's error is kept. */
export async function decodeData(topic: string, bytes: Buffer | null, conv: NamedConverter | null, headers: readonly Header[]): Promise<DecodedData | null> {
  if (bytes === null) return null;
  let error: string | undefined;
  if (conv) {
    try {
      const { value } = await conv.converter.toConnectData(topic, bytes, headers);
      const json = connectToJson(value);
      return { format: 'converter', converter: conv.name, json, text: typeof json === 'string' ? json : JSON.stringify(json, null, 2) };
    } catch (e) {
      error = `${conv.name}: ${(e as Error).message}`;
    }
  }
  const text = utf8Text(bytes);
  if (text !== null) return { format: 'utf8', text, ...(error ? { error } : {}) };
  return { format: 'base64', base64: bytes.toString('base64'), ...(error ? { error } : {}) };
}

/** Kafka headers in record order; repeated keys stay separate entries. */
export function decodeHeaders(headers: IHeaders): DecodedHeader[] {
  const out: DecodedHeader[] = [];
  for (const [key, raw] of Object.entries(headers)) {
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (v === undefined) continue;
      const buf = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      const text = utf8Text(buf);
      out.push(text === null ? { key, value: null, base64: buf.toString('base64') } : { key, value: text });
    }
  }
  return out;
}

/** Connect headers (bytes as-is) for converters that look at them. */
export function connectHeaders(headers: readonly DecodedHeader[]): Header[] {
  return headers.map((h) => ({ key: h.key, schema: null, value: h.value === null ? Buffer.from(h.base64 ?? '', 'base64') : h.value }));
}

function utf8Text(bytes: Buffer): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** A Connect value as plain JSON: structs as objects, bytes as base64, decimals and huge int64s as strings. */
export function connectToJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Struct) {
    return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, connectToJson(value.getWithoutDefault(f.name))]));
  }
  if (value instanceof DecimalValue) return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  // int64 as a number when exact (JSON readers lose precision past 2^53), else as a string.
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), connectToJson(v)]));
  if (Array.isArray(value)) return value.map(connectToJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, connectToJson(v)]));
  return value;
}
