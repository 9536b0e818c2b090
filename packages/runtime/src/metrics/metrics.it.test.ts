import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import type { StandaloneWorker } from '../start-standalone-worker.js';
import { observed } from '../test-support/test-plugins.js';
import { metricValue, rest, startTestWorker } from '../test-support/worker-harness.js';

let w: StandaloneWorker;
beforeAll(async () => {
  w = await startTestWorker();
});
afterAll(async () => {
  await w?.stop();
});

describe('GET /metrics', () => {
  it('renders Kafka Connect metric groups in Prometheus text after a source → sink flow', async () => {
    const topic = uniqueName('met');
    const src = uniqueName('msrc');
    const snk = uniqueName('msnk');
    await rest(w, 'POST', '/connectors', { name: src, config: { 'connector.class': 'CountingSource', topic, 'count.max': '5', 'batch.size': '3' } });
    await rest(w, 'POST', '/connectors', { name: snk, config: { 'connector.class': 'CollectingSink', topics: topic } });
    await waitFor('sink got 5', async () => ((observed.sinkRecords.get(snk)?.length ?? 0) >= 5 ? true : undefined));
    await waitFor('sink committed', async () => JSON.stringify((await rest(w, 'GET', `/connectors/${snk}/offsets`)).body).includes('"kafka_offset":5') ? true : undefined);

    const res = await fetch(`${w.restUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const scrape = await res.text();
    const s = (metric: string, c: string) => metricValue(scrape, `kafka_connect_${metric}{connector="${c}",task="0"}`);
    expect({
      connectors: metricValue(scrape, 'kafka_connect_connect_worker_metrics_connector_count'),
      tasks: metricValue(scrape, 'kafka_connect_connect_worker_metrics_task_count'),
      srcStatus: metricValue(scrape, `kafka_connect_connector_metrics_status{connector="${src}",status="running"}`),
      snkStatus: metricValue(scrape, `kafka_connect_connector_metrics_status{connector="${snk}",status="running"}`),
      taskStatus: metricValue(scrape, `kafka_connect_connector_task_metrics_status{connector="${src}",task="0",status="running"}`),
      running: metricValue(scrape, `kafka_connect_connect_worker_metrics_connector_running_task_count{connector="${src}"}`),
      polled: s('source_task_metrics_source_record_poll_total', src),
      written: s('source_task_metrics_source_record_write_total', src),
      active: s('source_task_metrics_source_record_active_count', src),
      read: s('sink_task_metrics_sink_record_read_total', snk),
      sent: s('sink_task_metrics_sink_record_send_total', snk),
      partitions: s('sink_task_metrics_partition_count', snk),
      lag: s('sink_task_metrics_sink_record_lag_max', snk),
      partitionLag: metricValue(scrape, `kafka_connect_sink_task_metrics_consumer_lag{connector="${snk}",task="0",topic="${topic}",partition="0"}`),
      sinkErrors: s('task_error_metrics_total_record_errors', snk),
    }).toEqual({
      connectors: 2, tasks: 2, srcStatus: 1, snkStatus: 1, taskStatus: 1, running: 1,
      polled: 5, written: 5, active: 0, read: 5, sent: 5, partitions: 1, lag: 0, partitionLag: 0, sinkErrors: 0,
    });
    expect(s('sink_task_metrics_offset_commit_completion_total', snk)).toBeGreaterThanOrEqual(1);
    expect(s('source_task_metrics_poll_batch_avg_time_ms', src)).toBeGreaterThanOrEqual(0);
    expect(s('sink_task_metrics_put_batch_avg_time_ms', snk)).toBeGreaterThanOrEqual(0);
    expect(scrape).toContain('# TYPE kafka_connect_source_task_metrics_source_record_poll_total counter');
    expect(scrape).toContain(`kafka_connect_connector_metrics_info{connector="${src}",connector_type="source",connector_class="test.CountingSourceConnector",connector_version="1.0.0"} 1`);

    // A deleted connector's series disappear.
    await rest(w, 'DELETE', `/connectors/${src}`);
    const after = (await rest(w, 'GET', '/metrics')).body as string;
    expect(after).not.toContain(`connector="${src}"`);
    expect(metricValue(after, 'kafka_connect_connect_worker_metrics_task_count')).toBe(1);
  });
});
