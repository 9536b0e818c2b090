import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogicalReplicationClient } from './replication-client.js';
import { count, pgUrl, readUntil, sql, uniqueName } from '../test-support/pg-env.js';
import { ackLsnOf } from '../ack-lsn.js';
import type { ReplicationEvent } from './replication-stream.js';

const ids = (events: ReplicationEvent[]) =>
  events.flatMap((e) => (e.message.type === 'insert' ? [e.message.new['id']] : []));

describe('acknowledgement, restart and backpressure (real PostgreSQL)', () => {
  const client = new LogicalReplicationClient(pgUrl());
  const table = uniqueName('t_life');
  const pub = uniqueName('p_life');
  const slots: string[] = [];
  const newSlot = async () => {
    const slot = uniqueName('s_life');
    slots.push(slot);
    await client.createSlot(slot, { snapshot: 'nothing' });
    return slot;
  };

  beforeAll(async () => {
    await sql(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
    await client.createPublication(pub, [table]);
  });
  afterAll(async () => {
    for (const s of slots) await client.dropSlot(s, { ifExists: true });
    await client.dropPublication(pub, { ifExists: true });
    await sql(`DROP TABLE IF EXISTS ${table}`);
  });

  it('redelivers unacknowledged changes after a stop, even past several status intervals', async () => {
    const slot = await newSlot();
    const before = (await client.getSlot(slot))!.confirmedFlushLsn!;
    await sql(`INSERT INTO ${table} VALUES (1)`, `INSERT INTO ${table} VALUES (2)`);
    const s1 = await client.start({ slot, publications: [pub], statusIntervalMs: 50 });
    const first = await readUntil(s1, (_e, all) => count(all, 'commit') === 2);
    await new Promise((r) => setTimeout(r, 300)); // several status updates without an ack
    await s1.stop();
    expect(ids(first)).toEqual([1, 2]);
    expect((await client.getSlot(slot))!.confirmedFlushLsn!.equals(before)).toBe(true);

    const s2 = await client.start({ slot, publications: [pub] });
    const again = await readUntil(s2, (_e, all) => count(all, 'commit') === 2);
    expect(ids(again)).toEqual([1, 2]);
    // Acknowledge only the first transaction.
    s2.ack(ackLsnOf(again.find((e) => e.message.type === 'commit')!.message)!);
    await s2.stop();

    const s3 = await client.start({ slot, publications: [pub] });
    const rest = await readUntil(s3, (_e, all) => count(all, 'commit') === 1);
    expect(ids(rest)).toEqual([2]);
    s3.ack(ackLsnOf(rest.at(-1)!.message)!);
    s3.flush();
    await s3.stop();

    await sql(`INSERT INTO ${table} VALUES (3)`);
    const s4 = await client.start({ slot, publications: [pub] });
    const fresh = await readUntil(s4, (_e, all) => count(all, 'commit') === 1);
    await s4.stop();
    expect(ids(fresh)).toEqual([3]);
  });

  it('redelivers after the walsender is killed before the ack; the stream fails loudly', async () => {
    const slot = await newSlot();
    await sql(`INSERT INTO ${table} VALUES (10)`);
    const s1 = await client.start({ slot, publications: [pub] });
    await readUntil(s1, (e) => e.message.type === 'commit');
    const pid = (await client.getSlot(slot))!.activePid;
    await sql(`SELECT pg_terminate_backend(${pid})`);
    await expect(readUntil(s1, () => false, 10_000)).rejects.toThrow();
    await s1.stop();
    // the slot is released asynchronously by the dying walsender
    for (let i = 0; i < 50 && (await client.getSlot(slot))!.active; i++) await new Promise((r) => setTimeout(r, 100));
    const s2 = await client.start({ slot, publications: [pub] });
    const again = await readUntil(s2, (e) => e.message.type === 'commit');
    await s2.stop();
    expect(ids(again)).toEqual([10]);
  });

  it('pauses the socket when the consumer lags and delivers everything in order', async () => {
    const slot = await newSlot();
    await sql(`INSERT INTO ${table} SELECT g FROM generate_series(1000, 5999) g`);
    const stream = await client.start({ slot, publications: [pub], highWaterMark: 20, lowWaterMark: 5 });
    await new Promise((r) => setTimeout(r, 500));
    expect(stream.isPaused).toBe(true);
    const pausedBacklog = stream.buffered;
    expect(pausedBacklog).toBeLessThan(5000); // bounded: not the whole transaction
    const events = await readUntil(stream, (e) => e.message.type === 'commit');
    await stream.stop();
    const got = ids(events);
    expect(got).toHaveLength(5000);
    expect(got[0]).toBe(1000);
    expect(got[4999]).toBe(5999);
  });

  it('stops on AbortSignal and on break; rejects a missing slot', async () => {
    const slot = await newSlot();
    await sql(`INSERT INTO ${table} VALUES (20)`);
    const ac = new AbortController();
    const stream = await client.start({ slot, publications: [pub], signal: ac.signal });
    const seen: string[] = [];
    for await (const e of stream) {
      seen.push(e.message.type);
      if (e.message.type === 'commit') ac.abort();
    }
    expect(seen).toEqual(['begin', 'relation', 'insert', 'commit']);
    const s2 = await client.start({ slot, publications: [pub] });
    for await (const e of s2) if (e.message.type === 'commit') break;
    expect((await client.getSlot(slot))!.active).toBe(false);
    await expect(client.start({ slot: uniqueName('missing'), publications: [pub] })).rejects.toThrow(/does not exist/);
  });
});
