import { describe, expect, it } from 'vitest';
import { Lsn } from '@tsconnect/pgoutput';
import { sourceRecord } from '@tsconnect/sdk';
import { AckTracker } from './ack-tracker.js';
import { RecordQueue } from './record-queue.js';

const rec = (n: number) => sourceRecord({ topic: 't', sourcePartition: { server: 's' }, sourceOffset: { lsn: n }, value: n });

describe('AckTracker', () => {
  it('releases a transaction end only when the batch holding all its records is acknowledged', () => {
    const t = new AckTracker();
    const [a, b, c, d] = [rec(1), rec(2), rec(3), rec(4)];
    t.emitted(); t.emitted(); // a, b
    t.transactionEnded(Lsn.fromBigInt(100n));
    t.transactionEnded(Lsn.fromBigInt(150n)); // a transaction without records
    t.emitted(); // c
    t.transactionEnded(Lsn.fromBigInt(200n));
    t.emitted(); // d, its transaction still open
    t.polled([a]);
    t.polled([b, c]);
    t.polled([d]);
    t.acknowledged(a);
    expect(t.takeFlushable()).toBeNull();
    t.acknowledged(b); // not a batch end: the batch is not complete yet
    expect(t.takeFlushable()).toBeNull();
    t.acknowledged(c);
    expect(t.takeFlushable()?.toString()).toBe('0/C8');
    expect(t.takeFlushable()).toBeNull();
    t.transactionEnded(Lsn.fromBigInt(300n));
    t.acknowledged(d);
    expect(t.takeFlushable()?.toString()).toBe('0/12C');
  });

  it('moves on when a batch end was never acknowledged, and ignores records it does not know', () => {
    const t = new AckTracker();
    const [a, b, x] = [rec(1), rec(2), rec(9)];
    t.emitted(); t.transactionEnded(Lsn.fromBigInt(10n));
    t.emitted(); t.transactionEnded(Lsn.fromBigInt(20n));
    t.polled([a]);
    t.polled([b]);
    t.acknowledged(x);
    expect(t.takeFlushable()).toBeNull();
    t.acknowledged(b);
    expect(t.takeFlushable()?.toString()).toBe('0/14');
  });
});

describe('RecordQueue', () => {
  it('returns batches of at most max, [] after the timeout, and blocks writers when full', async () => {
    const q = new RecordQueue(2);
    await q.put(rec(1));
    await q.put(rec(2));
    let third = false;
    const pending = q.put(rec(3)).then(() => (third = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    expect((await q.drain(1, 10)).map((r) => r.value)).toEqual([1]);
    await pending;
    expect((await q.drain(10, 10)).map((r) => r.value)).toEqual([2, 3]);
    const started = Date.now();
    expect(await q.drain(10, 50)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    q.fail(new Error('boom'));
    await expect(q.drain(10, 10)).rejects.toThrow('boom');
  });

  it('returns [] at once when the poll signal aborts, with one listener for all waits', async () => {
    const q = new RecordQueue(10);
    const abort = new AbortController();
    expect(await q.drain(10, 5, abort.signal)).toEqual([]);
    const started = Date.now();
    setTimeout(() => abort.abort(), 20);
    expect(await q.drain(10, 5000, abort.signal)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await q.drain(10, 5000, abort.signal)).toEqual([]);
  });
});
