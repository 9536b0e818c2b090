import { appendFile } from 'node:fs/promises';
import type { SinkRecord, SinkTask, TopicPartitionOffset } from '@tsconnect/sdk';
import { parseLogSinkConfig, type LogSinkConfig } from './log-sink-config.js';
import { toJson } from './to-json.js';
import { VERSION } from './version.js';

/**
 * Logs every record as one line. `put` only buffers; `flush` appends the buffered lines in one
 * write, so when it resolves everything handed to `put` is in the file and the runtime may
 * commit those offsets (the SinkTask contract). After a crash, at most the last uncommitted
 * batch is logged twice (at-least-once, as every Kafka Connect sink without its own offsets).
 */
export class LogSinkTask implements SinkTask {
  private config!: LogSinkConfig;
  private buffer: string[] = [];

  version(): string { return VERSION; }

  start(props: Readonly<Record<string, string>>): void {
    this.config = parseLogSinkConfig(props);
  }

  put(records: readonly SinkRecord[]): void {
    for (const r of records) this.buffer.push(this.format(r));
  }

  async flush(_offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('\n') + '\n';
    if (this.config.file) await appendFile(this.config.file, text, 'utf8');
    else process.stdout.write(text);
    this.buffer = [];
  }

  stop(): void {
    // Unflushed lines belong to uncommitted offsets: they are delivered again after a restart.
    this.buffer = [];
  }

  private format(r: SinkRecord): string {
    const key = toJson(r.key);
    const value = toJson(r.value);
    if (this.config.format === 'text') {
      return `${r.topic}-${r.kafkaPartition}@${r.kafkaOffset} key=${JSON.stringify(key)} value=${JSON.stringify(value)}`;
    }
    return JSON.stringify({ topic: r.topic, partition: r.kafkaPartition, offset: r.kafkaOffset, key, value });
  }
}
