import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInfos, Plugin } from '@tsconnect/sdk';
import { tsconnectPlugins as converterPlugins } from '@tsconnect/converter-json';
import {
  PluginRegistry, startStandaloneWorker, type ConnectorInfo, type ConnectorStateInfo, type StandaloneWorker, type TaskStateEntry,
} from '@tsconnect/runtime';
import { restCall } from './rest-client.js';
import { TestKafka } from './test-kafka.js';

export interface TestWorkerOptions {
  /** e.g. `testEnv('KAFKA_BOOTSTRAP')`. */
  readonly bootstrapServers: string;
  /** The plugins under test. JsonConverter/StringConverter/ByteArrayConverter are added unless already present. */
  readonly plugins: readonly Plugin[] | PluginRegistry;
  /** Overrides of the defaults below (any worker.properties key). */
  readonly workerProps?: Readonly<Record<string, string>>;
  /** Reuse an offsets file (a "restart" of the same worker); default: a new temp file, removed on stop. */
  readonly offsetsFile?: string;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
}

export interface TestWorker {
  readonly worker: StandaloneWorker;
  /** e.g. http://127.0.0.1:40123 */
  readonly restUrl: string;
  readonly offsetsFile: string;
  /** Kafka helpers on the same cluster (closed by `stop`). */
  readonly kafka: TestKafka;
  /** `POST /connectors` with `name` added; throws RestError with the worker's message on 4xx. */
  createConnector(name: string, config: Readonly<Record<string, string>>): Promise<ConnectorInfo>;
  /** Waits until the connector and `tasks` tasks (default: at least one) are RUNNING. Fails fast on FAILED. */
  awaitConnectorRunning(name: string, options?: WaitOptions & { tasks?: number }): Promise<ConnectorStateInfo>;
  /** Waits until task `task` (default 0) reaches `state`; the entry carries `trace` for FAILED. */
  awaitTaskState(name: string, state: TaskStateEntry['state'], options?: WaitOptions & { task?: number }): Promise<TaskStateEntry>;
  /** `GET /connectors/{name}/status`. */
  connectorStatus(name: string): Promise<ConnectorStateInfo>;
  /** `DELETE /connectors/{name}`: resolves once its tasks were stopped. */
  deleteConnector(name: string): Promise<void>;
  /** `PUT /connector-plugins/{class}/config/validate`. */
  validateConfig(connectorClass: string, config: Readonly<Record<string, string>>): Promise<ConfigInfos>;
  /** Any other REST call. */
  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Stops the worker (flushing source offsets) and the Kafka helpers; removes the temp offsets file it made. */
  stop(): Promise<void>;
}

/** The worker props the kit starts from: quiet, schemaless JSON, REST on a free local port. */
export function defaultTestWorkerProps(bootstrapServers: string, offsetsFile: string): Record<string, string> {
  return {
    'bootstrap.servers': bootstrapServers,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter.schemas.enable': 'false',
    'rest.host.name': '127.0.0.1',
    'rest.port': '0',
    'offset.storage.file.filename': offsetsFile,
    // Short, so offsets a test waits for are on disk soon (stop flushes them anyway).
    'offset.flush.interval.ms': '200',
    'log.level': process.env['LOG_LEVEL'] ?? 'silent',
  };
}

/**
 * An in-process standalone worker (the runtime's `startStandaloneWorker`) for tests: temp offsets
 * file, `rest.port=0`, silent logs (set LOG_LEVEL=debug to see them), Kafka's JSON converters.
 * Every helper goes through the REST API, so tests exercise what users see.
 */
export async function startTestWorker(options: TestWorkerOptions): Promise<TestWorker> {
  const ownDir = options.offsetsFile ? null : await mkdtemp(join(tmpdir(), 'tsconnect-testkit-'));
  const offsetsFile = options.offsetsFile ?? join(ownDir!, 'offsets.json');
  const registry = options.plugins instanceof PluginRegistry ? options.plugins : new PluginRegistry().register(...options.plugins);
  for (const p of converterPlugins) {
    if (!registry.all().some((r) => r.className === p.className && r.type === p.type)) registry.register(p);
  }
  let worker: StandaloneWorker;
  try {
    worker = await startStandaloneWorker({
      workerProps: { ...defaultTestWorkerProps(options.bootstrapServers, offsetsFile), ...options.workerProps },
      plugins: registry,
    });
  } catch (e) {
    if (ownDir) await rm(ownDir, { recursive: true, force: true });
    throw e;
  }
  const kafka = new TestKafka(options.bootstrapServers);
  const rest = <T>(method: string, path: string, body?: unknown) => restCall<T>(worker.restUrl, method, path, body);
  const status = (name: string) => rest<ConnectorStateInfo>('GET', `/connectors/${encodeURIComponent(name)}/status`);

  return {
    worker,
    restUrl: worker.restUrl,
    offsetsFile,
    kafka,
    rest,
    connectorStatus: status,
    async createConnector(name, config) {
      return rest<ConnectorInfo>('POST', '/connectors', { name, config: { ...config, name } });
    },
    async awaitConnectorRunning(name, { timeoutMs = 30_000, tasks } = {}) {
      return poll(`connector ${name} and its tasks to be RUNNING`, timeoutMs, async () => {
        const s = await status(name).catch(() => null);
        if (!s) return { done: false, last: 'no status yet' };
        const failed = [s.connector, ...s.tasks].find((e) => e.state === 'FAILED');
        if (failed) throw new Error(`Connector ${name} FAILED instead of RUNNING: ${failed.trace ?? '(no trace)'}`);
        const running = s.connector.state === 'RUNNING' && s.tasks.length >= (tasks ?? 1) && s.tasks.every((t) => t.state === 'RUNNING');
        return { done: running, value: s, last: JSON.stringify(s) };
      });
    },
    async awaitTaskState(name, state, { timeoutMs = 30_000, task = 0 } = {}) {
      return poll(`task ${name}-${task} to be ${state}`, timeoutMs, async () => {
        const s = await status(name).catch(() => null);
        const t = s?.tasks.find((x) => x.id === task);
        return { done: t?.state === state, value: t, last: JSON.stringify(s) };
      });
    },
    async deleteConnector(name) {
      await rest('DELETE', `/connectors/${encodeURIComponent(name)}`);
    },
    async validateConfig(connectorClass, config) {
      return rest<ConfigInfos>('PUT', `/connector-plugins/${encodeURIComponent(connectorClass)}/config/validate`, config);
    },
    async stop() {
      try {
        await worker.stop();
      } finally {
        await kafka.close().catch(() => undefined);
        if (ownDir) await rm(ownDir, { recursive: true, force: true });
      }
    },
  };
}

/** Bounded polling; the timeout error shows the last observed state. */
async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<{ done: boolean; value?: T; last: string }>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const r = await probe();
    if (r.done) return r.value as T;
    last = r.last;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${last}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
