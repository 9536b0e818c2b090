import { ConnectException, type SinkRecord, type SinkTask, type SinkTaskContext, type TopicPartition, type TopicPartitionOffset } from '@tsconnect/sdk';
import type { Format } from './format/format.js';
import { newFormat } from './format/new-format.js';
import { newPartitioner } from './partitioner/new-partitioner.js';
import type { Partitioner } from './partitioner/partitioner.js';
import { recoverOffset } from './recovery.js';
import { parseS3SinkConfig, type S3SinkConfig } from './s3-sink-config.js';
import { openStorage } from './storage/open-storage.js';
import type { S3Storage } from './storage/s3-storage.js';
import { TopicPartitionWriter } from './topic-partition-writer.js';
import { VERSION } from './version.js';

const tpKey = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

/**
 * Confluent's S3SinkTask. Offsets are managed by the task: `preCommit` only returns offsets of
 * uploaded batches, and `open` seeks each partition to where the bucket says it ended, so a crash
 * at any point neither loses nor duplicates records.
 */
export class S3SinkTask implements SinkTask {
  private config!: S3SinkConfig;
  private context!: SinkTaskContext;
  private storage: S3Storage | null = null;
  private format!: Format;
  private partitioner!: Partitioner;
  private readonly writers = new Map<string, { tp: TopicPartition; writer: TopicPartitionWriter }>();
  /** Tests inject a clock to drive wall-clock rotation deterministically. */
  now: () => number = Date.now;

  version(): string {
    return VERSION;
  }

  async start(props: Readonly<Record<string, string>>, context: SinkTaskContext): Promise<void> {
    this.config = parseS3SinkConfig(props);
    this.context = context;
    this.format = newFormat(this.config);
    this.partitioner = newPartitioner(this.config);
    const opened = await openStorage(this.config);
    this.storage = opened.storage;
    const problem = await opened.checkBucket();
    if (problem) throw new ConnectException(`${problem.key}: ${problem.message}`);
    await this.open(context.assignment());
  }

  async open(partitions: readonly TopicPartition[]): Promise<void> {
    const storage = this.requireStorage();
    const seeks: TopicPartitionOffset[] = [];
    for (const tp of partitions) {
      if (this.writers.has(tpKey(tp))) continue;
      const recovery = await recoverOffset(storage, this.config, tp);
      if (recovery) seeks.push({ topic: tp.topic, partition: tp.partition, offset: recovery.offset });
      const writer = new TopicPartitionWriter(
        { tp, config: this.config, storage, format: this.format, partitioner: this.partitioner, now: () => this.now(), reporter: this.context.errantRecordReporter },
        recovery?.offset ?? null,
      );
      this.writers.set(tpKey(tp), { tp, writer });
    }
    if (seeks.length > 0) this.context.offset(seeks);
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    const byPartition = new Map<string, SinkRecord[]>();
    for (const r of records) {
      const key = tpKey({ topic: r.topic, partition: r.kafkaPartition });
      if (!this.writers.has(key)) {
        throw new ConnectException(
          `No writer for topic partition ${r.topic}-${r.kafkaPartition}: it is not assigned to this task (assigned: ${[...this.writers.values()].map((w) => `${w.tp.topic}-${w.tp.partition}`).join(', ')})`,
        );
      }
      let list = byPartition.get(key);
      if (!list) byPartition.set(key, (list = []));
      list.push(r);
    }
    for (const [key, { tp, writer }] of [...this.writers]) {
      await this.guard(key, tp, writer, () => writer.write(byPartition.get(key) ?? []));
    }
  }

  private async guard(key: string, tp: TopicPartition, writer: TopicPartitionWriter, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (e) {
      // The writer's state is no longer trustworthy: drop it. The task fails and, when it is
      // restarted, `open` resumes from what the bucket holds (S3 requests were already retried
      // s3.part.retries times).
      await writer.close();
      this.writers.delete(key);
      if (e instanceof ConnectException) throw e;
      throw new ConnectException(`Writing ${tp.topic}-${tp.partition} to S3 bucket ${this.config.bucket} failed: ${(e as Error).message}`, { cause: e });
    }
  }

  async flush(): Promise<void> {
    // Nothing: the task manages offsets through preCommit.
  }

  /**
   * Also where rotate.schedule.interval.ms closes the files of quiet partitions: the runtime calls
   * `put` only with records, but calls this every offset.flush.interval.ms.
   */
  async preCommit(_offsets: readonly TopicPartitionOffset[]): Promise<readonly TopicPartitionOffset[]> {
    const out: TopicPartitionOffset[] = [];
    for (const [key, { tp, writer }] of [...this.writers]) {
      await this.guard(key, tp, writer, () => writer.rotateIfScheduled());
      const offset = writer.takeOffsetToCommit();
      if (offset !== null) out.push({ topic: tp.topic, partition: tp.partition, offset });
    }
    return out;
  }

  async close(partitions: readonly TopicPartition[]): Promise<void> {
    for (const tp of partitions) {
      const entry = this.writers.get(tpKey(tp));
      if (!entry) continue;
      this.writers.delete(tpKey(tp));
      await entry.writer.close();
    }
  }

  async stop(): Promise<void> {
    for (const { writer } of this.writers.values()) await writer.close();
    this.writers.clear();
    this.storage?.close();
    this.storage = null;
  }

  private requireStorage(): S3Storage {
    if (!this.storage) throw new ConnectException('S3SinkTask is not started');
    return this.storage;
  }
}
