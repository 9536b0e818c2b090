import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import type { StandaloneWorker } from '../start-standalone-worker.js';
import { seen } from '../test-support/error-test-plugins.js';
import { observed } from '../test-support/test-plugins.js';
import { createTopic, produce, rest, startTestWorker, testKafka } from '../test-support/worker-harness.js';

const kafka = testKafka();
const logLines: string[] = [];
let w: StandaloneWorker;
let secretsFile: string;

beforeAll(async () => {
  secretsFile = join(await mkdtemp(join(tmpdir(), 'sec-')), 'secrets.properties');
  await writeFile(secretsFile, 'db.password=s3cr3t-from-file\n');
  process.env['TSC_TEST_SINK_MODE'] = 'report';
  const sink = new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb(); } });
  w = await startTestWorker({
    'config.providers': 'env,file',
    'config.providers.env.class': 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
    'config.providers.file.class': 'org.apache.kafka.common.config.provider.FileConfigProvider',
  }, pino({ level: 'info' }, sink));
});
afterAll(async () => {
  await w?.stop();
});

const STOP_FIRST = (c: string) => `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${c}/stop' endpoint`;
const ALTERED = 'The Connect framework-managed offsets for this connector have been altered successfully. However, if this connector manages offsets externally, they will need to be manually altered in the system that the connector uses.';
const RESET = 'The Connect framework-managed offsets for this connector have been reset successfully. However, if this connector manages offsets externally, they will need to be manually reset in the system that the connector uses.';

