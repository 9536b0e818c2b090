import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import type { StandaloneWorker } from '../start-standalone-worker.js';
import { seen } from '../test-support/error-test-plugins.js';
import { createTopic, metricValue, produce, rest, startTestWorker, testKafka } from '../test-support/worker-harness.js';

const kafka = testKafka();
let w: StandaloneWorker;
beforeAll(async () => {
  // A long flush interval: commits below come from batches and requestCommit(), not the timer.
  w = await startTestWorker({ 'offset.flush.interval.ms': '60000', 'task.auto.restart.backoff.initial.ms': '100', 'task.auto.restart.backoff.max.ms': '2000' });
});
afterAll(async () => {
  await w?.stop();
});

async function committed(name: string): Promise<unknown> {
  return (await rest(w, 'GET', `/connectors/${name}/offsets`)).body;
}

describe('automatic task restarts', () => {
  it('restarts a FAILED task with backoff until it runs (task.auto.restart.enable)', async () => {
    const name = uniqueName('flaky');
    await rest(w, 'POST', '/connectors', { name, config: {
      'connector.class': 'test.FlakySourceConnector', topic: uniqueName('t'), 'fail.starts': '2', 'task.auto.restart.enable': 'true' } });
    await waitFor('running after restarts', async () => (seen.starts.get(name) === 3 ? true : undefined));
    const status = await waitFor('RUNNING', async () => {
      const s = (await rest(w, 'GET', `/connectors/${name}/tasks/0/status`)).body as { state: string };
      return s.state === 'RUNNING' ? s : undefined;
    });
    expect(status).toEqual({ id: 0, state: 'RUNNING', worker_id: w.workerId });
    const scrape = (await rest(w, 'GET', '/metrics')).body as string;
    expect(metricValue(scrape, `kafka_connect_connector_task_metrics_status{connector="${name}",task="0",status="running"}`)).toBe(1);
  });

  it('is off by default: the task stays FAILED', async () => {
    const name = uniqueName('flaky');
    await rest(w, 'POST', '/connectors', { name, config: { 'connector.class': 'test.FlakySourceConnector', topic: uniqueName('t'), 'fail.starts': '1' } });
    await waitFor('failed', async () => ((await rest(w, 'GET', `/connectors/${name}/tasks/0/status`)).body as { state: string }).state === 'FAILED' ? true : undefined);
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.starts.get(name)).toBe(1);
    expect(((await rest(w, 'GET', `/connectors/${name}/tasks/0/status`)).body as { state: string }).state).toBe('FAILED');
  });

  it('gives up after task.auto.restart.max.attempts', async () => {
    const name = uniqueName('flaky');
    await rest(w, 'POST', '/connectors', { name, config: {
      'connector.class': 'test.FlakySourceConnector', topic: uniqueName('t'), 'fail.starts': '5', 'task.auto.restart.enable': 'true', 'task.auto.restart.max.attempts': '1' } });
    await waitFor('restarted once', async () => (seen.starts.get(name) === 2 ? true : undefined));
    await waitFor('failed', async () => ((await rest(w, 'GET', `/connectors/${name}/tasks/0/status`)).body as { state: string }).state === 'FAILED' ? true : undefined);
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.starts.get(name)).toBe(2);
  });
});

describe('sink offset commits', () => {
  it('commits what preCommit returns after requestCommit(), without waiting for a batch or the flush interval', async () => {
    const topic = uniqueName('buf');
    const name = uniqueName('bufsink');
    await createTopic(kafka, topic);
    await rest(w, 'POST', '/connectors', { name, config: { 'connector.class': 'test.ReportingSinkConnector', topics: topic, mode: 'buffer' } });
    await waitFor('task running', async () => ((await rest(w, 'GET', `/connectors/${name}/tasks/0/status`)).body as { state: string }).state === 'RUNNING' ? true : undefined);
    await produce(kafka, topic, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    await waitFor('flushed', async () => (seen.flushed.get(name) === 3 ? true : undefined));
    // The batch commit found nothing written yet (a skip); requestCommit() commits offset 3.
    await waitFor('committed 3', async () => (JSON.stringify(await committed(name)).includes('"kafka_offset":3') ? true : undefined));
    expect(await committed(name)).toEqual({ offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 3 } }] });
    const scrape = (await rest(w, 'GET', '/metrics')).body as string;
    expect(metricValue(scrape, `kafka_connect_sink_task_metrics_offset_commit_skip_total{connector="${name}",task="0"}`)).toBeGreaterThanOrEqual(1);
  });

  it('commits what preCommit returns once more when the task stops, before close()', async () => {
    const topic = uniqueName('buf');
    const name = uniqueName('bufsink');
    await createTopic(kafka, topic);
    await produce(kafka, topic, [{ value: 'a' }, { value: 'b' }]);
    // No requestCommit and a 60 s interval: only the commit on stop can store offset 2.
    await rest(w, 'POST', '/connectors', { name, config: { 'connector.class': 'test.ReportingSinkConnector', topics: topic, mode: 'buffer', 'request.commit': 'false' } });
    await waitFor('flushed', async () => (seen.flushed.get(name) === 2 ? true : undefined));
    expect(await committed(name)).toEqual({ offsets: [] });
    expect((await rest(w, 'PUT', `/connectors/${name}/stop`)).status).toBe(204);
    await waitFor('committed 2', async () => (JSON.stringify(await committed(name)).includes('"kafka_offset":2') ? true : undefined));
  });

  it('commits every offset.flush.interval.ms when the task never requests it', async () => {
    const w2 = await startTestWorker({ 'offset.flush.interval.ms': '500' });
    try {
      const topic = uniqueName('buf');
      const name = uniqueName('bufsink');
      await createTopic(kafka, topic);
      await produce(kafka, topic, [{ value: 'a' }, { value: 'b' }]);
      await rest(w2, 'POST', '/connectors', { name, config: { 'connector.class': 'test.ReportingSinkConnector', topics: topic, mode: 'buffer', 'request.commit': 'false' } });
      await waitFor('flushed', async () => (seen.flushed.get(name) === 2 ? true : undefined));
      await waitFor('committed 2', async () => (JSON.stringify((await rest(w2, 'GET', `/connectors/${name}/offsets`)).body).includes('"kafka_offset":2') ? true : undefined));
    } finally {
      await w2.stop();
    }
  });
});
