import { Counter, Gauge, Registry } from 'prom-client';
import type { ConnectorStateInfo, ConnectorTaskId } from '../herder/herder-types.js';
import { newTaskMetricsGroup, type TaskMetricsGroup } from './task-metrics.js';

type Labels = Record<string, string>;
type Samples = Iterable<readonly [Labels, number]>;

/** Where connector/task states come from at scrape time (a Herder fits). */
export interface MetricsStatusSource {
  readonly workerId: string;
  connectorStatus(name: string): Promise<ConnectorStateInfo>;
}

/** Kafka's group names; a metric renders as `kafka_connect_<group>_<metric>` with `-` → `_`. */
export const METRIC_GROUPS = {
  worker: 'connect-worker-metrics',
  connector: 'connector-metrics',
  task: 'connector-task-metrics',
  source: 'source-task-metrics',
  sink: 'sink-task-metrics',
  errors: 'task-error-metrics',
} as const;

export function metricName(group: string, metric: string): string {
  return `kafka_connect_${group}_${metric}`.replace(/[-.]/g, '_');
}

/**
 * The worker's metrics (Kafka's ConnectMetrics) in a prom-client registry, for `GET /metrics`.
 * Task runners update plain counters (TaskMetricsGroup); the Prometheus series are filled from
 * them at scrape time, so a removed task's series disappear with it.
 */
export class ConnectMetrics {
  readonly registry = new Registry();
  private readonly tasks = new Map<string, { id: ConnectorTaskId; group: TaskMetricsGroup }>();
  private readonly connectors = new Map<string, { type: string; className: string; version: string }>();
  private statuses = new Map<string, ConnectorStateInfo>();
  private workerId = '';
  readonly startup = { connectorAttempts: 0, connectorSuccess: 0, connectorFailure: 0, taskAttempts: 0, taskSuccess: 0, taskFailure: 0 };

