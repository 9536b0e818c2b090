import { open, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { ConnectException, type SinkRecord, type SinkTask, type SinkTaskContext, type TopicPartitionOffset } from '@tsconnect/sdk';
import { parseSinkFile } from './file-stream-sink-config.js';
import { javaString } from './java-string.js';
import { VERSION } from './version.js';

export interface FileStreamSinkTaskOptions {
  /** Used instead of process.stdout when `file` is not set. */
  readonly stdout?: Writable;
}

/**
 * Appends one line per record to a file (or stdout), as Kafka's FileStreamSinkTask: the value's
 * Java string form and "\n". Byte values are written as they are (Java would print an array id).
 * Lines are written on `put` and fsynced on `flush`, so committed offsets are on disk.
 */
export class FileStreamSinkTask implements SinkTask {
  private file: string | null = null;
  private handle: FileHandle | null = null;
  private stdout: Writable | null = null;

  constructor(private readonly options: FileStreamSinkTaskOptions = {}) {}

  version(): string {
    return VERSION;
  }

  async start(props: Readonly<Record<string, string>>, _context: SinkTaskContext): Promise<void> {
    this.file = parseSinkFile(props);
    if (this.file === null) {
      this.stdout = this.options.stdout ?? process.stdout;
      return;
    }
    try {
      this.handle = await open(this.file, 'a');
    } catch (e) {
      throw new ConnectException(`Couldn't find or create file '${this.file}' for FileStreamSinkTask: ${(e as Error).message}`, { cause: e });
    }
  }

  async put(records: readonly SinkRecord[]): Promise<void> {
    if (records.length === 0) return;
    const data = Buffer.concat(records.flatMap((r) => [lineBytes(r), NEWLINE]));
    if (this.handle) {
      // A write may be partial; keep going until every byte is in the file.
      for (let done = 0; done < data.length;) {
        done += (await this.handle.write(data, done, data.length - done)).bytesWritten;
      }
    } else if (this.stdout) {
      await writeStream(this.stdout, data);
    } else {
      throw new ConnectException('FileStreamSinkTask.put called before start');
    }
  }

  async flush(_offsets: readonly TopicPartitionOffset[]): Promise<void> {
    await this.handle?.sync();
  }

  async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    this.stdout = null;
    if (handle) {
      await handle.sync();
      await handle.close();
    }
  }
}

const NEWLINE = Buffer.from('\n');

function lineBytes(record: SinkRecord): Buffer {
  const value = record.value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.length);
  return Buffer.from(javaString(value, record.valueSchema), 'utf8');
}

function writeStream(stream: Writable, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (e) => (e ? reject(e) : resolve()));
  });
}
