import { join } from 'node:path';
import type { OffsetMap, SourceConnectorPlugin, SourceTaskContext } from '@tsconnect/sdk';
import { expect } from 'vitest';
import {
  ensure, within, withContext, type ConformanceContext, type ExpectedRecord, type Resolved, type SourceConformanceOptions,
} from './conformance-options.js';
import { fullConfig } from './config-checks.js';
import { assertConnectorOrder, assertTaskOrder } from './lifecycle-order.js';
import { INJECT_FAILURE_KEY, INJECTED_FAILURE_MESSAGE, LifecycleRecorder, recordingPlugin } from './recording-plugin.js';
import { awaitFailure } from './failure-checks.js';
import { testKafka, type ConsumedRecord } from './test-kafka.js';
import { startTestWorker, type TestWorker } from './test-worker.js';

type R = Resolved<SourceConformanceOptions>;

async function sourceWorker(plugin: SourceConnectorPlugin, r: R, rec: LifecycleRecorder, offsetsFile?: string): Promise<TestWorker> {
  return startTestWorker({
    bootstrapServers: r.bootstrapServers,
    plugins: [recordingPlugin(plugin, rec), ...(r.options.plugins ?? [])],
    workerProps: r.options.workerProps ?? {},
    ...(offsetsFile ? { offsetsFile } : {}),
  });
}

/**
 * Lifecycle through the worker: the connector runs until its task completed a poll and records
 * reached the topic; then `DELETE /connectors/{name}` must return within the stop deadline, the
 * task's `stop()` must have completed, and the recorded calls must follow the contract order
 * (see `assertConnectorOrder` / `assertTaskOrder`).
 */
export async function checkSourceLifecycle(plugin: SourceConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'lc', async (ctx) => {
    await r.options.produceSomeData?.(ctx, 0);
    const rec = new LifecycleRecorder();
    const worker = await sourceWorker(plugin, r, rec);
    try {
      await worker.kafka.createTopic(ctx.topic);
      await worker.createConnector(ctx.name, await fullConfig(plugin, r, ctx));
      await worker.awaitConnectorRunning(ctx.name, { timeoutMs: r.timeoutMs });
      await worker.kafka.awaitRecords(ctx.topic, { count: 1, timeoutMs: r.timeoutMs });
      await rec.waitFor('a completed poll()', () => rec.trace(0).includes('poll:end'), r.timeoutMs);
      await within(r.stopDeadlineMs, `DELETE /connectors/${ctx.name} (stopping its task)`, worker.deleteConnector(ctx.name));
      await rec.waitFor('task.stop() to complete', () => rec.trace(0).includes('stop:end'), 1_000);
      assertConnectorOrder(rec);
      for (const n of rec.taskNumbers()) assertTaskOrder(rec, n, 'source');
    } finally {
      await worker.stop();
    }
  });
}

/** An offset reader over a fixed map (empty: a first start). */
function memoryOffsetReader(stored: ReadonlyMap<string, OffsetMap> = new Map()): SourceTaskContext['offsetStorageReader'] {
  return {
    async offset(partition) { return stored.get(JSON.stringify(partition)) ?? null; },
    async offsets(partitions) {
      const out = new Map<OffsetMap, OffsetMap>();
      for (const p of partitions) {
        const o = stored.get(JSON.stringify(p));
        if (o) out.set(p, o);
      }
      return out;
    },
  };
}

/**
 * Stop while poll is pending, on the task directly (no worker, so nothing else can unblock it):
 * connector.start → taskConfigs(1) → task.start → poll (must return within the deadline) →
 * poll again and, while that poll is still pending, abort the context signal and call `stop()`.
 * Both `stop()` and the pending `poll()` must settle within the stop deadline (SourceTask
 * contract: "stop may be called while poll is pending and must make it return").
 */
export async function checkSourceStopWhilePolling(plugin: SourceConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'stop', async (ctx) => {
    await r.options.produceSomeData?.(ctx, 0);
    const d = r.stopDeadlineMs;
    const connectorAbort = new AbortController();
    const connector = plugin.create();
    const errors: Error[] = [];
    await within(d, 'connector.start()', Promise.resolve(connector.start(await fullConfig(plugin, r, ctx), {
      requestTaskReconfiguration: () => undefined, raiseError: (e) => { errors.push(e); }, signal: connectorAbort.signal,
    })));
    try {
      const configs = await connector.taskConfigs(1);
      ensure(Array.isArray(configs) && configs.length >= 1 && configs.length <= 1, `taskConfigs(1) must return 1 config, got ${JSON.stringify(configs)}`);
      const task = new (connector.taskClass())();
      const abort = new AbortController();
      await within(d, 'task.start()', Promise.resolve(task.start(configs[0]!, { offsetStorageReader: memoryOffsetReader(), configs: configs[0]!, signal: abort.signal })));
      await within(d, 'the first poll()', task.poll());
      let settled = false;
      const pending = task.poll().then(() => undefined, () => undefined).finally(() => { settled = true; });
      await Promise.resolve();
      ensure(!settled, 'internal: poll settled synchronously');
      const began = Date.now();
      abort.abort();
      await within(d, 'task.stop() called while poll() was pending', Promise.resolve(task.stop()));
      await within(Math.max(1, d - (Date.now() - began)), 'the pending poll() after stop()', pending);
    } finally {
      connectorAbort.abort();
      await within(d, 'connector.stop()', Promise.resolve(connector.stop()));
    }
    ensure(errors.length === 0, `the connector raised errors: ${errors.map((e) => e.message).join('; ')}`);
  });
}

