import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { DataException, Decimal, DecimalValue, SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import { AvroConverter } from './avro-converter.js';
import { tsconnectPlugins } from './plugins.js';

const url = (): string => testEnv('SCHEMA_REGISTRY_URL');

function converter(extra: Record<string, unknown> = {}, isKey = false): AvroConverter {
  const c = new AvroConverter();
  c.configure({ 'schema.registry.url': url(), ...extra }, isKey);
  return c;
}

const order = SchemaBuilder.struct().name('com.example.Order')
  .field('id', Schemas.INT64)
  .field('amount', Decimal.builder(2).build())
  .field('note', Schemas.OPTIONAL_STRING)
  .build();
const anOrder = (): Struct => new Struct(order).put('id', 9223372036854775807n).put('amount', new DecimalValue(-1999n, 2)).put('note', 'rush');

/** A 127.0.0.1 port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function getJson(path: string): Promise<unknown> {
  const res = await fetch(url() + path);
  return res.json();
}

describe('AvroConverter against a real schema registry', () => {
  it('registers under <topic>-value, frames with the id, and a fresh converter reads it back', async () => {
    const topic = uniqueName('orders');
    const bytes = (await converter().fromConnectData(topic, order, anOrder()))!;
    expect(bytes[0]).toBe(0);
    const id = Buffer.from(bytes).readInt32BE(1);
    const latest = (await getJson(`/subjects/${topic}-value/versions/latest`)) as { id: number; version: number; schema: string };
    expect(latest.id).toBe(id);
    expect(latest.version).toBe(1);
    expect(JSON.parse(latest.schema)).toMatchObject({ type: 'record', name: 'Order', namespace: 'com.example', 'connect.name': 'com.example.Order' });

    const fresh = converter(); // new cache: must fetch the schema by id
    const back = await fresh.toConnectData(topic, bytes);
    const s = back.value as Struct;
    expect(back.schema!.name).toBe('com.example.Order');
    expect(back.schema!.version).toBe(1); // the subject version, as Confluent's converter reports it
    expect(s.get('id')).toBe(9223372036854775807n);
    expect(s.get('amount')).toEqual(new DecimalValue(-1999n, 2));
    expect(s.get('note')).toBe('rush');
  });

  it('the same schema gets the same id; keys go to <topic>-key', async () => {
    const topic = uniqueName('k');
    const keyConv = converter({}, true);
    const a = (await keyConv.fromConnectData(topic, Schemas.STRING, 'a'))!;
    const b = (await converter({}, true).fromConnectData(topic, Schemas.STRING, 'b'))!;
    expect(Buffer.from(a).readInt32BE(1)).toBe(Buffer.from(b).readInt32BE(1));
    expect(await getJson(`/subjects/${topic}-key/versions`)).toEqual([1]);
    expect((await converter({}, true).toConnectData(topic, b)).value).toBe('b');
  });

  it('RecordNameStrategy and TopicRecordNameStrategy pick their subjects', async () => {
    const topic = uniqueName('strat');
    const name = `com.example.${uniqueName('Rec')}`;
    const schema = SchemaBuilder.struct().name(name).field('x', Schemas.INT32).build();
    await converter({ 'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.RecordNameStrategy' })
      .fromConnectData(topic, schema, new Struct(schema).put('x', 1));
    await converter({ 'value.subject.name.strategy': 'io.confluent.kafka.serializers.subject.TopicRecordNameStrategy' })
      .fromConnectData(topic, schema, new Struct(schema).put('x', 1));
    const subjects = (await getJson('/subjects')) as string[];
    expect(subjects).toContain(name);
    expect(subjects).toContain(`${topic}-${name}`);
    expect(subjects).not.toContain(`${topic}-value`);
  });

  it('auto.register.schemas=false fails for an unknown schema, naming the topic; use.latest.version writes with the latest', async () => {
    const topic = uniqueName('noreg');
    await expect(converter({ 'auto.register.schemas': false }).fromConnectData(topic, Schemas.INT32, 1))
      .rejects.toThrow(new RegExp(`Failed to serialize Avro data from topic ${topic}: subject or schema not registered`));
    await converter().fromConnectData(topic, Schemas.INT64, 5);
    const latest = converter({ 'auto.register.schemas': false, 'use.latest.version': true });
    const bytes = (await latest.fromConnectData(topic, Schemas.INT64, 7n))!;
    expect((await converter().toConnectData(topic, bytes)).value).toBe(7n);
  });

  it('an unknown schema id and a registry that is down are DataExceptions naming the topic', async () => {
    const err = await converter().toConnectData('t1', new Uint8Array([0, 0x7f, 0xff, 0xff, 0xf0, 2])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataException);
    expect((err as Error).message).toMatch(/^Failed to deserialize data for topic t1 to Avro \(schema id 2147483632\): schema not found/);
    const port = await closedPort();
    const down = new AvroConverter();
    down.configure({ 'schema.registry.url': `http://127.0.0.1:${port}` }, false);
    await expect(down.fromConnectData('t2', Schemas.STRING, 'x'))
      .rejects.toThrow(`Failed to serialize Avro data from topic t2: schema registry http://127.0.0.1:${port} is unreachable: ECONNREFUSED`);
  });

  it('is exported as a plugin under its Confluent class name', () => {
    expect(tsconnectPlugins[0]).toMatchObject({ type: 'converter', className: 'io.tsconnect.converters.AvroConverter', aliases: ['io.confluent.connect.avro.AvroConverter', 'AvroConverter'] });
  });
});