  constructor() {
    const W = METRIC_GROUPS.worker;
    const s = this.startup;
    this.counter(W, 'connector-startup-attempts-total', 'The total number of connector startups that this worker has attempted.', [], () => [[{}, s.connectorAttempts]]);
    this.counter(W, 'connector-startup-success-total', 'The total number of connector starts that succeeded.', [], () => [[{}, s.connectorSuccess]]);
    this.counter(W, 'connector-startup-failure-total', 'The total number of connector starts that failed.', [], () => [[{}, s.connectorFailure]]);
    this.counter(W, 'task-startup-attempts-total', 'The total number of task startups that this worker has attempted.', [], () => [[{}, s.taskAttempts]]);
    this.counter(W, 'task-startup-success-total', 'The total number of task starts that succeeded.', [], () => [[{}, s.taskSuccess]]);
    this.counter(W, 'task-startup-failure-total', 'The total number of task starts that failed.', [], () => [[{}, s.taskFailure]]);
    this.gauge(W, 'connector-count', 'The number of connectors run in this worker.', [], () => [[{}, this.connectors.size]]);
    this.gauge(W, 'task-count', 'The number of tasks run in this worker.', [], () => [[{}, this.tasks.size]]);
    for (const state of ['running', 'paused', 'failed', 'unassigned', 'destroyed', 'restarting'] as const) {
      this.gauge(W, `connector-${state}-task-count`, `The number of ${state} tasks of the connector on the worker.`, ['connector'],
        () => [...this.connectors.keys()].map((c) => [{ connector: c }, this.localTasks(c).filter((t) => t.state.toLowerCase() === state).length]));
    }
    this.gauge(W, 'connector-total-task-count', 'The number of tasks of the connector on the worker.', ['connector'],
      () => [...this.connectors.keys()].map((c) => [{ connector: c }, [...this.tasks.values()].filter((t) => t.id.connector === c).length]));

    const C = METRIC_GROUPS.connector;
    this.gauge(C, 'status', 'The status of the connector (label status): unassigned, running, paused, stopped, failed or restarting.', ['connector', 'status'],
      () => [...this.connectors.keys()].flatMap((c) => {
        const st = this.statuses.get(c)?.connector.state;
        return st ? [[{ connector: c, status: st.toLowerCase() }, 1] as const] : [];
      }));
    this.gauge(C, 'info', 'Type, class and version of the connector (labels), value 1.', ['connector', 'connector_type', 'connector_class', 'connector_version'],
      () => [...this.connectors].map(([c, i]) => [{ connector: c, connector_type: i.type, connector_class: i.className, connector_version: i.version }, 1]));

    const T = METRIC_GROUPS.task;
    const tl = ['connector', 'task'];
    this.gauge(T, 'status', 'The status of the connector task (label status).', [...tl, 'status'], () => [...this.tasks.values()].flatMap(({ id }) => {
      const st = this.statuses.get(id.connector)?.tasks.find((t) => t.id === id.task)?.state;
      return st ? [[{ ...labels(id), status: st.toLowerCase() }, 1] as const] : [];
    }));
    this.taskGauge(T, 'batch-size-avg', 'The average number of records in the batches the task has processed so far.', (g) => g.task.batchSize.avg());
    this.taskGauge(T, 'batch-size-max', 'The number of records in the largest batch the task has processed so far.', (g) => g.task.batchSize.max());
    this.taskGauge(T, 'offset-commit-avg-time-ms', 'The average time in milliseconds taken by this task to commit offsets.', (g) => g.task.offsetCommitTime.avg());
    this.taskGauge(T, 'offset-commit-max-time-ms', 'The maximum time in milliseconds taken by this task to commit offsets.', (g) => g.task.offsetCommitTime.max());

    const S = METRIC_GROUPS.source;
    const src = (read: (g: NonNullable<TaskMetricsGroup['source']>) => number) => (g: TaskMetricsGroup) => (g.source ? read(g.source) : null);
    this.taskCounter(S, 'source-record-poll-total', 'The total number of records produced/polled (before transformation) by this task.', src((m) => m.sourceRecordPollTotal));
    this.taskGauge(S, 'source-record-poll-rate', 'The average per-second number of records produced/polled (before transformation).', src((m) => m.pollRate.rate()));
    this.taskCounter(S, 'source-record-write-total', 'The number of records output from the transformations and written to Kafka.', src((m) => m.sourceRecordWriteTotal));
    this.taskGauge(S, 'source-record-write-rate', 'The average per-second number of records written to Kafka.', src((m) => m.writeRate.rate()));
    this.taskGauge(S, 'poll-batch-avg-time-ms', 'The average time in milliseconds taken by this task to poll for a batch of source records.', src((m) => m.pollBatchTime.avg()));
    this.taskGauge(S, 'poll-batch-max-time-ms', 'The maximum time in milliseconds taken by this task to poll for a batch of source records.', src((m) => m.pollBatchTime.max()));
    this.taskGauge(S, 'source-record-active-count', 'The number of records produced by this task but not yet completely written to Kafka.', src((m) => m.sourceRecordActiveCount));

    const K = METRIC_GROUPS.sink;
    const snk = (read: (g: NonNullable<TaskMetricsGroup['sink']>) => number) => (g: TaskMetricsGroup) => (g.sink ? read(g.sink) : null);
    this.taskCounter(K, 'sink-record-read-total', 'The total number of records read from Kafka by this task.', snk((m) => m.sinkRecordReadTotal));
    this.taskGauge(K, 'sink-record-read-rate', 'The average per-second number of records read from Kafka.', snk((m) => m.readRate.rate()));
    this.taskCounter(K, 'sink-record-send-total', 'The total number of records output from the transformations and sent/put to this task.', snk((m) => m.sinkRecordSendTotal));
    this.taskGauge(K, 'sink-record-send-rate', 'The average per-second number of records sent/put to this task.', snk((m) => m.sendRate.rate()));
    this.taskGauge(K, 'put-batch-avg-time-ms', 'The average time taken by this task to put a batch of sinks records.', snk((m) => m.putBatchTime.avg()));
    this.taskGauge(K, 'put-batch-max-time-ms', 'The maximum time taken by this task to put a batch of sinks records.', snk((m) => m.putBatchTime.max()));
    this.taskGauge(K, 'partition-count', 'The number of topic partitions assigned to this task.', snk((m) => m.partitionCount));
    this.taskCounter(K, 'offset-commit-completion-total', 'The total number of offset commit completions that were completed successfully.', snk((m) => m.offsetCommitCompletionTotal));
    this.taskCounter(K, 'offset-commit-skip-total', 'The total number of offset commits that were skipped (nothing changed).', snk((m) => m.offsetCommitSkipTotal));
    this.taskGauge(K, 'offset-commit-seq-no', 'The current sequence number for offset commits.', snk((m) => m.offsetCommitSeqNo));
    this.taskGauge(K, 'sink-record-active-count', 'The number of records read from Kafka but not yet committed.', snk((m) => m.sinkRecordActiveCount));
    this.taskGauge(K, 'sink-record-lag-max', 'The maximum lag in terms of number of records of any partition of this task.', snk((m) => m.lagMax()));
    this.gauge(K, 'consumer-lag', 'Records behind the high watermark per assigned partition (tsconnect).', [...tl, 'topic', 'partition'],
      () => [...this.tasks.values()].flatMap(({ id, group }) => [...(group.sink?.lag ?? [])].map(([k, v]) => {
        const [topic, partition] = k.split('\u0000') as [string, string];
        return [{ ...labels(id), topic, partition }, v] as const;
      })));

    const E = METRIC_GROUPS.errors;
    this.taskCounter(E, 'total-record-failures', 'The number of record processing failures in this task.', (g) => g.errors.totalRecordFailures);
    this.taskCounter(E, 'total-record-errors', 'The number of record processing errors in this task.', (g) => g.errors.totalRecordErrors);
    this.taskCounter(E, 'total-records-skipped', 'The number of records skipped due to errors.', (g) => g.errors.totalRecordsSkipped);
    this.taskCounter(E, 'total-retries', 'The number of operations retried.', (g) => g.errors.totalRetries);
    this.taskCounter(E, 'total-errors-logged', 'The number of errors that were logged.', (g) => g.errors.totalErrorsLogged);
    this.taskCounter(E, 'deadletterqueue-produce-requests', 'The number of attempted writes to the dead letter queue.', (g) => g.errors.deadletterqueueProduceRequests);
    this.taskCounter(E, 'deadletterqueue-produce-failures', 'The number of failed writes to the dead letter queue.', (g) => g.errors.deadletterqueueProduceFailures);
    this.taskGauge(E, 'last-error-timestamp', 'The epoch timestamp when this task last encountered an error.', (g) => g.errors.lastErrorTimestamp);
  }

