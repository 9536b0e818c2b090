import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import type { StandaloneWorker } from '../start-standalone-worker.js';
import { seen } from '../test-support/error-test-plugins.js';
import { consumeAll, createTopic, metricValue, produce, rest, startTestWorker, testKafka } from '../test-support/worker-harness.js';

const kafka = testKafka();
let w: StandaloneWorker;

beforeAll(async () => {
  w = await startTestWorker();
});
afterAll(async () => {
  await w?.stop();
});

const poison = [
  { key: 'k0', value: '{"n":0}' },
  { key: 'k1', value: 'not json', headers: { origin: 'test' } },
  { key: 'k2', value: '{"n":2,"boom":true}' },
  { key: 'k3', value: '{"n":3,"reject":true}' },
  { key: 'k4', value: '{"n":4}' },
];

describe('errors.tolerance=all with a dead letter queue', () => {
  it('sends bad JSON, a throwing transform and reported records to the DLQ with Kafka headers; good records keep flowing', async () => {
    const topic = uniqueName('dlqin');
    const dlq = uniqueName('dlq');
    const name = uniqueName('dlqsink');
    await createTopic(kafka, topic);
    await produce(kafka, topic, poison);
    const r = await rest(w, 'PUT', `/connectors/${name}/config`, {
      'connector.class': 'test.ReportingSinkConnector', topics: topic, 'value.converter': 'test.JsonConverter',
      transforms: 'boom', 'transforms.boom.type': 'test.BoomTransform',
      'errors.tolerance': 'all', 'errors.log.enable': 'true', 'errors.log.include.messages': 'true',
      'errors.deadletterqueue.topic.name': dlq, 'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    expect(r.status).toBe(201);
    await waitFor('good records put', async () => ((seen.put.get(name)?.length ?? 0) >= 2 ? true : undefined));
    expect(seen.put.get(name)).toEqual([{ n: 0 }, { n: 4 }]);

    const dead = await consumeAll(kafka, dlq, 3);
    expect(dead.map((m) => [m.key, m.value])).toEqual([['k1', 'not json'], ['k2', '{"n":2,"boom":true}'], ['k3', '{"n":3,"reject":true}']]);
    const fixed = (m: (typeof dead)[number]) => {
      const { ['__connect.errors.exception.stacktrace']: stack, ...rest } = m.headers;
      return { rest, stack: String(stack).split('\n')[0] };
    };
    const common = { '__connect.errors.topic': topic, '__connect.errors.partition': '0', '__connect.errors.connector.name': name, '__connect.errors.task.id': '0' };
    expect(fixed(dead[0]!)).toEqual({
      rest: { origin: 'test', ...common, '__connect.errors.offset': '1', '__connect.errors.stage': 'VALUE_CONVERTER',
        '__connect.errors.class.name': 'test.JsonConverter', '__connect.errors.exception.class.name': 'DataException',
        '__connect.errors.exception.message': expect.stringMatching(/^Converting byte\[\] to Kafka Connect data failed due to serialization error: Unexpected token/) },
      stack: expect.stringMatching(/^DataException: Converting byte\[\] to Kafka Connect data failed/),
    });
    expect(fixed(dead[1]!)).toEqual({
      rest: { ...common, '__connect.errors.offset': '2', '__connect.errors.stage': 'TRANSFORMATION',
        '__connect.errors.class.name': 'test.BoomTransform', '__connect.errors.exception.class.name': 'DataException',
        '__connect.errors.exception.message': 'boom transform refused the record' },
      stack: 'DataException: boom transform refused the record',
    });
    expect(fixed(dead[2]!)).toEqual({
      rest: { ...common, '__connect.errors.offset': '3', '__connect.errors.stage': 'TASK_PUT',
        '__connect.errors.class.name': 'ReportingSinkTask', '__connect.errors.exception.class.name': 'Error',
        '__connect.errors.exception.message': 'rejected record 3' },
      stack: 'Error: rejected record 3',
    });

    // Offsets move past the bad records: the whole input is committed.
    await waitFor('committed', async () => {
      const o = await rest(w, 'GET', `/connectors/${name}/offsets`);
      return JSON.stringify(o.body).includes('"kafka_offset":5') ? o : undefined;
    });
    expect((await rest(w, 'GET', `/connectors/${name}/offsets`)).body).toEqual({
      offsets: [{ partition: { kafka_topic: topic, kafka_partition: 0 }, offset: { kafka_offset: 5 } }] });
    expect((await rest(w, 'GET', `/connectors/${name}/status`)).body).toMatchObject({ tasks: [{ id: 0, state: 'RUNNING' }] });

    const scrape = (await rest(w, 'GET', '/metrics')).body as string;
    const labels = `{connector="${name}",task="0"}`;
    const m = (metric: string) => metricValue(scrape, `kafka_connect_${metric}${labels}`);
    expect({
      failures: m('task_error_metrics_total_record_failures'),
      errors: m('task_error_metrics_total_record_errors'),
      skipped: m('task_error_metrics_total_records_skipped'),
      dlq: m('task_error_metrics_deadletterqueue_produce_requests'),
      dlqFailures: m('task_error_metrics_deadletterqueue_produce_failures'),
      logged: m('task_error_metrics_total_errors_logged'),
      read: m('sink_task_metrics_sink_record_read_total'),
      send: m('sink_task_metrics_sink_record_send_total'),
      partitions: m('sink_task_metrics_partition_count'),
      lag: m('sink_task_metrics_sink_record_lag_max'),
    }).toEqual({ failures: 3, errors: 2, skipped: 2, dlq: 3, dlqFailures: 0, logged: 3, read: 5, send: 3, partitions: 1, lag: 0 });
  });
});

describe('a sink that reports a record of an earlier put', () => {
  it('still gets the original bytes into the DLQ after the next batch was consumed', async () => {
    const topic = uniqueName('deferin');
    const dlq = uniqueName('deferdlq');
    const name = uniqueName('defersink');
    await createTopic(kafka, topic);
    await produce(kafka, topic, [{ key: 'k0', value: '{"n":0}' }, { key: 'k1', value: '{"n": 1, "reject": true}' }]);
    const r = await rest(w, 'PUT', `/connectors/${name}/config`, {
      'connector.class': 'test.ReportingSinkConnector', mode: 'deferred', topics: topic, 'value.converter': 'test.JsonConverter',
      'errors.tolerance': 'all', 'errors.deadletterqueue.topic.name': dlq, 'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.deadletterqueue.context.headers.enable': 'true',
    });
    expect(r.status).toBe(201);
    await waitFor('first batch received', async () => (seen.flushed.get(name) === 2 ? true : undefined));
    await produce(kafka, topic, [{ key: 'k2', value: '{"n":2}' }]);
    await waitFor('second batch received, first one handled', async () => (seen.flushed.get(name) === 3 ? true : undefined));

    const dead = await consumeAll(kafka, dlq, 1);
    expect(dead.map((m) => [m.key, m.value, m.headers['__connect.errors.offset'], m.headers['__connect.errors.stage']]))
      .toEqual([['k1', '{"n": 1, "reject": true}', '1', 'TASK_PUT']]); // the bytes as consumed, not re-encoded
    expect(seen.put.get(name)).toEqual([{ n: 0 }]);
    await waitFor('handled offsets committed', async () => {
      const o = await rest(w, 'GET', `/connectors/${name}/offsets`);
      return JSON.stringify(o.body).includes('"kafka_offset":2') ? o : undefined;
    });
  });
});

describe('errors.tolerance=none', () => {
  it('fails the task on the first bad record with a trace naming the cause', async () => {
    const topic = uniqueName('nonein');
    const name = uniqueName('nonesink');
    await createTopic(kafka, topic);
    await produce(kafka, topic, [{ value: '{"n":0}' }, { value: 'not json' }, { value: '{"n":2}' }]);
    await rest(w, 'PUT', `/connectors/${name}/config`, {
      'connector.class': 'test.ReportingSinkConnector', topics: topic, 'value.converter': 'test.JsonConverter' });
    const status = await waitFor('task failed', async () => {
      const s = (await rest(w, 'GET', `/connectors/${name}/status`)).body as { tasks: { state: string; trace?: string }[] };
      return s.tasks[0]?.state === 'FAILED' ? s.tasks[0] : undefined;
    });
    const lines = status.trace!.split('\n');
    expect(lines[0]).toBe('ConnectException: Tolerance exceeded in error handler');
    expect(lines.find((l) => l.startsWith('Caused by:'))).toMatch(/^Caused by: DataException: Converting byte\[\] to Kafka Connect data failed due to serialization error: Unexpected token/);
    // Nothing after the bad record was put, and the batch was not committed.
    expect(seen.put.get(name)).toBeUndefined();
    const offsets = (await rest(w, 'GET', `/connectors/${name}/offsets`)).body;
    expect(offsets).toEqual({ offsets: [] });
  });
});
