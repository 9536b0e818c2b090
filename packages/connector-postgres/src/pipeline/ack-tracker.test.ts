import { describe, expect, it } from 'vitest';
import { Lsn } from '@tsconnect/pgoutput';
import { sourceRecord } from '@tsconnect/sdk';
import { AckTracker } from './ack-tracker.js';
import { RecordQueue } from './record-queue.js';

const rec = (n: number) => sourceRecord({ topic: 't', sourcePartition: { server: 's' }, sourceOffset: { lsn: n }, value: n });

describe('AckTracker', () => {
  it('releases a transaction end only when all its records are acknowledged', () => {
    const t = new AckTracker();
    const [a, b, c] = [rec(1), rec(2), rec(3)];
    t.emitted(a); t.emitted(b);
    t.transactionEnded(Lsn.fromBigInt(100n));
    t.transactionEnded(Lsn.fromBigInt(150n)); // a transaction without records
    t.emitted(c);
    t.transactionEnded(Lsn.fromBigInt(200n));
    t.acknowledged(a);
    expect(t.takeFlushable()).toBeNull();
    t.acknowledged(b);
    expect(t.takeFlushable()?.toString()).toBe('0/96');
    t.acknowledged(c);
    expect(t.takeFlushable()?.toString()).toBe('0/C8');
    expect(t.takeFlushable()).toBeNull();
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
});