function project(actual: readonly ConsumedRecord[], expected: readonly ExpectedRecord[]): ExpectedRecord[] {
  return actual.map((a, i) => {
    const e = expected[i];
    return {
      ...(e && 'key' in e ? { key: a.key } : {}),
      value: a.value,
      ...(e?.headers ? { headers: Object.fromEntries(Object.keys(e.headers).map((k) => [k, a.headers[k]!])) } : {}),
    };
  });
}

/**
 * Offsets resume: run the connector until `recordsPerRound` records are in the topic, stop the
 * worker (which flushes the committed source offsets to its offsets file), make more data, start
 * a new worker on the same offsets file and run until twice as many records are there. The whole
 * topic must then equal `expectedRecords(ctx, n)`: a task that ignores its committed offsets
 * duplicates records, one that skips past them leaves gaps.
 */
export async function checkSourceOffsetsResume(plugin: SourceConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'off', async (ctx: ConformanceContext) => {
    const per = r.options.recordsPerRound ?? 5;
    const offsetsFile = join(ctx.dir, 'offsets.json');
    const config = await fullConfig(plugin, r, ctx);
    for (const round of [0, 1]) {
      await r.options.produceSomeData?.(ctx, round);
      const rec = new LifecycleRecorder();
      const worker = await sourceWorker(plugin, r, rec, offsetsFile);
      try {
        if (round === 0) await worker.kafka.createTopic(ctx.topic);
        await worker.createConnector(ctx.name, config);
        await worker.awaitConnectorRunning(ctx.name, { timeoutMs: r.timeoutMs });
        await worker.kafka.awaitRecords(ctx.topic, { count: per * (round + 1), timeoutMs: r.timeoutMs });
      } finally {
        await worker.stop();
      }
    }
    const kafka = testKafka(r.bootstrapServers);
    try {
      const actual = await kafka.readAll(ctx.topic);
      const expected = await r.options.expectedRecords(ctx, actual.length);
      expect(project(actual, expected), `topic ${ctx.topic} after a restart from committed offsets (duplicates or gaps?)`).toEqual([...expected]);
    } finally {
      await kafka.close();
    }
  });
}

/**
 * Error reporting: with a failure injected into the second `poll()` (after a real first one),
 * `GET /connectors/{name}/status` must show the task FAILED with a trace holding the error while
 * the connector stays RUNNING, the task's `stop()` must still be called (so it releases what it
 * holds), and deleting the connector must finish within the deadline. With `failingConfig`, the
 * connector's own failure must show up as FAILED with a trace matching `expectedTrace`.
 */
export async function checkSourceErrorReporting(plugin: SourceConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'err', async (ctx) => {
    await r.options.produceSomeData?.(ctx, 0);
    const rec = new LifecycleRecorder();
    const worker = await sourceWorker(plugin, r, rec);
    try {
      await worker.kafka.createTopic(ctx.topic);
      await worker.createConnector(ctx.name, { ...(await fullConfig(plugin, r, ctx)), [INJECT_FAILURE_KEY]: 'poll' });
      const task = await worker.awaitTaskState(ctx.name, 'FAILED', { timeoutMs: r.timeoutMs });
      ensure(task.trace?.includes(INJECTED_FAILURE_MESSAGE), `the FAILED task's trace does not hold the error: ${task.trace ?? '(no trace)'}`);
      const status = await worker.connectorStatus(ctx.name);
      ensure(status.connector.state === 'RUNNING', `a task failure must not fail the connector; status: ${JSON.stringify(status)}`);
      await rec.waitFor('task.stop() after the failure', () => rec.trace(0).includes('stop:end'), r.stopDeadlineMs);
      await within(r.stopDeadlineMs, `DELETE /connectors/${ctx.name}`, worker.deleteConnector(ctx.name));
      await awaitFailure(plugin, r, ctx, worker);
    } finally {
      await worker.stop();
    }
  });
}
