import { describe, expect, it } from 'vitest';
import type { OffsetBackingStore } from '../storage/offset-backing-store.js';
import { OffsetKeyCache, SourceOffsetCommitter } from './source-offset-committer.js';

/** A store whose writes finish when the test says so. */
class GatedStore implements OffsetBackingStore {
  readonly written: Map<string, string | null>[] = [];
  gate: Promise<void> = Promise.resolve();
  fail: Error | null = null;
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async get(): Promise<Map<string, string>> { return new Map(); }
  async entries(): Promise<Map<string, string>> { return new Map(); }
  async set(entries: ReadonlyMap<string, string | null>): Promise<void> {
    await this.gate;
    if (this.fail) throw this.fail;
    this.written.push(new Map(entries));
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SourceOffsetCommitter', () => {
  it('flushes in the background: maybeFlush returns before the store write ends, commit() runs after it', async () => {
    const store = new GatedStore();
    let open!: () => void;
    store.gate = new Promise((r) => { open = r; });
    const commits: number[] = [];
    const c = new SourceOffsetCommitter({ store, intervalMs: 0, commit: () => { commits.push(store.written.length); }, onStoreError: () => undefined });
    c.acknowledged(new Map([['k', { lsn: 1 }], ['k2', { lsn: 7 }]]), 2);
    c.maybeFlush();
    c.acknowledged(new Map([['k', { lsn: 2 }]]), 1); // while the write is pending
    c.maybeFlush(); // one flush at a time: no second write started
    await tick();
    expect(store.written).toEqual([]);
    open();
    await c.flush();
    expect(store.written).toEqual([new Map([['k', '{"lsn":1}'], ['k2', '{"lsn":7}']]), new Map([['k', '{"lsn":2}']])]);
    expect(commits).toEqual([1, 2]);
  });

  it('keeps offsets whose write failed (newer ones win) and writes them at the next flush', async () => {
    const store = new GatedStore();
    store.fail = new Error('disk full');
    const errors: unknown[] = [];
    let commits = 0;
    const c = new SourceOffsetCommitter({ store, intervalMs: 0, commit: () => { commits++; }, onStoreError: (e) => errors.push(e) });
    c.acknowledged(new Map([['a', { n: 1 }], ['b', { n: 1 }]]), 2);
    await c.flush();
    expect(errors).toEqual([store.fail]);
    expect(commits).toBe(0);
    store.fail = null;
    c.acknowledged(new Map([['a', { n: 2 }]]), 1);
    await c.flush();
    expect(store.written).toEqual([new Map([['a', '{"n":2}'], ['b', '{"n":1}']])]);
    expect(commits).toBe(1);
  });

  it('rethrows a failed background commit() at the next call, so the task fails', async () => {
    const store = new GatedStore();
    const c = new SourceOffsetCommitter({ store, intervalMs: 0, commit: () => { throw new Error('commit failed: slot gone'); }, onStoreError: () => undefined });
    c.acknowledged(new Map([['a', { n: 1 }]]), 1);
    c.maybeFlush();
    await tick();
    expect(() => c.maybeFlush()).toThrow('commit failed: slot gone');
    expect(() => c.maybeFlush()).not.toThrow();
  });

  it('waits offset.flush.interval.ms between periodic flushes; nothing acknowledged: no write, no commit', async () => {
    const store = new GatedStore();
    let commits = 0;
    const c = new SourceOffsetCommitter({ store, intervalMs: 60_000, commit: () => { commits++; }, onStoreError: () => undefined });
    c.acknowledged(new Map([['a', { n: 1 }]]), 1);
    c.maybeFlush();
    await tick();
    expect(store.written).toEqual([]);
    await c.flush();
    await c.flush();
    expect(store.written.length).toBe(1);
    expect(commits).toBe(1);
  });
});

describe('OffsetKeyCache', () => {
  it('serializes the key as Kafka Connect does, once per partition object', () => {
    const cache = new OffsetKeyCache('pg');
    const p = { server: 'db' };
    expect(cache.keyOf(p)).toBe('["pg",{"server":"db"}]');
    expect(cache.keyOf(p)).toBe(cache.keyOf(p));
    expect(cache.keyOf({ server: 'other' })).toBe('["pg",{"server":"other"}]');
  });
});
