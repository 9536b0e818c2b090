import { Partitioners, type IHeaders, type Kafka, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { ErrorHandlingMetrics } from '../metrics/task-metrics.js';
import type { ErrorHandlingConfig } from './error-handling-config.js';
import type { ErrorReporter } from './error-reporter.js';
import type { ProcessingContext } from './processing-context.js';

/** Header names exactly as Kafka's DeadLetterQueueReporter. */
export const HEADER_PREFIX = '__connect.errors.';
export const ERROR_HEADER_ORIG_TOPIC = `${HEADER_PREFIX}topic`;
export const ERROR_HEADER_ORIG_PARTITION = `${HEADER_PREFIX}partition`;
export const ERROR_HEADER_ORIG_OFFSET = `${HEADER_PREFIX}offset`;
export const ERROR_HEADER_CONNECTOR_NAME = `${HEADER_PREFIX}connector.name`;
export const ERROR_HEADER_TASK_ID = `${HEADER_PREFIX}task.id`;
export const ERROR_HEADER_STAGE = `${HEADER_PREFIX}stage`;
export const ERROR_HEADER_EXECUTING_CLASS = `${HEADER_PREFIX}class.name`;
export const ERROR_HEADER_EXCEPTION = `${HEADER_PREFIX}exception.class.name`;
export const ERROR_HEADER_EXCEPTION_MESSAGE = `${HEADER_PREFIX}exception.message`;
export const ERROR_HEADER_EXCEPTION_STACK_TRACE = `${HEADER_PREFIX}exception.stacktrace`;

/**
 * Writes the original consumed record (raw key/value bytes, headers, timestamp) to the
 * connector's dead letter queue topic (Kafka's DeadLetterQueueReporter). The topic is created
 * with one partition and `errors.deadletterqueue.topic.replication.factor` when missing.
 * `report` resolves when Kafka acknowledged the write, so offsets are committed only after.
 */
export class DeadLetterQueueReporter implements ErrorReporter {
  private producer: Producer | null = null;
  private ready: Promise<void> | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly id: ConnectorTaskId,
    private readonly config: ErrorHandlingConfig,
    private readonly metrics: ErrorHandlingMetrics,
    private readonly log: Logger,
  ) {}

  private setup(): Promise<void> {
    this.ready ??= (async () => {
      const topic = this.config.dlqTopicName;
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        if (!(await admin.listTopics()).includes(topic)) {
          this.log.error(`Topic ${topic} doesn't exist. Will attempt to create topic.`);
          try {
            await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1, replicationFactor: this.config.dlqReplicationFactor }] });
          } catch (e) {
            const errors = (e as { errors?: { type?: string }[] }).errors;
            if (!errors?.every((err) => err.type === 'TOPIC_ALREADY_EXISTS')) throw new Error(`Could not initialize dead letter queue with topic=${topic}: ${(e as Error).message}`, { cause: e });
          }
        }
      } finally {
        await admin.disconnect();
      }
      this.producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false });
      await this.producer.connect();
    })();
    this.ready.catch(() => { this.ready = null; });
    return this.ready;
  }

  async report(context: ProcessingContext): Promise<void> {
    const topic = this.config.dlqTopicName;
    if (topic === '') return;
    this.metrics.recordDeadLetterQueueProduceRequest();
    if (context.original.kind !== 'sink') {
      this.metrics.recordDeadLetterQueueProduceFailed();
      return;
    }
    const original = context.original.record;
    const headers: IHeaders = { ...(original.headers ?? {}) };
    if (this.config.dlqContextHeadersEnable) populateContextHeaders(headers, context, this.id);
    try {
      await this.setup();
      await this.producer!.send({
        topic,
        acks: -1,
        messages: [{ key: original.key, value: original.value, headers, ...(Number(original.timestamp) >= 0 ? { timestamp: original.timestamp } : {}) }],
      });
    } catch (e) {
      this.metrics.recordDeadLetterQueueProduceFailed();
      this.log.error({ err: e }, `Could not produce message to dead letter queue. topic=${topic}`);
      throw e;
    }
  }

  async close(): Promise<void> {
    await this.ready?.catch(() => undefined);
    await this.producer?.disconnect();
    this.producer = null;
  }
}

/** Adds Kafka's `__connect.errors.*` headers; repeated keys (a record DLQ'd twice) keep both values. */
export function populateContextHeaders(headers: IHeaders, context: ProcessingContext, id: ConnectorTaskId): void {
  const add = (key: string, value: string): void => {
    const buf = Buffer.from(value, 'utf8');
    const prev = headers[key];
    headers[key] = prev === undefined ? buf : Array.isArray(prev) ? [...prev, buf] : [prev, buf];
  };
  if (context.original.kind === 'sink') {
    const o = context.original.record;
    add(ERROR_HEADER_ORIG_TOPIC, o.topic);
    add(ERROR_HEADER_ORIG_PARTITION, String(o.partition));
    add(ERROR_HEADER_ORIG_OFFSET, o.offset);
  }
  add(ERROR_HEADER_CONNECTOR_NAME, id.connector);
  add(ERROR_HEADER_TASK_ID, String(id.task));
  add(ERROR_HEADER_STAGE, context.stage);
  add(ERROR_HEADER_EXECUTING_CLASS, context.executingClass);
  if (context.error) {
    add(ERROR_HEADER_EXCEPTION, context.error.name);
    add(ERROR_HEADER_EXCEPTION_MESSAGE, context.error.message);
    if (context.error.stack) add(ERROR_HEADER_EXCEPTION_STACK_TRACE, context.error.stack);
  }
}
