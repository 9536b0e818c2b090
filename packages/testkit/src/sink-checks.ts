import { isDeepStrictEqual } from 'node:util';
import type { SinkConnectorPlugin, SinkTaskContext, TopicPartition } from '@tsconnect/sdk';
import { expect } from 'vitest';
import { ensure, within, withContext, type ConformanceContext, type Resolved, type SinkConformanceOptions } from './conformance-options.js';
import { fullConfig } from './config-checks.js';
import { awaitFailure } from './failure-checks.js';
import { assertConnectorOrder, assertTaskOrder } from './lifecycle-order.js';
import { INJECT_FAILURE_KEY, INJECTED_FAILURE_MESSAGE, LifecycleRecorder, recordingPlugin } from './recording-plugin.js';
import { startTestWorker, type TestWorker } from './test-worker.js';

type R = Resolved<SinkConformanceOptions>;

async function sinkWorker(plugin: SinkConnectorPlugin, r: R, rec: LifecycleRecorder): Promise<TestWorker> {
  return startTestWorker({
    bootstrapServers: r.bootstrapServers,
    plugins: [recordingPlugin(plugin, rec), ...(r.options.plugins ?? [])],
    workerProps: r.options.workerProps ?? {},
  });
}

/** Polls `readBack` until it deep-equals `expectedReadBack(ctx, rounds)`; the timeout error shows both. */
export async function awaitReadBack(r: R, ctx: ConformanceContext, rounds: number): Promise<void> {
  const expected = await r.options.expectedReadBack(ctx, rounds);
  const deadline = Date.now() + r.timeoutMs;
  let last: unknown;
  for (;;) {
    last = await r.options.readBack(ctx).catch((e: unknown) => `readBack threw: ${(e as Error).message}`);
    if (isDeepStrictEqual(last, expected)) return;
    if (Date.now() > deadline) {
      expect(last, `readBack after ${rounds} round(s) of records, still different after ${r.timeoutMs} ms`).toEqual(expected);
      throw new Error(`readBack after ${rounds} round(s) differs from expectedReadBack (types differ?): ${String(last)}`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

/**
 * Lifecycle through the worker: records of round 0 are produced, the connector runs until
 * `readBack` equals `expectedReadBack(ctx, 1)`; then `DELETE /connectors/{name}` must return
 * within the stop deadline with the task's `stop()` completed, and the recorded calls must follow
 * the contract order (start → open → put* → flush/preCommit → close → stop).
 */
export async function checkSinkLifecycle(plugin: SinkConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'lc', async (ctx) => {
    const rec = new LifecycleRecorder();
    const worker = await sinkWorker(plugin, r, rec);
    try {
      await worker.kafka.createTopic(ctx.topic);
      await worker.kafka.produce(ctx.topic, await r.options.records(ctx, 0));
      await worker.createConnector(ctx.name, await fullConfig(plugin, r, ctx));
      await worker.awaitConnectorRunning(ctx.name, { timeoutMs: r.timeoutMs });
      await awaitReadBack(r, ctx, 1);
      await within(r.stopDeadlineMs, `DELETE /connectors/${ctx.name} (stopping its task)`, worker.deleteConnector(ctx.name));
      await rec.waitFor('task.stop() to complete', () => rec.trace(0).includes('stop:end'), 1_000);
      assertConnectorOrder(rec);
      for (const n of rec.taskNumbers()) assertTaskOrder(rec, n, 'sink');
    } finally {
      await worker.stop();
    }
  });
}

/**
 * The task on its own (no worker): connector.start → taskConfigs(1) → task.start → open([p0]) →
 * put([]) → flush/preCommit → close([p0]) → stop, each call settling within the stop deadline.
 * Kafka calls `put` with an empty batch whenever a fetch returned nothing, so a sink must accept
 * it; the context is a plain stand-in (no pause/resume effects).
 */
export async function checkSinkTaskCallsSettle(plugin: SinkConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'calls', async (ctx) => {
    const d = r.stopDeadlineMs;
    const connectorAbort = new AbortController();
    const connector = plugin.create();
    await within(d, 'connector.start()', Promise.resolve(connector.start(await fullConfig(plugin, r, ctx), {
      requestTaskReconfiguration: () => undefined, raiseError: () => undefined, signal: connectorAbort.signal,
    })));
    try {
      const configs = await connector.taskConfigs(1);
      ensure(Array.isArray(configs) && configs.length === 1, `taskConfigs(1) must return 1 config, got ${JSON.stringify(configs)}`);
      const task = new (connector.taskClass())();
      const abort = new AbortController();
      const partitions: TopicPartition[] = [{ topic: ctx.topic, partition: 0 }];
      const context: SinkTaskContext = {
        configs: configs[0]!, signal: abort.signal, offset: () => undefined, assignment: () => partitions,
        pause: () => undefined, resume: () => undefined, requestCommit: () => undefined,
      };
      await within(d, 'task.start()', Promise.resolve(task.start(configs[0]!, context)));
      try {
        await within(d, 'task.open()', Promise.resolve(task.open?.(partitions)));
        await within(d, 'task.put([])', Promise.resolve(task.put([])));
        const offsets = [{ topic: ctx.topic, partition: 0, offset: 0 }];
        await within(d, 'task.preCommit()/flush()', Promise.resolve(task.preCommit ? task.preCommit(offsets) : task.flush?.(offsets)));
        await within(d, 'task.close()', Promise.resolve(task.close?.(partitions)));
      } finally {
        abort.abort();
        await within(d, 'task.stop()', Promise.resolve(task.stop()));
      }
    } finally {
      connectorAbort.abort();
      await within(d, 'connector.stop()', Promise.resolve(connector.stop()));
    }
  });
}

/**
 * Offsets resume: round 0's records are written and read back; the worker stops (the consumer
 * group `connect-<name>` keeps the committed offsets); round 1's records are produced while no
 * worker runs; a new worker with the same connector must write exactly round 1 on top, so
 * `readBack` equals `expectedReadBack(ctx, 2)` — and still does a second later (no late
 * redelivery of round 0).
 */
export async function checkSinkOffsetsResume(plugin: SinkConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'off', async (ctx) => {
    const config = await fullConfig(plugin, r, ctx);
    for (const round of [0, 1]) {
      const worker = await sinkWorker(plugin, r, new LifecycleRecorder());
      try {
        if (round === 0) await worker.kafka.createTopic(ctx.topic);
        await worker.kafka.produce(ctx.topic, await r.options.records(ctx, round));
        await worker.createConnector(ctx.name, config);
        await worker.awaitConnectorRunning(ctx.name, { timeoutMs: r.timeoutMs });
        await awaitReadBack(r, ctx, round + 1);
        if (round === 1) {
          await new Promise((res) => setTimeout(res, 1_000));
          expect(await r.options.readBack(ctx), 'readBack a second after round 1 was written (duplicates?)')
            .toEqual(await r.options.expectedReadBack(ctx, 2));
        }
      } finally {
        await worker.stop();
      }
    }
  });
}

/**
 * Error reporting: with a failure injected into `put()` of a non-empty batch, the task must be
 * FAILED in `GET /connectors/{name}/status` with a trace holding the error, the connector stays
 * RUNNING, the task's `stop()` is still called, and deleting the connector finishes within the
 * deadline. With `failingConfig`, the connector's own failure must be FAILED with a trace too.
 */
export async function checkSinkErrorReporting(plugin: SinkConnectorPlugin, r: R): Promise<void> {
  await withContext(r, 'err', async (ctx) => {
    const rec = new LifecycleRecorder();
    const worker = await sinkWorker(plugin, r, rec);
    try {
      await worker.kafka.createTopic(ctx.topic);
      await worker.kafka.produce(ctx.topic, await r.options.records(ctx, 0));
      await worker.createConnector(ctx.name, { ...(await fullConfig(plugin, r, ctx)), [INJECT_FAILURE_KEY]: 'put' });
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