describe('REST extras', () => {
  it('GET /health', async () => {
    expect(await rest(w, 'GET', '/health')).toEqual({ status: 200, body: { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' } });
  });

  it('GET /connector-plugins/{p}/config lists the plugin config keys', async () => {
    expect(await rest(w, 'GET', '/connector-plugins/test.ReportingSinkConnector/config')).toEqual({ status: 200, body: [
      { name: 'mode', type: 'STRING', required: false, default_value: 'report', importance: 'MEDIUM', documentation: 'report | buffer | deferred', group: null, width: 'NONE', display_name: 'mode', dependents: [], order: -1 },
      { name: 'request.commit', type: 'BOOLEAN', required: false, default_value: 'true', importance: 'MEDIUM', documentation: 'buffer mode: requestCommit() after flushing', group: null, width: 'NONE', display_name: 'request.commit', dependents: [], order: -1 },
      { name: 'db.password', type: 'PASSWORD', required: false, default_value: null, importance: 'MEDIUM', documentation: 'secret, for masking tests', group: null, width: 'NONE', display_name: 'db.password', dependents: [], order: -1 },
    ] });
    expect(await rest(w, 'GET', '/connector-plugins/nope.Nope/config')).toEqual({ status: 404, body: { error_code: 404, message: 'Unknown plugin nope.Nope.' } });
  });

  it('resolves ${env:…} and ${file:…} for tasks only; REST shows the references; secrets are masked in logs', async () => {
    const name = uniqueName('prov');
    const config = {
      'connector.class': 'test.ReportingSinkConnector', topics: uniqueName('t'),
      mode: '${env:TSC_TEST_SINK_MODE}', 'db.password': `\${file:${secretsFile}:db.password}`,
    };
    expect((await rest(w, 'PUT', `/connectors/${name}/config`, config)).status).toBe(201);
    await waitFor('task started', async () => seen.taskConfigs.get(name));
    expect(seen.taskConfigs.get(name)).toMatchObject({ mode: 'report', 'db.password': 's3cr3t-from-file' });
    expect((await rest(w, 'GET', `/connectors/${name}/config`)).body).toEqual({ ...config, name });
    expect((await rest(w, 'GET', `/connectors/${name}/tasks`)).body).toEqual([{ id: { connector: name, task: 0 }, config: { ...config, name } }]);
    expect(await rest(w, 'GET', `/connectors/${name}/tasks-config`)).toEqual({ status: 200, body: { [`${name}-0`]: { ...config, name } } });

    const plain = uniqueName('plain');
    await rest(w, 'PUT', `/connectors/${plain}/config`, { 'connector.class': 'test.ReportingSinkConnector', topics: uniqueName('t'), 'db.password': 'hunter2-literal' });
    await waitFor('task started', async () => seen.taskConfigs.get(plain));
    const all = logLines.join('');
    expect(all).not.toContain('hunter2-literal');
    expect(all).not.toContain('s3cr3t-from-file');
    const instantiated = logLines.map((l) => JSON.parse(l) as { msg: string; config?: Record<string, string>; logger?: string })
      .find((l) => l.msg.startsWith(`Instantiated connector ${plain} `));
    expect(instantiated).toMatchObject({ logger: 'org.apache.kafka.connect.runtime.WorkerConnector', config: { 'db.password': '[hidden]', name: plain } });
  });

  it('/admin/loggers lists and sets levels of the named loggers', async () => {
    const list = (await rest(w, 'GET', '/admin/loggers')).body as Record<string, { level: string; last_modified: number | null }>;
    expect(list['root']).toEqual({ level: 'INFO', last_modified: null });
    expect(list['org.apache.kafka.connect.runtime.WorkerSinkTask']).toEqual({ level: 'INFO', last_modified: null });
    const before = Date.now();
    const set = await rest(w, 'PUT', '/admin/loggers/org.apache.kafka.connect.runtime.WorkerSinkTask', { level: 'DEBUG' });
    expect(set).toEqual({ status: 200, body: ['org.apache.kafka.connect.runtime.WorkerSinkTask'] });
    const one = (await rest(w, 'GET', '/admin/loggers/org.apache.kafka.connect.runtime.WorkerSinkTask')).body as { level: string; last_modified: number };
    expect(one.level).toBe('DEBUG');
    expect(one.last_modified).toBeGreaterThanOrEqual(before);
    const ns = await rest(w, 'PUT', '/admin/loggers/org.apache.kafka.connect.runtime.errors', { level: 'warn' });
    expect(ns).toEqual({ status: 200, body: ['org.apache.kafka.connect.runtime.errors', 'org.apache.kafka.connect.runtime.errors.LogReporter'] });
    expect(await rest(w, 'GET', '/admin/loggers/no.such.Logger')).toEqual({ status: 404, body: { error_code: 404, message: 'Logger no.such.Logger not found.' } });
    expect(await rest(w, 'PUT', '/admin/loggers/root', { level: 'LOUD' })).toEqual({ status: 404, body: { error_code: 404, message: "invalid log level 'LOUD'." } });
    expect(await rest(w, 'PUT', '/admin/loggers/root', {})).toEqual({ status: 400, body: { error_code: 400, message: "Desired 'level' parameter was not specified in request." } });
    await rest(w, 'PUT', '/admin/loggers/root', { level: 'INFO' });
  });

  it('source offsets: GET, PATCH/DELETE only when STOPPED', async () => {
    const name = uniqueName('osrc');
    await rest(w, 'POST', '/connectors', { name, config: { 'connector.class': 'CountingSource', topic: uniqueName('t'), 'count.max': '4' } });
    await waitFor('offsets flushed', async () => JSON.stringify((await rest(w, 'GET', `/connectors/${name}/offsets`)).body).includes('"position":3') ? true : undefined);
    expect(await rest(w, 'GET', `/connectors/${name}/offsets`)).toEqual({ status: 200, body: { offsets: [{ partition: { source: 'counter' }, offset: { position: 3 } }] } });
    const patch = { offsets: [{ partition: { source: 'counter' }, offset: { position: 10 } }] };
    expect(await rest(w, 'PATCH', `/connectors/${name}/offsets`, patch)).toEqual({ status: 400, body: { error_code: 400, message: STOP_FIRST(name) } });
    expect(await rest(w, 'DELETE', `/connectors/${name}/offsets`)).toEqual({ status: 400, body: { error_code: 400, message: STOP_FIRST(name) } });
    expect((await rest(w, 'PUT', `/connectors/${name}/stop`)).status).toBe(204);
    expect(await rest(w, 'PATCH', `/connectors/${name}/offsets`, { offsets: [] })).toEqual({ status: 400, body: { error_code: 400, message: 'Partitions / offsets need to be provided for an alter offsets request' } });
    expect(await rest(w, 'PATCH', `/connectors/${name}/offsets`, patch)).toEqual({ status: 200, body: { message: ALTERED } });
    expect((await rest(w, 'GET', `/connectors/${name}/offsets`)).body).toEqual(patch);
    expect(await rest(w, 'DELETE', `/connectors/${name}/offsets`)).toEqual({ status: 200, body: { message: RESET } });
    expect((await rest(w, 'GET', `/connectors/${name}/offsets`)).body).toEqual({ offsets: [] });
    expect(await rest(w, 'GET', '/connectors/nope/offsets')).toEqual({ status: 404, body: { error_code: 404, message: 'Connector nope not found' } });
  });

  it('sink offsets: the consumer group, altered and reset with the admin client', async () => {
    const topic = uniqueName('osnk');
    const name = uniqueName('osnk');
    await createTopic(kafka, topic);
    await produce(kafka, topic, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    await rest(w, 'POST', '/connectors', { name, config: { 'connector.class': 'CollectingSink', topics: topic } });
    const at = (n: number) => ({ offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: n } }] });
    await waitFor('committed', async () => JSON.stringify((await rest(w, 'GET', `/connectors/${name}/offsets`)).body) === JSON.stringify(at(3)) ? true : undefined);
    expect((await rest(w, 'PATCH', `/connectors/${name}/offsets`, at(1))).status).toBe(400);
    await rest(w, 'PUT', `/connectors/${name}/stop`);
    // The group's member leaves asynchronously after the stop; alter once it is empty.
    const bad = { offsets: [{ partition: { kafka_topic: topic }, offset: { kafka_offset: 1 } }] };
    expect(await rest(w, 'PATCH', `/connectors/${name}/offsets`, bad)).toEqual({ status: 400, body: { error_code: 400,
      message: "The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'" } });
    expect(await waitFor('altered', async () => {
      const r = await rest(w, 'PATCH', `/connectors/${name}/offsets`, at(1));
      return r.status === 200 ? r : undefined;
    })).toEqual({ status: 200, body: { message: ALTERED } });
    expect((await rest(w, 'GET', `/connectors/${name}/offsets`)).body).toEqual(at(1));
    // Resumed, the sink re-reads from offset 1.
    observed.sinkRecords.delete(name);
    await rest(w, 'PUT', `/connectors/${name}/resume`);
    await waitFor('re-read', async () => ((observed.sinkRecords.get(name)?.length ?? 0) >= 2 ? true : undefined));
    expect(observed.sinkRecords.get(name)!.map((r) => r.value)).toEqual(['b', 'c']);
    await rest(w, 'PUT', `/connectors/${name}/stop`);
    expect(await waitFor('reset', async () => {
      const r = await rest(w, 'DELETE', `/connectors/${name}/offsets`);
      return r.status === 200 ? r : undefined;
    })).toEqual({ status: 200, body: { message: RESET } });
    expect((await rest(w, 'GET', `/connectors/${name}/offsets`)).body).toEqual({ offsets: [] });
  });
});
