import {
  SchemaBuilder, Schemas, Struct, sourceRecord, type OffsetMap, type SourceRecord, type SourceTask, type SourceTaskContext,
} from '@tsconnect/sdk';
import { randomNumber } from './random-numbers.js';
import { parseRandomSourceConfig, type RandomSourceConfig } from './random-number-source-config.js';
import { VERSION } from './version.js';

export const RANDOM_NUMBER_SCHEMA = SchemaBuilder.struct().name('my_connector.RandomNumber')
  .field('seq', Schemas.INT64)
  .field('value', Schemas.INT32)
  .build();

/** Source partition: one stream per seed. Offset: `{seq}` of the last number written. */
export function sourcePartition(seed: number): OffsetMap {
  return { generator: 'random', seed };
}

/**
 * Emits numbers `seq = 0, 1, 2 …` of the seeded stream, `batch.size` per poll after a pause of
 * `poll.interval.ms`. On start it reads its committed offset and continues at `seq + 1`, so a
 * restart neither repeats nor skips a number. The pause ends early when the task is stopped.
 */
export class RandomNumberSourceTask implements SourceTask {
  private config!: RandomSourceConfig;
  private next = 0;
  private readonly stopped = new AbortController();
  private signal: AbortSignal = this.stopped.signal;

  version(): string { return VERSION; }

  async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
    this.config = parseRandomSourceConfig(props);
    this.signal = AbortSignal.any([context.signal, this.stopped.signal]);
    const committed = await context.offsetStorageReader.offset(sourcePartition(this.config.seed));
    this.next = committed ? Number(committed['seq']) + 1 : 0;
  }

  async poll(): Promise<SourceRecord[]> {
    await this.pause(this.config.pollIntervalMs);
    if (this.signal.aborted) return [];
    const { topic, seed, batchSize } = this.config;
    const records: SourceRecord[] = [];
    for (let i = 0; i < batchSize; i++) {
      const seq = this.next++;
      records.push(sourceRecord({
        topic,
        sourcePartition: sourcePartition(seed),
        sourceOffset: { seq },
        keySchema: Schemas.STRING,
        key: String(seq),
        valueSchema: RANDOM_NUMBER_SCHEMA,
        value: new Struct(RANDOM_NUMBER_SCHEMA).put('seq', seq).put('value', randomNumber(seed, seq)),
      }));
    }
    return records;
  }

  stop(): void {
    this.stopped.abort();
  }

  /** Sleeps `ms`, or less when the task is stopped (stop may come while poll is pending). */
  private pause(ms: number): Promise<void> {
    if (this.signal.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal.addEventListener('abort', done, { once: true });
    });
  }
}
