import type { Readable } from 'node:stream';
import {
  ConnectException, Schemas, sourceRecord,
  type OffsetMap, type SourceRecord, type SourceTask, type SourceTaskContext,
} from '@tsconnect/sdk';
import { FILENAME_FIELD, POSITION_FIELD, parseSourceConfig, type FileStreamSourceConfig } from './file-stream-source-config.js';
import { FileLineSource } from './file-line-source.js';
import type { LineSource, SourceLine } from './line-source.js';
import { StreamLineSource } from './stdin-line-source.js';
import { VERSION } from './version.js';

/** Knobs for tests and embedding; the runtime constructs the task with the defaults. */
export interface FileStreamSourceTaskOptions {
  /** How often an idle poll looks at the file again (default 100 ms). */
  readonly pollIntervalMs?: number;
  /** How long an idle poll waits before returning [] (default 1000 ms, as Kafka's task). */
  readonly maxIdleMs?: number;
  /** Bytes per file read (default 64 KiB). */
  readonly readChunkSize?: number;
  /** Used instead of process.stdin when `file` is not set. */
  readonly stdin?: Readable;
  /** Where rotation/truncation notices go (default console.warn). */
  readonly log?: (message: string) => void;
}

/**
 * Emits each line of a file (or stdin) as a record with a string value and no key (Kafka's
 * FileStreamSourceTask). Partition `{filename}`, offset `{position}` = the byte just after the
 * line, so a restart resumes exactly after the last committed line.
 */
export class FileStreamSourceTask implements SourceTask {
  private config: FileStreamSourceConfig | null = null;
  private source: LineSource | null = null;
  private signal: AbortSignal | null = null;
  private readonly stopping = new AbortController();
  private polling: Promise<unknown> | null = null;

  constructor(private readonly options: FileStreamSourceTaskOptions = {}) {}

  version(): string {
    return VERSION;
  }

  async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
    const config = parseSourceConfig(props);
    this.config = config;
    this.signal = context.signal;
    const log = this.options.log ?? ((m: string) => console.warn(`FileStreamSourceTask: ${m}`));
    if (config.file === null) {
      this.source = new StreamLineSource(this.options.stdin ?? process.stdin);
      return;
    }
    const stored = await context.offsetStorageReader.offset({ [FILENAME_FIELD]: config.file });
    this.source = new FileLineSource(config.file, {
      startPosition: storedPosition(stored, config.file),
      log,
      ...(this.options.readChunkSize ? { readChunkSize: this.options.readChunkSize } : {}),
    });
  }

  poll(): Promise<SourceRecord[]> {
    const polling = this.pollLines();
    this.polling = polling;
    return polling;
  }

  private async pollLines(): Promise<SourceRecord[]> {
    const { config, source } = this;
    if (!config || !source) throw new ConnectException('FileStreamSourceTask.poll called before start');
    const deadline = Date.now() + (this.options.maxIdleMs ?? 1000);
    while (!this.stopping.signal.aborted && !this.signal?.aborted) {
      const lines = await source.read(config.batchSize);
      if (lines.length > 0) return lines.map((line) => this.toRecord(config, line));
      const left = deadline - Date.now();
      if (left <= 0) break;
      await sleep(Math.min(this.options.pollIntervalMs ?? 100, left), [this.stopping.signal, this.signal]);
    }
    return [];
  }

  private toRecord(config: FileStreamSourceConfig, line: SourceLine): SourceRecord {
    return sourceRecord({
      topic: config.topic,
      sourcePartition: { [FILENAME_FIELD]: config.file },
      sourceOffset: { [POSITION_FIELD]: line.position },
      valueSchema: Schemas.STRING,
      value: line.text,
      timestamp: Date.now(),
    });
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    // Let a pending poll finish its read before the file handle goes away under it.
    await this.polling?.catch(() => undefined);
    await this.source?.close();
    this.source = null;
  }
}

/** The committed byte position, validated: offsets can be edited through the REST API. */
function storedPosition(offset: OffsetMap | null, file: string): number | null {
  const position = offset?.[POSITION_FIELD];
  if (position === undefined || position === null) return null;
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
    throw new ConnectException(
      `Offset position for file ${file} is the incorrect type or negative: ${JSON.stringify(position)} (expected a non-negative integer "${POSITION_FIELD}")`,
    );
  }
  return position;
}

/** Resolves after `ms`, or as soon as one of the signals aborts. */
function sleep(ms: number, signals: readonly (AbortSignal | null)[]): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => s !== null);
    const done = (): void => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) {
      if (s.aborted) return done();
      s.addEventListener('abort', done, { once: true });
    }
  });
}
