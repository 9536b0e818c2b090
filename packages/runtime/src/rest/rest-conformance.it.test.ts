import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { startDistributedWorker } from '../start-distributed-worker.js';
import { startStandaloneWorker } from '../start-standalone-worker.js';
import { testPlugins } from '../test-support/test-plugins.js';

/**
 * Every endpoint of Kafka Connect's REST API (ConnectorsResource, ConnectorPluginsResource,
 * LoggingResource, RootResource) against a standalone and a distributed worker, with the
 * bodies Kafka Connect 4.x answers. Where Kafka's two herders word an error differently
 * (StandaloneHerder vs DistributedHerder), each mode is held to its own Kafka counterpart.
 */
const logger = pino({ level: process.env['LOG_LEVEL'] ?? 'silent' });
const plugins = () => new PluginRegistry().register(...testPlugins);
type Mode = 'standalone' | 'distributed';
interface Running { restUrl: string; workerId: string; stop(): Promise<void> }

const KAFKA_MESSAGES = {
  standalone: {
    restartUnknownConnector: (c: string) => `Connector ${c} not found`,
    restartUnknownTask: (c: string, t: number) => `Task ${c}-${t} not found`,
    restartTaskUnknownConnector: (c: string) => `Connector ${c} not found`,
  },
  distributed: {
    restartUnknownConnector: (c: string) => `Unknown connector: ${c}`,
    restartUnknownTask: (c: string, t: number) => `Unknown task: ${c}-${t}`,
    restartTaskUnknownConnector: (c: string) => `Unknown connector: ${c}`,
  },
} as const;

/** Kafka's answer when the connector does not implement alterOffsets (ours do not). */
const framework = (kind: string) => `The Connect framework-managed offsets for this connector have been ${kind} successfully. `
  + `However, if this connector manages offsets externally, they will need to be manually ${kind} in the system that the connector uses.`;

async function startWorker(mode: Mode, group: string): Promise<Running> {
  const common = {
    'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter',
    'rest.port': '0', 'rest.host.name': '127.0.0.1', 'rest.advertised.host.name': '127.0.0.1', 'offset.flush.interval.ms': '100',
  };
  if (mode === 'standalone') {
    return startStandaloneWorker({
      workerProps: { ...common, 'offset.storage.file.filename': join(await mkdtemp(join(tmpdir(), 'conf-')), 'offsets.json') },
      plugins: plugins(), logger,
    });
  }
  return startDistributedWorker({
    workerProps: {
      ...common, 'group.id': group, 'heartbeat.interval.ms': '300', 'session.timeout.ms': '6000',
      'config.storage.topic': `${group}-configs`, 'offset.storage.topic': `${group}-offsets`, 'status.storage.topic': `${group}-status`,
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
      'offset.storage.partitions': '1', 'status.storage.partitions': '1',
    },
    plugins: plugins(), logger,
  });
}

