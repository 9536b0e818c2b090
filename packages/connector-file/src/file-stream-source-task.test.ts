import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectException, Schemas } from '@tsconnect/sdk';
import { FileStreamSourceTask, type FileStreamSourceTaskOptions } from './file-stream-source-task.js';
import { MemoryOffsetStore, pollRecords, sourceTaskContext } from './testing/task-harness.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const FAST: FileStreamSourceTaskOptions = { pollIntervalMs: 5, maxIdleMs: 30, log: () => {} };

async function startTask(props: Record<string, string>, offsets = new MemoryOffsetStore(), options = FAST): Promise<FileStreamSourceTask> {
  const task = new FileStreamSourceTask(options);
  await task.start(props, sourceTaskContext(props, offsets));
  return task;
}

/** Lines with every kind of terminator, empty lines, and multibyte characters. */
const LINES = ['first', '', 'Grüße', 'crlf line', '中文 😀', 'lone cr', 'last'];
const CONTENT = 'first\n\nGrüße\ncrlf line\r\n中文 😀\nlone cr\rlast\n';

describe('FileStreamSourceTask', () => {
  it('emits one string record per line with {filename} partition and byte {position} offset', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, 'a\nbé\r\n');
    const task = await startTask({ file, topic: 'lines' });
    const records = await pollRecords(task, 2);
    expect(records).toEqual([
      {
        topic: 'lines', kafkaPartition: null, keySchema: null, key: null, valueSchema: Schemas.STRING, value: 'a',
        timestamp: expect.any(Number), headers: [], sourcePartition: { filename: file }, sourceOffset: { position: 2 },
      },
      {
        topic: 'lines', kafkaPartition: null, keySchema: null, key: null, valueSchema: Schemas.STRING, value: 'bé',
        timestamp: expect.any(Number), headers: [], sourcePartition: { filename: file }, sourceOffset: { position: 7 },
      },
    ]);
    expect(await task.poll()).toEqual([]);
    await task.stop();
  });

  it('a restart after every committed line count 0..N yields exactly the remaining lines', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, CONTENT);
    for (let committed = 0; committed <= LINES.length; committed++) {
      const offsets = new MemoryOffsetStore();
      const first = await startTask({ file, topic: 't' }, offsets);
      const before = await pollRecords(first, LINES.length);
      for (const r of before.slice(0, committed)) offsets.commit(r);
      await first.stop();

      const second = await startTask({ file, topic: 't', 'batch.size': '2' }, offsets);
      const after = await pollRecords(second, LINES.length - committed);
      expect(after.map((r) => r.value)).toEqual(LINES.slice(committed));
      expect(after.map((r) => r.sourceOffset)).toEqual(before.slice(committed).map((r) => r.sourceOffset));
      expect(await second.poll()).toEqual([]);
      await second.stop();
    }
  });

  it('positions are byte offsets after each line', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, CONTENT);
    const task = await startTask({ file, topic: 't' });
    const positions = (await pollRecords(task, LINES.length)).map((r) => r.sourceOffset['position']);
    expect(positions).toEqual([6, 7, 15, 26, 38, 46, 51]);
    expect(positions.at(-1)).toBe(Buffer.byteLength(CONTENT));
    await task.stop();
  });

  it('holds back a partial last line until its newline is written, also across a restart', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, 'done\npart');
    const offsets = new MemoryOffsetStore();
    const task = await startTask({ file, topic: 't' }, offsets);
    const [done] = await pollRecords(task, 1);
    expect(done!.value).toBe('done');
    expect(await task.poll()).toEqual([]);
    offsets.commit(done!);
    await task.stop();

    const resumed = await startTask({ file, topic: 't' }, offsets);
    expect(await resumed.poll()).toEqual([]);
    await appendFile(file, 'ial\r');
    expect(await resumed.poll()).toEqual([]); // a CR alone might still become CRLF
    await appendFile(file, '\nnext\n');
    const records = await pollRecords(resumed, 2);
    expect(records.map((r) => [r.value, r.sourceOffset['position']])).toEqual([['partial', 14], ['next', 19]]);
    await resumed.stop();
  });

  it('reads multibyte characters split across reads of every size', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, CONTENT);
    for (let chunk = 1; chunk <= 9; chunk++) {
      const task = await startTask({ file, topic: 't' }, new MemoryOffsetStore(), { ...FAST, readChunkSize: chunk });
      expect((await pollRecords(task, LINES.length)).map((r) => r.value)).toEqual(LINES);
      await task.stop();
    }
  });

  it('returns at most batch.size records per poll', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, Array.from({ length: 7 }, (_, i) => `l${i}\n`).join(''));
    const task = await startTask({ file, topic: 't', 'batch.size': '3' });
    expect((await task.poll()).map((r) => r.value)).toEqual(['l0', 'l1', 'l2']);
    expect((await task.poll()).map((r) => r.value)).toEqual(['l3', 'l4', 'l5']);
    expect((await task.poll()).map((r) => r.value)).toEqual(['l6']);
    await task.stop();
  });

  it('returns [] within about a second when there is nothing new, with the default timing', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, '');
    const task = await startTask({ file, topic: 't' }, new MemoryOffsetStore(), { log: () => {} });
    const started = Date.now();
    expect(await task.poll()).toEqual([]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(1800);
    await task.stop();
  });

  it('returns new lines during an idle poll without waiting for the full second', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, '');
    const task = await startTask({ file, topic: 't' }, new MemoryOffsetStore(), { log: () => {} });
    const started = Date.now();
    const polled = task.poll();
    setTimeout(() => void appendFile(file, 'soon\n'), 150);
    expect((await polled).map((r) => r.value)).toEqual(['soon']);
    expect(Date.now() - started).toBeLessThan(700);
    await task.stop();
  });

  it('stop() makes a pending poll return promptly', async () => {
    const file = join(dir, 'in.txt');
    await writeFile(file, '');
    const task = await startTask({ file, topic: 't' }, new MemoryOffsetStore(), { log: () => {} });
    const started = Date.now();
    const polled = task.poll();
    await task.stop();
    expect(await polled).toEqual([]);
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('waits for a file that does not exist yet', async () => {
    const file = join(dir, 'later.txt');
    const task = await startTask({ file, topic: 't' });
    expect(await task.poll()).toEqual([]);
    await writeFile(file, 'hello\n');
    expect((await pollRecords(task, 1)).map((r) => [r.value, r.sourceOffset])).toEqual([['hello', { position: 6 }]]);
    await task.stop();
  });

  it('rejects a stored offset that is not a non-negative integer', async () => {
    const file = join(dir, 'in.txt');
    const offsets = new MemoryOffsetStore();
    offsets.set({ filename: file }, { position: 'abc' });
    const task = new FileStreamSourceTask(FAST);
    const props = { file, topic: 't' };
    await expect(task.start(props, sourceTaskContext(props, offsets))).rejects.toThrow(ConnectException);
    await expect(task.start(props, sourceTaskContext(props, offsets))).rejects.toThrow(
      `Offset position for file ${file} is the incorrect type or negative: "abc" (expected a non-negative integer "position")`,
    );
  });

  it('reads stdin when file is not set: null partition and offset values, last line at end of input', async () => {
    const stdin = new PassThrough();
    const task = await startTask({ topic: 't' }, new MemoryOffsetStore(), { ...FAST, stdin });
    stdin.write('one\r\ntw');
    const [one] = await pollRecords(task, 1);
    expect(one).toMatchObject({ value: 'one', sourcePartition: { filename: null }, sourceOffset: { position: null } });
    stdin.end('o');
    expect((await pollRecords(task, 1)).map((r) => r.value)).toEqual(['two']);
    expect(await task.poll()).toEqual([]);
    await task.stop();
  });
});
