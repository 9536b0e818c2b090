import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandaloneWorker, type StandaloneWorker } from '@tsconnect/runtime';
import { testEnv, uniqueName } from '@tsconnect/test-support';
import { builtinPlugins } from '../builtin-plugins.js';
import { consoleRestExtensions } from '../console.js';

describe('console REST extension', () => {
  let worker: StandaloneWorker;
  let dir: string;
  const topic = uniqueName('console-api');
  const auth = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
  const get = async (path: string, withAuth = true) => {
    const res = await fetch(`${worker.restUrl}${path}`, { headers: withAuth ? { authorization: auth } : {} });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'console-api-'));
    const kafka = new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [
      { partition: 0, key: 'a', value: '{"n":1}', timestamp: '1000', headers: { h: 'x' } },
      { partition: 0, key: 'b', value: Buffer.from([0xff]), timestamp: '2000' },
      { partition: 1, key: null, value: '"s"', timestamp: '1500' },
    ] });
    await producer.disconnect();
    const workerProps = {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'rest.host.name': '127.0.0.1', 'rest.port': '0',
      'key.converter': 'StringConverter', 'value.converter': 'JsonConverter', 'value.converter.schemas.enable': 'false',
      'offset.storage.file.filename': join(dir, 'offsets'), 'rest.basic.auth.user.info': 'admin:s3cret', 'log.level': 'warn',
    };
    const plugins = builtinPlugins();
    worker = await startStandaloneWorker({ workerProps, plugins, restExtensions: consoleRestExtensions({ workerProps, plugins }) });
  });
  afterAll(async () => {
    await worker?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the built console at /ui/ behind the worker\'s basic auth', async () => {
    const denied = await get('/ui/', false);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toBe('Basic realm="tsconnect"');
    const page = await get('/ui/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>tsconnect console</title>');
    const redirect = await fetch(`${worker.restUrl}/ui`, { headers: { authorization: auth }, redirect: 'manual' });
    expect([redirect.status, redirect.headers.get('location')]).toEqual([302, '/ui/']);
  });

  it('browses messages decoded by the worker converters, oldest first', async () => {
    const res = await get(`/ui/api/topics/${topic}/messages?from=beginning&limit=10`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      topic, next: '0:2,1:1',
      partitions: [{ partition: 0, earliest: '0', latest: '2' }, { partition: 1, earliest: '0', latest: '1' }],
      messages: [
        { partition: 0, offset: '0', timestamp: 1000, key: { format: 'converter', converter: 'StringConverter', json: 'a', text: 'a' },
          value: { format: 'converter', converter: 'JsonConverter', json: { n: 1 }, text: '{\n  "n": 1\n}' }, headers: [{ key: 'h', value: 'x' }] },
        { partition: 1, offset: '0', timestamp: 1500, key: null, value: { format: 'converter', converter: 'JsonConverter', json: 's', text: 's' }, headers: [] },
        { partition: 0, offset: '1', timestamp: 2000, key: { format: 'converter', converter: 'StringConverter', json: 'b', text: 'b' },
          value: { format: 'base64', base64: '/w==', error: expect.stringMatching(/^JsonConverter: /) as unknown }, headers: [] },
      ],
    });
    const tail = JSON.parse((await get(`/ui/api/topics/${topic}/messages?from=0:1,1:1`)).text) as { messages: { offset: string }[]; next: string };
    expect([tail.messages.map((m) => m.offset), tail.next]).toEqual([['1'], '0:2,1:1']);
    const last = JSON.parse((await get(`/ui/api/topics/${topic}/messages?from=end&limit=1&partition=0`)).text) as { messages: { offset: string }[] };
    expect(last.messages.map((m) => m.offset)).toEqual(['1']);
  });

  it('summarizes a topic with lag for a group, and names bad input', async () => {
    const s = JSON.parse((await get(`/ui/api/topics/${topic}/summary?group=${uniqueName('g')}`)).text) as Record<string, unknown>;
    expect(s).toEqual({
      topic, messages: '3', endOffsetSum: '3', messagesPerSecond: null, lag: '3', group: s['group'],
      partitions: [
        { partition: 0, leader: 1, earliest: '0', latest: '2', messages: '2', committed: null, lag: '2' },
        { partition: 1, leader: 1, earliest: '0', latest: '1', messages: '1', committed: null, lag: '1' },
      ],
    });
    expect(JSON.parse((await get(`/ui/api/topics/${topic}/messages?from=yesterday`)).text)).toEqual({
      error_code: 400, message: 'Invalid value yesterday for parameter from: expected beginning, end, an offset or partition:offset[,partition:offset]',
    });
    const missing = await get(`/ui/api/topics/${topic}-nope/summary`);
    expect([missing.status, JSON.parse(missing.text)]).toEqual([404, { error_code: 404, message: `Topic ${topic}-nope not found` }]);
  });
});