describe.each(['standalone', 'distributed'] as const)('Kafka Connect REST conformance (%s)', (mode) => {
  let w: Running;
  const group = uniqueName(`conf-${mode}`);
  const topic = uniqueName('conf');
  const src = uniqueName('src');
  const call = async (method: string, path: string, body?: unknown, base = w.restUrl) => {
    const res = await fetch(base + path, {
      method, headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : JSON.parse(text) as unknown, headers: res.headers };
  };
  /** Writes answer 409 until the first assignment is in (distributed). */
  const stableCall = (method: string, path: string, body?: unknown) =>
    waitFor(`${method} ${path} outside a rebalance`, async () => { const r = await call(method, path, body); return r.status === 409 && mode === 'distributed' && path !== '/connectors' ? undefined : r; });
  const srcConfig = { 'connector.class': 'test.CountingSourceConnector', topic, 'count.max': '3', 'tasks.max': '1' };
  const running = () => waitFor(`${src} RUNNING`, async () => {
    const r = await call('GET', `/connectors/${src}/status`);
    const b = r.body as { connector?: { state: string }; tasks?: { state: string }[] };
    return b.connector?.state === 'RUNNING' && b.tasks?.length === 1 && b.tasks[0]!.state === 'RUNNING' ? b : undefined;
  });

  beforeAll(async () => { w = await startWorker(mode, group); }, 60_000);
  afterAll(async () => { await w?.stop(); });

  it('GET / and /health', async () => {
    const root = await call('GET', '/');
    expect(root.status).toBe(200);
    expect(Object.keys(root.body as object)).toEqual(['version', 'commit', 'kafka_cluster_id']);
    expect((root.body as { kafka_cluster_id: string }).kafka_cluster_id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await call('GET', '/health').then((r) => [r.status, r.body])).toEqual([200,
      { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' }]);
  });

  it('POST /connectors: 201 + Location + ConnectorInfo; 409 on a duplicate; 400 with per-field errors', async () => {
    const created = await waitFor('POST accepted', async () => {
      const r = await call('POST', '/connectors', { name: src, config: srcConfig });
      return r.status === 409 && (r.body as { message: string }).message.startsWith('Cannot complete') ? undefined : r;
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/connectors/${src}`);
    // Kafka's DistributedHerder answers with the tasks known when the config was written (none yet).
    expect(created.body).toEqual({ name: src, config: { ...srcConfig, name: src },
      tasks: mode === 'standalone' ? [{ connector: src, task: 0 }] : [], type: 'source' });

    expect(await call('POST', '/connectors', { name: src, config: srcConfig }).then((r) => [r.status, r.body]))
      .toEqual([409, { error_code: 409, message: `Connector ${src} already exists` }]);

    const bad = await call('POST', '/connectors', { name: uniqueName('bad'), config: { 'connector.class': 'test.CountingSourceConnector', 'count.max': 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error_code: 400, message: [
      'Connector configuration is invalid and contains the following 2 error(s):',
      'Missing required configuration "topic" which has no default value.',
      'Invalid value x for configuration count.max: Not a number of type INT',
      'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
    ].join('\n') });
    expect(await call('POST', '/connectors', '{"name":').then((r) => r.status)).toBe(400);
    expect(await call('POST', '/connectors', { name: 'x/y', config: srcConfig }).then((r) => r.body))
      .toEqual({ error_code: 400, message: "Invalid value x/y for configuration name: connector name should not contain '/'" });
  });

  it('GET /connectors (plain, expand=status, expand=info), /{c}, /{c}/config, /{c}/status, /{c}/tasks, /{c}/tasks-config, /{c}/tasks/{t}/status, /{c}/topics', async () => {
    await running();
    expect((await call('GET', '/connectors')).body).toEqual([src]);
    const status = { name: src, connector: { state: 'RUNNING', worker_id: w.workerId }, tasks: [{ id: 0, state: 'RUNNING', worker_id: w.workerId }], type: 'source' };
    const info = { name: src, config: { ...srcConfig, name: src }, tasks: [{ connector: src, task: 0 }], type: 'source' };
    expect((await call('GET', '/connectors?expand=status')).body).toEqual({ [src]: { status } });
    expect((await call('GET', '/connectors?expand=info&expand=status')).body).toEqual({ [src]: { info, status } });
    expect((await call('GET', `/connectors/${src}`)).body).toEqual(info);
    expect((await call('GET', `/connectors/${src}/config`)).body).toEqual({ ...srcConfig, name: src });
    expect((await call('GET', `/connectors/${src}/status`)).body).toEqual(status);
    expect((await call('GET', `/connectors/${src}/tasks`)).body).toEqual([{ id: { connector: src, task: 0 }, config: expect.any(Object) }]);
    expect(Object.keys((await call('GET', `/connectors/${src}/tasks-config`)).body as object)).toEqual([`${src}-0`]);
    expect((await call('GET', `/connectors/${src}/tasks/0/status`)).body).toEqual({ id: 0, state: 'RUNNING', worker_id: w.workerId });
    const topics = await waitFor('active topic', async () => {
      const r = await call('GET', `/connectors/${src}/topics`);
      return ((r.body as Record<string, { topics: string[] }>)[src]?.topics.length ?? 0) > 0 ? r.body : undefined;
    });
    expect(topics).toEqual({ [src]: { topics: [topic] } });
  });

  it('404s with Kafka\'s messages for unknown connectors, tasks and paths', async () => {
    const nope = uniqueName('nope');
    const m = KAFKA_MESSAGES[mode];
    const cases: [string, string, number, string][] = [
      ['GET', `/connectors/${nope}`, 404, `Connector ${nope} not found`],
      ['GET', `/connectors/${nope}/config`, 404, `Connector ${nope} not found`],
      ['GET', `/connectors/${nope}/status`, 404, `No status found for connector ${nope}`],
      ['GET', `/connectors/${nope}/tasks`, 404, `Connector ${nope} not found`],
      ['GET', `/connectors/${src}/tasks/7/status`, 404, `No status found for task ${src}-7`],
      ['POST', `/connectors/${nope}/restart`, 404, m.restartUnknownConnector(nope)],
      ['POST', `/connectors/${nope}/tasks/0/restart`, 404, m.restartTaskUnknownConnector(nope)],
      ['POST', `/connectors/${src}/tasks/7/restart`, 404, m.restartUnknownTask(src, 7)],
      ['PUT', `/connectors/${nope}/pause`, 404, `Unknown connector ${nope}`],
      ['PUT', `/connectors/${nope}/resume`, 404, `Unknown connector ${nope}`],
      ['PUT', `/connectors/${nope}/stop`, 404, `Unknown connector ${nope}`],
      ['DELETE', `/connectors/${nope}`, 404, `Connector ${nope} not found`],
      ['GET', `/connectors/${nope}/offsets`, 404, `Connector ${nope} not found`],
      ['GET', '/connector-plugins/NoSuchPlugin/config', 404, 'Unknown plugin NoSuchPlugin.'],
      ['GET', '/admin/loggers/no.such.Logger', 404, 'Logger no.such.Logger not found.'],
      ['GET', '/no/such/path', 404, 'HTTP 404 Not Found'],
    ];
    const got = [];
    for (const [method, path] of cases) {
      const r = await call(method, path);
      got.push([method, path, r.status, (r.body as { message?: string } | null)?.message]);
      if (r.status >= 400) expect(r.body).toEqual({ error_code: r.status, message: expect.any(String) });
    }
    expect(got).toEqual(cases);
  });

  it('PUT/PATCH /config, pause, resume, restart (both forms), task restart, stop, offsets, topics/reset, DELETE', async () => {
    await running();
    const updated = await stableCall('PUT', `/connectors/${src}/config`, { ...srcConfig, 'count.max': '4' });
    expect([updated.status, (updated.body as { config: object }).config]).toEqual([200, { ...srcConfig, 'count.max': '4', name: src }]);
    expect(await call('PUT', `/connectors/${src}/config`, { ...srcConfig, name: 'other' }).then((r) => [r.status, r.body]))
      .toEqual([400, { error_code: 400, message: `Connector name configuration (other) doesn't match connector name in the URL (${src})` }]);
    const patched = await stableCall('PATCH', `/connectors/${src}/config`, { 'count.max': '5' });
    expect([patched.status, (patched.body as { config: object }).config]).toEqual([200, { ...srcConfig, 'count.max': '5', name: src }]);

    expect((await stableCall('PUT', `/connectors/${src}/pause`)).status).toBe(202);
    await waitFor('PAUSED', async () => ((await call('GET', `/connectors/${src}/status`)).body as { connector: { state: string } }).connector.state === 'PAUSED' || undefined);
    expect((await stableCall('PUT', `/connectors/${src}/resume`)).status).toBe(202);
    await running();
    const plain = await stableCall('POST', `/connectors/${src}/restart`);
    expect([plain.status, plain.body]).toEqual([204, null]);
    await running();
    const full = await stableCall('POST', `/connectors/${src}/restart?includeTasks=true&onlyFailed=false`);
    expect(full.status).toBe(202);
    expect(full.body).toEqual({ name: src, connector: { state: 'RESTARTING', worker_id: w.workerId },
      tasks: [{ id: 0, state: 'RESTARTING', worker_id: w.workerId }], type: 'source' });
    await running();
    expect((await stableCall('POST', `/connectors/${src}/tasks/0/restart`)).status).toBe(204);
    await running();
    expect((await stableCall('PUT', `/connectors/${src}/topics/reset`)).status).toBe(202);
    expect((await call('GET', `/connectors/${src}/topics`)).body).toEqual({ [src]: { topics: [] } });

    // KIP-875: offsets need a STOPPED connector to change.
    const offsets = await call('GET', `/connectors/${src}/offsets`);
    expect(offsets.status).toBe(200);
    expect(Object.keys(offsets.body as object)).toEqual(['offsets']);
    expect(await call('DELETE', `/connectors/${src}/offsets`).then((r) => [r.status, r.body])).toEqual([400, { error_code: 400, message:
      `Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${src}/stop' endpoint` }]);
    expect((await stableCall('PUT', `/connectors/${src}/stop`)).status).toBe(204);
    const stopped = await waitFor('STOPPED', async () => {
      const b = (await call('GET', `/connectors/${src}/status`)).body as { connector: { state: string }; tasks: unknown[] };
      return b.connector.state === 'STOPPED' && b.tasks.length === 0 ? b : undefined;
    });
    expect(stopped).toEqual({ name: src, connector: { state: 'STOPPED', worker_id: w.workerId }, tasks: [], type: 'source' });
    expect(await call('PATCH', `/connectors/${src}/offsets`, { offsets: [{ partition: { source: 'counter' }, offset: { position: 1 } }] })
      .then((r) => [r.status, r.body])).toEqual([200, { message: framework('altered') }]);
    expect(await call('GET', `/connectors/${src}/offsets`).then((r) => r.body))
      .toEqual({ offsets: [{ partition: { source: 'counter' }, offset: { position: 1 } }] });
    expect(await call('DELETE', `/connectors/${src}/offsets`).then((r) => [r.status, r.body]))
      .toEqual([200, { message: framework('reset') }]);

    expect(await stableCall('DELETE', `/connectors/${src}`).then((r) => [r.status, r.body])).toEqual([204, null]);
    expect((await call('GET', '/connectors')).body).toEqual([]);
  });

  it('/connector-plugins, /{p}/config, /{p}/config/validate', async () => {
    expect((await call('GET', '/connector-plugins')).body).toEqual([
      { class: 'test.CollectingSinkConnector', type: 'sink', version: '2.0.0' },
      { class: 'test.CountingSourceConnector', type: 'source', version: '1.0.0' },
    ]);
    const all = (await call('GET', '/connector-plugins?connectorsOnly=false')).body as { class: string; type: string }[];
    expect(all.map((p) => p.type)).toContain('converter');
    const keys = (await call('GET', '/connector-plugins/test.CountingSourceConnector/config')).body as Record<string, unknown>[];
    expect(keys[0]).toEqual({ name: 'topic', type: 'STRING', required: true, default_value: null, importance: 'HIGH',
      documentation: 'Topic to write to.', group: null, width: 'NONE', display_name: 'topic', dependents: [], order: -1 });
    const v = await call('PUT', '/connector-plugins/CountingSource/config/validate', { 'count.max': 'x' });
    expect(v.status).toBe(200);
    const body = v.body as { name: string; error_count: number; groups: string[]; configs: { definition: { name: string }; value: unknown }[] };
    expect([body.name, body.error_count, body.groups]).toEqual(['test.CountingSourceConnector', 3, ['Common', 'Transforms', 'Error Handling']]);
    const byName = new Map(body.configs.map((c) => [c.definition.name, c.value]));
    expect(byName.get('topic')).toEqual({ name: 'topic', value: null, recommended_values: [], errors: ['Missing required configuration "topic" which has no default value.'], visible: true });
    expect(byName.get('count.max')).toEqual({ name: 'count.max', value: 'x', recommended_values: [], errors: ['Invalid value x for configuration count.max: Not a number of type INT'], visible: true });
    expect(await call('PUT', '/connector-plugins/CountingSource/config/validate', { 'connector.class': 'test.CollectingSinkConnector' }).then((r) => [r.status, r.body]))
      .toEqual([400, { error_code: 400, message: 'Included connector type test.CollectingSinkConnector does not match request type CountingSource' }]);
  });

  it('/admin/loggers GET/PUT', async () => {
    const all = (await call('GET', '/admin/loggers')).body as Record<string, { level: string }>;
    expect(all['root']).toEqual({ level: expect.stringMatching(/^[A-Z]+$/), last_modified: null });
    const put = await call('PUT', '/admin/loggers/org.apache.kafka.connect.runtime.WorkerSourceTask', { level: 'DEBUG' });
    expect(put.status).toBe(200);
    expect(put.body).toContain('org.apache.kafka.connect.runtime.WorkerSourceTask');
    const one = (await call('GET', '/admin/loggers/org.apache.kafka.connect.runtime.WorkerSourceTask')).body as { level: string; last_modified: number };
    expect([one.level, typeof one.last_modified]).toEqual(['DEBUG', 'number']);
    expect(await call('PUT', '/admin/loggers/x', {}).then((r) => [r.status, r.body]))
      .toEqual([400, { error_code: 400, message: "Desired 'level' parameter was not specified in request." }]);
    expect(await call('PUT', '/admin/loggers/x', { level: 'LOUD' }).then((r) => [r.status, r.body]))
      .toEqual([404, { error_code: 404, message: "invalid log level 'LOUD'." }]);
  });

  it('/config/worker (masked) and /cluster/status', async () => {
    const cfg = (await call('GET', '/config/worker')).body as Record<string, string>;
    expect(cfg['bootstrap.servers']).toBe(testEnv('KAFKA_BOOTSTRAP'));
    const cluster = (await call('GET', '/cluster/status')).body as { mode: string; workers: { worker_id: string }[] };
    expect([cluster.mode, cluster.workers.map((x) => x.worker_id)]).toEqual([mode, [w.workerId]]);
  });

  if (mode === 'distributed') {
    it('answers 409 while the group rebalances (a second worker joins), and forwards follower writes to the leader', async () => {
      const name = uniqueName('rb');
      expect((await stableCall('PUT', `/connectors/${name}/config`, { ...srcConfig, topic: uniqueName('rb') })).status).toBe(201);
      const second = startWorker(mode, group);
      const seen = await waitFor('a 409 during the rebalance', async () => {
        const r = await call('PUT', `/connectors/${name}/pause`);
        return r.status === 409 ? r.body : undefined;
      }, { timeoutMs: 30_000, intervalMs: 5 });
      expect(seen).toEqual({ error_code: 409, message: 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)' });
      const w2 = await second;
      try {
        const r = await waitFor('follower write forwarded', async () => {
          const res = await call('PUT', `/connectors/${name}/resume`, undefined, w2.restUrl);
          return res.status === 409 ? undefined : res;
        });
        expect([r.status, r.body]).toEqual([202, null]);
        expect(await stableCall('DELETE', `/connectors/${name}`).then((x) => x.status)).toBe(204);
      } finally {
        await w2.stop();
      }
    }, 60_000);
  }
});
