import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DataException, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import { JsonSchemaConverter } from './json-schema-converter.js';
import { tsconnectPlugins } from './plugins.js';

const url = (): string => testEnv('SCHEMA_REGISTRY_URL');

function converter(extra: Record<string, unknown> = {}, isKey = false): JsonSchemaConverter {
  const c = new JsonSchemaConverter();
  c.configure({ 'schema.registry.url': url(), ...extra }, isKey);
  return c;
}

const order = SchemaBuilder.struct().name('com.example.Order')
  .field('id', Schemas.INT64).field('amount', Decimal.builder(2).build()).field('note', Schemas.OPTIONAL_STRING)
  .build();
// Apicurio 3.0 (test-env) refuses JSON schemas of a bare primitive ("Given schema is not from type: JSON",
// 42201), which Confluent's registry accepts; so these tests use structs.
const keySchema = SchemaBuilder.struct().name('com.example.Key').field('k', Schemas.STRING).build();
const key = (k: string): Struct => new Struct(keySchema).put('k', k);
const numSchema = SchemaBuilder.struct().name('com.example.Num').field('n', Schemas.INT64).build();
const num = (n: bigint): Struct => new Struct(numSchema).put('n', n);
const anOrder = (): Struct => new Struct(order).put('id', 9223372036854775807n).put('amount', new DecimalValue(-1999n, 2)).put('note', 'rush');