  /** The metric groups of a task, created on first use; kept until `removeTask`. */
  taskGroup(id: ConnectorTaskId, kind: 'source' | 'sink'): TaskMetricsGroup {
    const key = `${id.connector}-${id.task}`;
    let entry = this.tasks.get(key);
    if (!entry || entry.group.kind !== kind) {
      entry = { id, group: newTaskMetricsGroup(kind) };
      this.tasks.set(key, entry);
    }
    return entry.group;
  }

  removeTask(id: ConnectorTaskId): void {
    this.tasks.delete(`${id.connector}-${id.task}`);
  }

  connectorStarted(name: string, info: { type: string; className: string; version: string }): void {
    this.connectors.set(name, info);
  }

  connectorStopped(name: string): void {
    this.connectors.delete(name);
  }

  /** Prometheus text exposition; `status` supplies connector/task states when given. */
  async render(status?: MetricsStatusSource): Promise<string> {
    const next = new Map<string, ConnectorStateInfo>();
    if (status) {
      this.workerId = status.workerId;
      for (const c of this.connectors.keys()) {
        try {
          next.set(c, await status.connectorStatus(c));
        } catch {
          // deleted meanwhile: no status series
        }
      }
    }
    this.statuses = next;
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private localTasks(connector: string): { state: string }[] {
    return (this.statuses.get(connector)?.tasks ?? []).filter((t) => t.worker_id === this.workerId);
  }

  private gauge(group: string, metric: string, help: string, labelNames: string[], read: () => Samples): void {
    new Gauge({ name: metricName(group, metric), help, labelNames, registers: [this.registry], collect() {
      this.reset();
      for (const [l, v] of read()) this.set(l, v);
    } });
  }

  private counter(group: string, metric: string, help: string, labelNames: string[], read: () => Samples): void {
    new Counter({ name: metricName(group, metric), help, labelNames, registers: [this.registry], collect() {
      this.reset();
      for (const [l, v] of read()) this.inc(l, v);
    } });
  }

  private taskSamples(read: (g: TaskMetricsGroup) => number | null): Samples {
    return [...this.tasks.values()].flatMap(({ id, group }) => {
      const v = read(group);
      return v === null ? [] : [[labels(id), v] as const];
    });
  }

  private taskGauge(group: string, metric: string, help: string, read: (g: TaskMetricsGroup) => number | null): void {
    this.gauge(group, metric, help, ['connector', 'task'], () => this.taskSamples(read));
  }

  private taskCounter(group: string, metric: string, help: string, read: (g: TaskMetricsGroup) => number | null): void {
    this.counter(group, metric, help, ['connector', 'task'], () => this.taskSamples(read));
  }
}

function labels(id: ConnectorTaskId): Labels {
  return { connector: id.connector, task: String(id.task) };
}
