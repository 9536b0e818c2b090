import { describe, expect, it } from 'vitest';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import { RestClientException } from './rest-client-exception.js';
import { SchemaRegistryClient } from './schema-registry-client.js';

const url = (): string => testEnv('SCHEMA_REGISTRY_URL');

describe('SchemaRegistryClient against a real schema registry', () => {
  it('a shared client caches ids both ways', async () => {
    const client = new SchemaRegistryClient({ urls: [url()] });
    const subject = uniqueName('cache');
    const id = await client.register(subject, '"string"');
    expect(await client.register(subject, '"string"')).toBe(id);
    expect(await client.getSchemaById(id)).toBe('"string"');
    expect(await client.getVersion(subject, '"string"')).toBe(1);
  });

  it('registers with its schemaType and refuses a schema id of another type', async () => {
    const subject = uniqueName('json');
    const schema = '{"type":"object","title":"T","properties":{"a":{"type":"string"}}}';
    const id = await new SchemaRegistryClient({ urls: [url()], schemaType: 'JSON' }).register(subject, schema);
    expect(await new SchemaRegistryClient({ urls: [url()], schemaType: 'JSON' }).getSchemaById(id)).toBe(schema);
    const avro = new SchemaRegistryClient({ urls: [url()] });
    const err = await avro.getSchemaById(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RestClientException);
    expect((err as Error).message).toBe(`schema ${id} is of type JSON, not AVRO`);
  });
});
