import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectException, DecimalValue, SchemaBuilder, Schemas, Struct, type Schema, type SinkRecord } from '@tsconnect/sdk';
import { FileStreamSinkTask } from './file-stream-sink-task.js';
import { sinkTaskContext } from './testing/task-harness.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-sink-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

let nextOffset = 0;
function record(value: unknown, valueSchema: Schema | null = null): SinkRecord {
  const offset = nextOffset++;
  return {
    topic: 't', kafkaPartition: 0, kafkaOffset: offset, keySchema: null, key: null, valueSchema, value,
    timestamp: 0, timestampType: 'CreateTime', headers: [], originalTopic: 't', originalKafkaPartition: 0, originalKafkaOffset: offset,
  };
}

async function startSink(props: Record<string, string>, stdout?: PassThrough): Promise<FileStreamSinkTask> {
  const task = new FileStreamSinkTask(stdout ? { stdout } : {});
  await task.start(props, sinkTaskContext(props));
  return task;
}

describe('FileStreamSinkTask', () => {
  it('appends one line per record to an existing file, keeping what was there', async () => {
    const file = join(dir, 'out.txt');
    await writeFile(file, 'existing\n');
    const task = await startSink({ file, topics: 't' });
    await task.put([record('first'), record('Grüße 😀'), record('')]);
    await task.put([]);
    await task.put([record('with\r\ninside')]);
    await task.flush([]);
    await task.stop();
    expect(await readFile(file, 'utf8')).toBe('existing\nfirst\nGrüße 😀\n\nwith\r\ninside\n');
  });

  it('creates the file when missing', async () => {
    const file = join(dir, 'new.txt');
    const task = await startSink({ file });
    await task.put([record('x')]);
    await task.stop();
    expect(await readFile(file, 'utf8')).toBe('x\n');
  });

  it('writes values as Kafka prints them: null, numbers, structs, arrays, maps, decimals, bytes', async () => {
    const file = join(dir, 'out.txt');
    const schema = SchemaBuilder.struct()
      .field('id', Schemas.INT32)
      .field('name', Schemas.OPTIONAL_STRING)
      .field('score', Schemas.OPTIONAL_FLOAT64)
      .build();
    const task = await startSink({ file });
    await task.put([
      record(null),
      record(42, Schemas.INT32),
      record(7n, Schemas.INT64),
      record(2, Schemas.FLOAT64),
      record(0.1, Schemas.FLOAT32),
      record(1.5),
      record(true, Schemas.BOOLEAN),
      record(new Struct(schema).put('id', 1).put('name', 'a b').put('score', 1e-4)),
      record(new Struct(schema).put('id', 2)),
      record(['x', 'y']),
      record(new Map<string, unknown>([['k', 1n], ['m', 'v']])),
      record(DecimalValue.parse('12.340')),
      record(new Uint8Array([0x68, 0x69])),
    ]);
    await task.stop();
    expect((await readFile(file, 'utf8')).split('\n')).toEqual([
      'null', '42', '7', '2.0', '0.1', '1.5', 'true',
      'Struct{id=1,name=a b,score=1.0E-4}', 'Struct{id=2}', '[x, y]', '{k=1, m=v}', '12.340', 'hi', '',
    ]);
  });

  it('fsyncs the file on flush', async () => {
    const file = join(dir, 'out.txt');
    const probe = await open(file, 'a');
    const sync = vi.spyOn(Object.getPrototypeOf(probe) as { sync(): Promise<void> }, 'sync');
    await probe.close();
    const task = await startSink({ file });
    await task.put([record('a')]);
    expect(sync).not.toHaveBeenCalled();
    expect(await readFile(file, 'utf8')).toBe('a\n'); // written on put, made durable on flush
    await task.flush([{ topic: 't', partition: 0, offset: 1 }]);
    expect(sync).toHaveBeenCalledTimes(1);
    await task.stop();
  });

  it('writes to stdout when file is not set', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const task = await startSink({ file: '' }, stdout);
    await task.put([record('a'), record(1, Schemas.INT8)]);
    await task.flush([]);
    await task.stop();
    expect(Buffer.concat(chunks).toString()).toBe('a\n1\n');
  });

  it('fails to start naming the file it cannot open', async () => {
    const file = join(dir, 'missing-dir', 'out.txt');
    const task = new FileStreamSinkTask();
    const started = task.start({ file }, sinkTaskContext({ file }));
    await expect(started).rejects.toThrow(ConnectException);
    await expect(task.start({ file }, sinkTaskContext({ file }))).rejects.toThrow(
      `Couldn't find or create file '${file}' for FileStreamSinkTask: ENOENT: no such file or directory, open '${file}'`,
    );
  });
});
