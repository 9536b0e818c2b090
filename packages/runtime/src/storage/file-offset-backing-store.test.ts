import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileOffsetBackingStore } from './file-offset-backing-store.js';
import { offsetKey, offsetValue, parseOffsetKey } from './offset-backing-store.js';
import { ConnectorOffsetStorageReader } from './offset-storage-reader.js';

describe('FileOffsetBackingStore', () => {
  it('writes Kafka-shaped keys atomically and reads them back after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offs-'));
    const file = join(dir, 'sub', 'offsets.json');
    const store = new FileOffsetBackingStore(file);
    await store.start();
    const key = offsetKey('pg', { server: 'db1' });
    expect(key).toBe('["pg",{"server":"db1"}]');
    await store.set(new Map([[key, offsetValue({ lsn: 42, txId: 7 })]]));
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ format: 'tsconnect-offsets-v1', offsets: { '["pg",{"server":"db1"}]': '{"lsn":42,"txId":7}' } });
    expect(await readdir(join(dir, 'sub'))).toEqual(['offsets.json']);

    const again = new FileOffsetBackingStore(file);
    await again.start();
    const reader = new ConnectorOffsetStorageReader('pg', again);
    expect(await reader.offset({ server: 'db1' })).toEqual({ lsn: 42, txId: 7 });
    expect(await reader.offset({ server: 'other' })).toBeNull();
    expect(await new ConnectorOffsetStorageReader('other', again).offset({ server: 'db1' })).toBeNull();
    await again.set(new Map([[key, null]]));
    expect(await again.get([key])).toEqual(new Map());
  });

  it('serializes partitions independent of key order', () => {
    expect(offsetKey('c', { b: 1, a: 'x' })).toBe(offsetKey('c', { a: 'x', b: 1 }));
    expect(parseOffsetKey('["c",{"a":"x"}]')).toEqual({ connector: 'c', partition: { a: 'x' } });
    expect(parseOffsetKey('nope')).toBeNull();
  });

  it('names the file when it is corrupt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'offs-'));
    const file = join(dir, 'offsets.json');
    await writeFile(file, '{not json');
    await expect(new FileOffsetBackingStore(file).start()).rejects.toThrow(`Invalid offsets file ${file} (offset.storage.file.filename):`);
  });
});
