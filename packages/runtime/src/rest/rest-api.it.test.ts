import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { startStandaloneWorker, type StandaloneWorker } from '../start-standalone-worker.js';
import { testPlugins } from '../test-support/test-plugins.js';

let w: StandaloneWorker;
const topic = uniqueName('rest');
const src = uniqueName('src');
const snk = uniqueName('snk');

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(w.restUrl + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text) };
}

const srcConfig = { 'connector.class': 'CountingSource', topic, 'count.max': '5' };

beforeAll(async () => {
  w = await startStandaloneWorker({
    workerProps: {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter',
      'rest.port': '0', 'rest.host.name': '127.0.0.1', 'rest.advertised.host.name': 'tsc-1',
      'offset.storage.file.filename': join(await mkdtemp(join(tmpdir(), 'rest-')), 'offsets.json'),
      'offset.flush.interval.ms': '100', 'consumer.secret.password': 'hunter2',
    },
    plugins: new PluginRegistry().register(...testPlugins),
    logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
  });
});
afterAll(async () => {
  await w?.stop();
});

describe('REST API', () => {
  it('GET / reports version and the Kafka cluster id', async () => {
    const r = await call('GET', '/');
    expect(r.status).toBe(200);
    const body = r.body as { version: string; commit: string; kafka_cluster_id: string };
    expect(body.version).toBe('0.1.0');
    expect(body.commit).toBe('unknown');
    expect(body.kafka_cluster_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('GET /connector-plugins lists connectors; connectorsOnly=false lists all', async () => {
    expect(await call('GET', '/connector-plugins')).toEqual({ status: 200, body: [
      { class: 'test.CollectingSinkConnector', type: 'sink', version: '2.0.0' },
      { class: 'test.CountingSourceConnector', type: 'source', version: '1.0.0' },
    ] });
    const all = await call('GET', '/connector-plugins?connectorsOnly=false');
    expect((all.body as { class: string }[]).map((p) => p.class)).toEqual(
      ['test.CollectingSinkConnector', 'test.CountingSourceConnector', 'test.StringConverter']);
  });

  it('PUT /connector-plugins/{p}/config/validate returns ConfigInfos', async () => {
    const r = await call('PUT', '/connector-plugins/CountingSource/config/validate', { name: 'v', 'tasks.max': '0' });
    expect(r.status).toBe(200);
    const body = r.body as { name: string; error_count: number; configs: { value: { name: string; errors: string[] } }[] };
    expect(body.name).toBe('test.CountingSourceConnector');
    expect(body.error_count).toBe(2);
    expect(body.configs.filter((c) => c.value.errors.length).map((c) => c.value)).toEqual([
      { name: 'tasks.max', value: '0', recommended_values: [], errors: ['Invalid value 0 for configuration tasks.max: Value must be at least 1'], visible: true },
      { name: 'topic', value: null, recommended_values: [], errors: ['Missing required configuration "topic" which has no default value.'], visible: true },
    ]);
    expect(await call('PUT', '/connector-plugins/CountingSource/config/validate', { 'connector.class': 'CollectingSink' })).toEqual({
      status: 400, body: { error_code: 400, message: 'Included connector type CollectingSink does not match request type CountingSource' } });
  });

  it('POST /connectors: 201, 400 naming the field, 409 duplicate', async () => {
    const created = await call('POST', '/connectors', { name: src, config: srcConfig });
    expect(created).toEqual({ status: 201, body: {
      name: src, config: { ...srcConfig, name: src }, tasks: [{ connector: src, task: 0 }], type: 'source' } });
    expect(await call('POST', '/connectors', { name: src, config: srcConfig })).toEqual({
      status: 409, body: { error_code: 409, message: `Connector ${src} already exists` } });
    expect(await call('POST', '/connectors', { name: 'bad', config: { 'connector.class': 'CountingSource' } })).toEqual({
      status: 400, body: { error_code: 400, message: 'Connector configuration is invalid and contains the following 1 error(s):\n' +
        'Missing required configuration "topic" which has no default value.\n' +
        'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`' } });
    expect(await call('POST', '/connectors', { name: 'bad', config: { topic: 'x' } })).toEqual({
      status: 400, body: { error_code: 400, message: 'Connector config contains no connector type: missing required configuration "connector.class"' } });
    expect(await call('POST', '/connectors', { name: 'bad' })).toEqual({
      status: 400, body: { error_code: 400, message: 'Missing required field "config" in the request body' } });
    expect(await call('POST', '/connectors', { name: 'a', config: { ...srcConfig, name: 'b' } })).toEqual({
      status: 400, body: { error_code: 400, message: "Connector name configuration (b) doesn't match connector name in the URL (a)" } });
    expect(await call('GET', '/connectors')).toEqual({ status: 200, body: [src] });
  });

  it('PUT /connectors/{c}/config creates (201) then updates (200); PATCH merges', async () => {
    const config = { 'connector.class': 'test.CollectingSinkConnector', topics: topic };
    expect(await call('PUT', `/connectors/${snk}/config`, config)).toEqual({ status: 201, body: {
      name: snk, config: { ...config, name: snk }, tasks: [{ connector: snk, task: 0 }], type: 'sink' } });
    expect(await call('PUT', `/connectors/${snk}/config`, { ...config, 'tasks.max': '1' })).toEqual({ status: 200, body: {
      name: snk, config: { ...config, 'tasks.max': '1', name: snk }, tasks: [{ connector: snk, task: 0 }], type: 'sink' } });
    expect(await call('PATCH', `/connectors/${snk}/config`, { 'tasks.max': null, 'errors.tolerance': 'all' })).toEqual({ status: 200, body: {
      name: snk, config: { ...config, name: snk, 'errors.tolerance': 'all' }, tasks: [{ connector: snk, task: 0 }], type: 'sink' } });
    expect(await call('GET', `/connectors/${snk}/config`)).toEqual({ status: 200, body: { ...config, name: snk, 'errors.tolerance': 'all' } });
    expect(await call('GET', `/connectors/${snk}`)).toEqual({ status: 200, body: {
      name: snk, config: { ...config, name: snk, 'errors.tolerance': 'all' }, tasks: [{ connector: snk, task: 0 }], type: 'sink' } });
  });

  it('status, tasks and topics', async () => {
    await waitFor('both running', async () => {
      const a = (await call('GET', `/connectors/${src}/status`)).body as { tasks: { state: string }[] };
      const b = (await call('GET', `/connectors/${snk}/status`)).body as { tasks: { state: string }[] };
      return a.tasks[0]?.state === 'RUNNING' && b.tasks[0]?.state === 'RUNNING' ? true : undefined;
    });
    expect(await call('GET', `/connectors/${src}/status`)).toEqual({ status: 200, body: {
      name: src, connector: { state: 'RUNNING', worker_id: w.workerId }, tasks: [{ id: 0, state: 'RUNNING', worker_id: w.workerId }], type: 'source' } });
    expect(w.workerId).toMatch(/^tsc-1:\d+$/);
    expect(await call('GET', `/connectors/${src}/tasks/0/status`)).toEqual({ status: 200, body: { id: 0, state: 'RUNNING', worker_id: w.workerId } });
    expect(await call('GET', `/connectors/${src}/tasks`)).toEqual({ status: 200, body: [
      { id: { connector: src, task: 0 }, config: { ...srcConfig, name: src } }] });
    await waitFor('topics tracked', async () => ((await call('GET', `/connectors/${src}/topics`)).body as Record<string, { topics: string[] }>)[src]!.topics.length ? true : undefined);
    expect(await call('GET', `/connectors/${src}/topics`)).toEqual({ status: 200, body: { [src]: { topics: [topic] } } });
    const expanded = await call('GET', '/connectors?expand=status&expand=info');
    expect(Object.keys(expanded.body as object).sort()).toEqual([snk, src].sort());
    expect((expanded.body as Record<string, { info: { type: string }; status: { connector: { state: string } } }>)[src]).toMatchObject({
      info: { name: src, type: 'source' }, status: { connector: { state: 'RUNNING' } } });
  });

  it('pause, resume, restart, stop', async () => {
    expect(await call('PUT', `/connectors/${src}/pause`)).toEqual({ status: 202, body: null });
    await waitFor('paused', async () => ((await call('GET', `/connectors/${src}/tasks/0/status`)).body as { state: string }).state === 'PAUSED' ? true : undefined);
    expect(((await call('GET', `/connectors/${src}/status`)).body as { connector: { state: string } }).connector.state).toBe('PAUSED');
    expect(await call('PUT', `/connectors/${src}/resume`)).toEqual({ status: 202, body: null });
    await waitFor('resumed', async () => ((await call('GET', `/connectors/${src}/tasks/0/status`)).body as { state: string }).state === 'RUNNING' ? true : undefined);
    expect(await call('POST', `/connectors/${src}/restart`)).toEqual({ status: 204, body: null });
    expect(await call('POST', `/connectors/${src}/tasks/0/restart`)).toEqual({ status: 204, body: null });
    const r = await call('POST', `/connectors/${src}/restart?includeTasks=true`);
    expect(r).toEqual({ status: 202, body: { name: src, connector: { state: 'RESTARTING', worker_id: w.workerId },
      tasks: [{ id: 0, state: 'RESTARTING', worker_id: w.workerId }], type: 'source' } });
    await waitFor('running after restart', async () => ((await call('GET', `/connectors/${src}/tasks/0/status`)).body as { state: string }).state === 'RUNNING' ? true : undefined);
    expect(await call('PUT', `/connectors/${src}/stop`)).toEqual({ status: 204, body: null });
    expect(await call('GET', `/connectors/${src}/status`)).toEqual({ status: 200, body: {
      name: src, connector: { state: 'STOPPED', worker_id: w.workerId }, tasks: [], type: 'source' } });
    expect(await call('GET', `/connectors/${src}`)).toMatchObject({ status: 200, body: { tasks: [] } });
    expect(await call('PUT', `/connectors/${src}/resume`)).toEqual({ status: 202, body: null });
    await waitFor('running after stop+resume', async () => ((await call('GET', `/connectors/${src}/tasks/0/status`)).body as { state?: string }).state === 'RUNNING' ? true : undefined);
  });

  it('worker config (secrets masked) and cluster status', async () => {
    const cfg = (await call('GET', '/config/worker')).body as Record<string, string>;
    expect(cfg['consumer.secret.password']).toBe('[hidden]');
    expect(cfg['rest.advertised.host.name']).toBe('tsc-1');
    const cluster = await call('GET', '/cluster/status');
    expect(cluster.status).toBe(200);
    expect(cluster.body).toMatchObject({ mode: 'standalone', workers: [{ worker_id: w.workerId, connectors: [snk, src].sort() }] });
  });

  it('unknown connector / task / route → 404 with Kafka messages', async () => {
    const nf = (message: string) => ({ status: 404, body: { error_code: 404, message } });
    expect(await call('GET', '/connectors/nope')).toEqual(nf('Connector nope not found'));
    expect(await call('GET', '/connectors/nope/config')).toEqual(nf('Connector nope not found'));
    expect(await call('PATCH', '/connectors/nope/config', { a: 'b' })).toEqual(nf('Connector nope not found'));
    expect(await call('GET', '/connectors/nope/tasks')).toEqual(nf('Connector nope not found'));
    expect(await call('GET', '/connectors/nope/status')).toEqual(nf('No status found for connector nope'));
    expect(await call('GET', '/connectors/nope/tasks/0/status')).toEqual(nf('No status found for task nope-0'));
    expect(await call('GET', `/connectors/${src}/tasks/7/status`)).toEqual(nf(`No status found for task ${src}-7`));
    expect(await call('POST', '/connectors/nope/restart')).toEqual(nf('Connector nope not found'));
    expect(await call('POST', '/connectors/nope/restart?includeTasks=true')).toEqual(nf('Unknown connector: nope'));
    expect(await call('POST', '/connectors/nope/tasks/0/restart')).toEqual(nf('Connector nope not found'));
    expect(await call('POST', `/connectors/${src}/tasks/5/restart`)).toEqual(nf(`Task ${src}-5 not found`));
    expect(await call('PUT', '/connectors/nope/pause')).toEqual(nf('Unknown connector nope'));
    expect(await call('PUT', '/connectors/nope/resume')).toEqual(nf('Unknown connector nope'));
    expect(await call('PUT', '/connectors/nope/stop')).toEqual(nf('Unknown connector nope'));
    expect(await call('DELETE', '/connectors/nope')).toEqual(nf('Connector nope not found'));
    expect(await call('GET', '/connectors/nope/topics')).toEqual({ status: 200, body: { nope: { topics: [] } } });
    expect(await call('GET', '/no/such/path')).toEqual(nf('HTTP 404 Not Found'));
  });

  it('DELETE /connectors/{c} → 204, then gone', async () => {
    expect(await call('DELETE', `/connectors/${snk}`)).toEqual({ status: 204, body: null });
    expect(await call('GET', `/connectors/${snk}`)).toEqual({ status: 404, body: { error_code: 404, message: `Connector ${snk} not found` } });
    expect(await call('GET', '/connectors')).toEqual({ status: 200, body: [src] });
  });
});