async function getJson(path: string): Promise<unknown> {
  return (await fetch(url() + path)).json();
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('JsonSchemaConverter against a real schema registry', () => {
  it('registers a JSON schema under <topic>-value, frames the JSON with the id, and a fresh converter reads it back', async () => {
    const topic = uniqueName('orders');
    const bytes = (await converter().fromConnectData(topic, order, anOrder()))!;
    expect(bytes[0]).toBe(0);
    const id = Buffer.from(bytes).readInt32BE(1);
    expect(Buffer.from(bytes.subarray(5)).toString('utf8')).toBe('{"id":9223372036854775807,"amount":"+DE=","note":"rush"}');
    const latest = (await getJson(`/subjects/${topic}-value/versions/latest`)) as { id: number; version: number; schema: string; schemaType: string };
    expect(latest).toMatchObject({ id, version: 1, schemaType: 'JSON' });
    expect(JSON.parse(latest.schema)).toEqual({
      type: 'object', title: 'com.example.Order', properties: {
        id: { type: 'integer', 'connect.index': 0, 'connect.type': 'int64' },
        amount: { type: 'string', title: 'org.apache.kafka.connect.data.Decimal', 'connect.index': 1, 'connect.version': 1, 'connect.type': 'bytes', 'connect.parameters': { scale: '2' } },
        note: { 'connect.index': 2, oneOf: [{ type: 'null' }, { type: 'string' }] },
      },
    });
    const byId = (await getJson(`/schemas/ids/${id}`)) as { schemaType?: string };
    expect(byId.schemaType).toBe('JSON');

    const back = await converter().toConnectData(topic, bytes); // new cache: fetches the schema by id
    const s = back.value as Struct;
    expect(back.schema!.name).toBe('com.example.Order');
    expect(back.schema!.version).toBe(1); // the subject version, as Confluent's converter reports it
    expect(back.schema!.fields!.map((f) => f.name)).toEqual(['id', 'amount', 'note']);
    expect(s.get('id')).toBe(9223372036854775807n);
    expect(s.get('amount')).toEqual(new DecimalValue(-1999n, 2));
    expect(s.get('note')).toBe('rush');
  });

  it('the same schema gets the same id; keys go to <topic>-key; tombstones stay null', async () => {
    const topic = uniqueName('k');
    const a = (await converter({}, true).fromConnectData(topic, keySchema, key('a')))!;
    const b = (await converter({}, true).fromConnectData(topic, keySchema, key('b')))!;
    expect(Buffer.from(a).readInt32BE(1)).toBe(Buffer.from(b).readInt32BE(1));
    expect(await getJson(`/subjects/${topic}-key/versions`)).toEqual([1]);
    expect(((await converter({}, true).toConnectData(topic, b)).value as Struct).get('k')).toBe('b');
    expect(await converter().fromConnectData(topic, null, null)).toBeNull();
    expect(await converter().toConnectData(topic, null)).toEqual({ schema: null, value: null });
  });

  it('RecordNameStrategy and TopicRecordNameStrategy use the title; a schema without one is a named error', async () => {
    const topic = uniqueName('strat');
    const name = `com.example.${uniqueName('Rec')}`;
    const schema = SchemaBuilder.struct().name(name).field('x', Schemas.INT32).build();
    const rec = converter({ 'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy' });
    const bytes = (await rec.fromConnectData(topic, schema, new Struct(schema).put('x', 1)))!;
    await converter({ 'value.subject.name.strategy': 'TopicRecordNameStrategy' }).fromConnectData(topic, schema, new Struct(schema).put('x', 2));
    const subjects = (await getJson('/subjects')) as string[];
    expect(subjects).toContain(name);
    expect(subjects).toContain(`${topic}-${name}`);
    expect(subjects).not.toContain(`${topic}-value`);
    expect(((await converter({ 'value.subject.name.strategy': 'RecordNameStrategy' }).toConnectData(topic, bytes)).value as Struct).get('x')).toBe(1);
    await expect(rec.fromConnectData(topic, Schemas.INT32, 1)).rejects.toThrow(
      `Converting Kafka Connect data to byte[] failed due to serialization error of topic ${topic}: In configuration value.subject.name.strategy = RecordNameStrategy, the message value must be a schema with a title`);
  });

  it('auto.register.schemas=false fails for an unknown schema; use.latest.version writes with the latest id', async () => {
    const topic = uniqueName('noreg');
    await expect(converter({ 'auto.register.schemas': false }).fromConnectData(topic, keySchema, key('x')))
      .rejects.toThrow(new RegExp(`topic ${topic}: subject or schema not registered`));
    const first = (await converter().fromConnectData(topic, numSchema, num(5n)))!;
    const bytes = (await converter({ 'auto.register.schemas': false, 'use.latest.version': true }).fromConnectData(topic, numSchema, num(7n)))!;
    expect(Buffer.from(bytes).readInt32BE(1)).toBe(Buffer.from(first).readInt32BE(1));
    expect(((await converter().toConnectData(topic, bytes)).value as Struct).get('n')).toBe(7n);
    const lookedUp = (await converter({ 'auto.register.schemas': false }).fromConnectData(topic, numSchema, num(8n)))!;
    expect(Buffer.from(lookedUp).readInt32BE(1)).toBe(Buffer.from(first).readInt32BE(1));
  });

  it('an unknown id, bad magic byte and a registry that is down are DataExceptions naming the topic', async () => {
    const err = await converter().toConnectData('t1', new Uint8Array([0, 0x7f, 0xff, 0xff, 0xf0, 0x31])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataException);
    expect((err as Error).message).toMatch(/^Converting byte\[\] to Kafka Connect data failed due to serialization error of topic t1 \(schema id 2147483632\): schema not found/);
    await expect(converter().toConnectData('t1', new Uint8Array([1, 0, 0, 0, 1, 0x31]))).rejects.toThrow('topic t1: Unknown magic byte 1 (expected 0)');
    const port = await closedPort();
    const down = new JsonSchemaConverter();
    down.configure({ 'schema.registry.url': `http://u:p@127.0.0.1:${port}` }, false);
    await expect(down.fromConnectData('t2', Schemas.STRING, 'x'))
      .rejects.toThrow(`Converting Kafka Connect data to byte[] failed due to serialization error of topic t2: schema registry http://127.0.0.1:${port} is unreachable: ECONNREFUSED`);
  });

  it('basic auth USER_INFO is sent (the registry ignores it) and a malformed one is a config error', async () => {
    const topic = uniqueName('auth');
    const c = converter({ 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'me:secret' });
    expect(((await c.toConnectData(topic, (await c.fromConnectData(topic, keySchema, key('z')))!)).value as Struct).get('k')).toBe('z');
    expect(() => converter({ 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'nocolon' })).toThrow(/basic.auth.user.info/);
  });

  it('is exported as a plugin under its Confluent class name', () => {
    expect(tsconnectPlugins[0]).toMatchObject({ type: 'converter', className: 'io.tsconnect.converters.JsonSchemaConverter', aliases: ['io.confluent.connect.json.JsonSchemaConverter', 'JsonSchemaConverter'] });
  });
});
