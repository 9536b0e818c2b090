import { appendFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStreamSourceTask } from './file-stream-source-task.js';
import { MemoryOffsetStore, pollRecords, sourceTaskContext } from './testing/task-harness.js';
import type { SourceRecord } from '@tsconnect/sdk';

let dir: string;
let file: string;
let notices: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-source-'));
  file = join(dir, 'app.log');
  notices = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startTask(offsets = new MemoryOffsetStore()): Promise<FileStreamSourceTask> {
  const task = new FileStreamSourceTask({ pollIntervalMs: 5, maxIdleMs: 30, log: (m) => notices.push(m) });
  const props = { file, topic: 't' };
  await task.start(props, sourceTaskContext(props, offsets));
  return task;
}

const valuesAndPositions = (records: SourceRecord[]): [unknown, unknown][] =>
  records.map((r) => [r.value, r.sourceOffset['position']]);

describe('FileStreamSourceTask truncation and rotation', () => {
  it('notices a truncated file and reads it again from the start', async () => {
    await writeFile(file, 'one\ntwo\nthree\n');
    const task = await startTask();
    await pollRecords(task, 3);
    await truncate(file, 0);
    await appendFile(file, 'new\n');
    expect(valuesAndPositions(await pollRecords(task, 1))).toEqual([['new', 4]]);
    expect(notices).toEqual([`${file} was truncated to 4 bytes (had read 14), reading from the start`]);
    await appendFile(file, 'more\n');
    expect(valuesAndPositions(await pollRecords(task, 1))).toEqual([['more', 9]]);
    await task.stop();
  });

  it('notices truncation into a partial line', async () => {
    await writeFile(file, 'one\npartial');
    const task = await startTask();
    await pollRecords(task, 1);
    expect(await task.poll()).toEqual([]);
    await truncate(file, 6); // shorter than what was read: the file counts as rewritten
    expect(valuesAndPositions(await pollRecords(task, 1))).toEqual([['one', 4]]);
    expect(await task.poll()).toEqual([]);
    await appendFile(file, '\n');
    expect(valuesAndPositions(await pollRecords(task, 1))).toEqual([['pa', 7]]);
    await task.stop();
  });

  it('reads from the start when the stored position lies beyond the end of the file (truncated while stopped)', async () => {
    await writeFile(file, 'a\nb\n');
    const offsets = new MemoryOffsetStore();
    offsets.set({ filename: file }, { position: 100 });
    const task = await startTask(offsets);
    expect(valuesAndPositions(await pollRecords(task, 2))).toEqual([['a', 2], ['b', 4]]);
    expect(notices).toEqual([
      `${file} is shorter (4 bytes) than the stored position 100: it was truncated or replaced, reading from the start`,
    ]);
    await task.stop();
  });

  it('follows a rotated file: the old file is read to its end, then the new one from byte 0', async () => {
    await writeFile(file, 'old1\n');
    const task = await startTask();
    expect(valuesAndPositions(await pollRecords(task, 1))).toEqual([['old1', 5]]);
    await rename(file, `${file}.1`);
    await appendFile(`${file}.1`, 'old2\nold-partial'); // written by the old writer after the rename
    await writeFile(file, 'new1\nnew2\n');
    expect(valuesAndPositions(await pollRecords(task, 4))).toEqual([
      ['old2', 10], ['old-partial', 21], ['new1', 5], ['new2', 10],
    ]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(new RegExp(`^${file} was rotated \\(inode \\d+ → \\d+\\), reading the new file from the start$`));
    await appendFile(file, 'new3\n');
    expect(valuesAndPositions(await pollRecords(task, 1))).toEqual([['new3', 15]]);
    await task.stop();
  });

  it('keeps reading a deleted file and switches when the path is created again', async () => {
    await writeFile(file, 'a\n');
    const task = await startTask();
    await pollRecords(task, 1);
    await unlink(file);
    expect(await task.poll()).toEqual([]);
    await writeFile(file, 'b\n');
    expect(valuesAndPositions(await pollRecords(task, 1))).toEqual([['b', 2]]);
    await task.stop();
  });

  it('a restart after rotation resumes in the new file from its committed position', async () => {
    await writeFile(file, 'old\n');
    const offsets = new MemoryOffsetStore();
    const task = await startTask(offsets);
    await pollRecords(task, 1);
    await rename(file, `${file}.1`);
    await writeFile(file, 'n1\nn2\nn3\n');
    const records = await pollRecords(task, 3);
    offsets.commit(records[1]!);
    await task.stop();
    const resumed = await startTask(offsets);
    expect(valuesAndPositions(await pollRecords(resumed, 1))).toEqual([['n3', 9]]);
    expect(await resumed.poll()).toEqual([]);
    await resumed.stop();
  });
});
