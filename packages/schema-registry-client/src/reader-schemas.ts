import { DataException } from '@tsconnect/sdk';
import { isNotFound } from './rest-client-exception.js';
import type { SchemaRegistryClient } from './schema-registry-client.js';
import type { ParsedSchema, SubjectNameStrategy } from './subject-name-strategy.js';

/**
 * A deserializer's schemas by (topic, schema id) — per topic because the subject, and so the
 * version, depends on it. Each is loaded once, concurrent readers share the load, and a failed
 * load is forgotten so a later record retries (e.g. once the registry is back).
 */
export class ReaderSchemaCache<T> {
  private readonly pending = new Map<string, Promise<T>>();

  constructor(private readonly load: (topic: string, id: number) => Promise<T>) {}

  get(topic: string, id: number): Promise<T> {
    const key = `${topic}\u0000${id}`;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.load(topic, id);
      pending.catch(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }
}

/**
 * The version of a schema read by id under the subject the strategy picks, which Confluent's
 * deserializers report as the Connect schema version; undefined when the strategy names no subject
 * for it or the registry does not have it under that subject.
 */
export async function schemaVersion(
  client: SchemaRegistryClient, strategy: SubjectNameStrategy, topic: string, isKey: boolean, schema: ParsedSchema, text: string,
): Promise<number | undefined> {
  try {
    return await client.getVersion(strategy(topic, isKey, schema), text);
  } catch (e) {
    if (isNotFound(e) || e instanceof DataException) return undefined;
    throw e;
  }
}
