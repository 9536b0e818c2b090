import { SampledStat } from './sampled-stat.js';

/** Kafka's task-error-metrics group (ErrorHandlingMetrics): cumulative counts per task. */
export class ErrorHandlingMetrics {
  totalRecordFailures = 0;
  totalRecordErrors = 0;
  totalRecordsSkipped = 0;
  totalRetries = 0;
  totalErrorsLogged = 0;
  deadletterqueueProduceRequests = 0;
  deadletterqueueProduceFailures = 0;
  lastErrorTimestamp = 0;

  recordFailure(): void { this.totalRecordFailures++; }
  recordError(): void { this.totalRecordErrors++; }
  recordSkipped(): void { this.totalRecordsSkipped++; }
  recordRetry(): void { this.totalRetries++; }
  recordErrorLogged(): void { this.totalErrorsLogged++; }
  recordDeadLetterQueueProduceRequest(): void { this.deadletterqueueProduceRequests++; }
  recordDeadLetterQueueProduceFailed(): void { this.deadletterqueueProduceFailures++; }
  recordErrorTimestamp(): void { this.lastErrorTimestamp = Date.now(); }
}

/** Kafka's source-task-metrics group. */
export class SourceTaskMetrics {
  sourceRecordPollTotal = 0;
  sourceRecordWriteTotal = 0;
  /** Polled records not yet acknowledged by Kafka. */
  sourceRecordActiveCount = 0;
  readonly pollRate = new SampledStat();
  readonly writeRate = new SampledStat();
  readonly pollBatchTime = new SampledStat();

  recordPoll(batchSize: number, durationMs: number): void {
    this.sourceRecordPollTotal += batchSize;
    this.sourceRecordActiveCount += batchSize;
    this.pollRate.record(batchSize);
    this.pollBatchTime.record(durationMs);
  }

  /** `written` reached Kafka; `done` (written + dropped/skipped) are no longer active. */
  recordWrite(written: number, done: number): void {
    this.sourceRecordWriteTotal += written;
    this.sourceRecordActiveCount = Math.max(0, this.sourceRecordActiveCount - done);
    this.writeRate.record(written);
  }
}

/** Kafka's sink-task-metrics group, plus per-partition consumer lag (tsconnect). */
export class SinkTaskMetrics {
  sinkRecordReadTotal = 0;
  sinkRecordSendTotal = 0;
  /** Records read but whose offsets are not committed yet. */
  sinkRecordActiveCount = 0;
  partitionCount = 0;
  offsetCommitCompletionTotal = 0;
  offsetCommitSkipTotal = 0;
  offsetCommitSeqNo = 0;
  readonly readRate = new SampledStat();
  readonly sendRate = new SampledStat();
  readonly putBatchTime = new SampledStat();
  /** `topic\0partition` → high watermark minus next offset to read. */
  readonly lag = new Map<string, number>();

  recordRead(n: number): void {
    this.sinkRecordReadTotal += n;
    this.sinkRecordActiveCount += n;
    this.readRate.record(n);
  }

  recordSend(n: number): void {
    this.sinkRecordSendTotal += n;
    this.sendRate.record(n);
  }

  recordPut(durationMs: number): void {
    this.putBatchTime.record(durationMs);
  }

  recordOffsetCommitSuccess(): void {
    this.offsetCommitCompletionTotal++;
    this.offsetCommitSeqNo++;
    this.sinkRecordActiveCount = 0;
  }

  recordOffsetCommitSkip(): void {
    this.offsetCommitSkipTotal++;
  }

  recordLag(topic: string, partition: number, lag: number): void {
    this.lag.set(`${topic}\u0000${partition}`, Math.max(0, lag));
  }

  lagMax(): number {
    return this.lag.size === 0 ? NaN : Math.max(...this.lag.values());
  }
}

/** Kafka's connector-task-metrics group (the parts a runner knows). */
export class TaskMetrics {
  readonly batchSize = new SampledStat();
  readonly offsetCommitTime = new SampledStat();
  recordBatch(size: number): void { this.batchSize.record(size); }
  recordCommit(durationMs: number): void { this.offsetCommitTime.record(durationMs); }
}

/** All metric groups of one task. */
export interface TaskMetricsGroup {
  readonly kind: 'source' | 'sink';
  readonly task: TaskMetrics;
  readonly errors: ErrorHandlingMetrics;
  readonly source: SourceTaskMetrics | null;
  readonly sink: SinkTaskMetrics | null;
}

export function newTaskMetricsGroup(kind: 'source' | 'sink'): TaskMetricsGroup {
  return {
    kind,
    task: new TaskMetrics(),
    errors: new ErrorHandlingMetrics(),
    source: kind === 'source' ? new SourceTaskMetrics() : null,
    sink: kind === 'sink' ? new SinkTaskMetrics() : null,
  };
}
