import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogicalReplicationClient } from './replication-client.js';
import { count, pgUrl, readUntil, sql, uniqueName } from '../test-support/pg-env.js';
import type { ReplicationEvent } from './replication-stream.js';
import { Lsn } from '../lsn.js';


/** Connection for the walsender with a tiny decoding memory budget so big transactions stream. */
const streamingClient = () => new LogicalReplicationClient({ connectionString: pgUrl(), options: '-c logical_decoding_work_mem=64kB' });

describe('streaming and two-phase (real PostgreSQL)', () => {
  const admin = new LogicalReplicationClient(pgUrl());
  const table = uniqueName('t_stream');
  const pub = uniqueName('p_stream');
  const slots: string[] = [];

  beforeAll(async () => {
    await sql(`CREATE TABLE ${table} (id int PRIMARY KEY, v text)`);
    await admin.createPublication(pub, [table]);
  });
  afterAll(async () => {
    for (const s of slots) await admin.dropSlot(s, { ifExists: true });
    await admin.dropPublication(pub, { ifExists: true });
    await sql(`DROP TABLE IF EXISTS ${table}`);
  });

  it('streams a large in-progress transaction (protocol 2+) and its stream_commit', async () => {
    const slot = uniqueName('s_stream');
    slots.push(slot);
    await admin.createSlot(slot, { snapshot: 'nothing' });
    await sql(`INSERT INTO ${table} SELECT g, repeat('v', 100) FROM generate_series(1, 5000) g`);
    const xid = Number((await sql(`SELECT xmin::text AS x FROM ${table} WHERE id = 1`))[0]!.rows[0].x);
    const stream = await streamingClient().start({ slot, publications: [pub], streaming: true, protoVersion: 2 });
    // Other tests share the server: their big transactions stream too, so keep to ours.
    const all = await readUntil(stream, (e) => e.message.type === 'stream_commit' && e.message.xid === xid).finally(() => stream.stop());
    const events = all.filter((e) => 'xid' in e.message && e.message.xid === xid);
    const starts = events.filter((e) => e.message.type === 'stream_start');
    expect(starts.length).toBeGreaterThan(0);
    expect(starts[0]!.message).toMatchObject({ firstSegment: true });
    expect(count(all, 'stream_start')).toBe(count(all, 'stream_stop'));
    const inserts = events.map((e) => e.message).filter((m) => m.type === 'insert');
    expect(inserts).toHaveLength(5000);
    expect(inserts[4999]!.new).toEqual({ id: 5000, v: 'v'.repeat(100) });
    expect(events.at(-1)!.message).toMatchObject({ type: 'stream_commit', xid });
    expect(count(events, 'begin')).toBe(0);
  });

  it('streams a rolled-back large transaction as stream_abort', async () => {
    const slot = uniqueName('s_abort');
    slots.push(slot);
    await admin.createSlot(slot, { snapshot: 'nothing' });
    await sql('BEGIN', `INSERT INTO ${table} SELECT g, repeat('w', 100) FROM generate_series(100001, 105000) g`, 'ROLLBACK');
    await sql(`INSERT INTO ${table} VALUES (-1, 'marker')`);
    const stream = await streamingClient().start({ slot, publications: [pub], streaming: true });
    const events: ReplicationEvent[] = await readUntil(stream, (e) => e.message.type === 'commit').finally(() => stream.stop());
    const abort = events.find((e) => e.message.type === 'stream_abort')?.message;
    expect(abort).toMatchObject({ type: 'stream_abort' });
    if (abort?.type === 'stream_abort') expect(abort.subXid).toBe(abort.xid);
  });

  it('decodes PREPARE TRANSACTION / COMMIT PREPARED / ROLLBACK PREPARED (protocol 3)', async () => {
    const slot = uniqueName('s_2pc');
    slots.push(slot);
    await admin.createSlot(slot, { snapshot: 'nothing', twoPhase: true });
    const gid1 = uniqueName('gid');
    const gid2 = uniqueName('gid');
    await sql('BEGIN', `INSERT INTO ${table} VALUES (-10, 'prepared')`, `PREPARE TRANSACTION '${gid1}'`);
    await sql(`COMMIT PREPARED '${gid1}'`);
    await sql('BEGIN', `INSERT INTO ${table} VALUES (-11, 'rolled back')`, `PREPARE TRANSACTION '${gid2}'`);
    await sql(`ROLLBACK PREPARED '${gid2}'`);
    const stream = await admin.start({ slot, publications: [pub], twoPhase: true, protoVersion: 3 });
    const events = await readUntil(stream, (e) => e.message.type === 'rollback_prepared').finally(() => stream.stop());
    const types = events.map((e) => e.message.type);
    expect(types).toEqual([
      'begin_prepare', 'relation', 'insert', 'prepare', 'commit_prepared',
      'begin_prepare', 'insert', 'prepare', 'rollback_prepared',
    ]);
    const [bp, , ins, prep, cp] = events.map((e) => e.message);
    expect(bp).toMatchObject({ type: 'begin_prepare', gid: gid1 });
    expect(ins).toMatchObject({ new: { id: -10, v: 'prepared' } });
    expect(prep).toMatchObject({ type: 'prepare', gid: gid1 });
    expect(cp).toMatchObject({ type: 'commit_prepared', gid: gid1 });
    if (bp?.type === 'begin_prepare' && prep?.type === 'prepare' && cp?.type === 'commit_prepared') {
      expect(prep.xid).toBe(bp.xid);
      expect(cp.xid).toBe(bp.xid);
      expect(cp.endLsn.compare(prep.endLsn)).toBe(1);
    }
    expect(events.at(-1)!.message).toMatchObject({ type: 'rollback_prepared', gid: gid2 });
  });

  it("streaming 'parallel' (protocol 4, PostgreSQL 16+): stream_abort carries the abort LSN and time; older servers are refused", async () => {
    const slot = uniqueName('s_par');
    slots.push(slot);
    await admin.createSlot(slot, { snapshot: 'nothing' });
    const client = streamingClient();
    const version = await admin.serverVersion();
    expect(version).toBeGreaterThanOrEqual(150000);
    if (version < 160000) {
      await expect(client.start({ slot, publications: [pub], streaming: 'parallel' }))
        .rejects.toThrow("streaming 'parallel' needs protoVersion 4");
      return;
    }
    const before = Date.now();
    await sql('BEGIN', `INSERT INTO ${table} SELECT g, repeat('p', 100) FROM generate_series(200001, 205000) g`, 'ROLLBACK');
    await sql(`INSERT INTO ${table} VALUES (-2, 'after parallel abort')`);
    const walAfter = Lsn.parse((await sql('SELECT pg_current_wal_lsn()::text AS l'))[0]!.rows[0].l as string);
    const stream = await client.start({ slot, publications: [pub], streaming: 'parallel' });
    const events = await readUntil(stream, (e) => e.message.type === 'commit').finally(() => stream.stop());
    const abort = events.find((e) => e.message.type === 'stream_abort')?.message;
    if (abort?.type !== 'stream_abort') throw new Error(`no stream_abort in ${events.map((e) => e.message.type).join(',')}`);
    expect(abort.subXid).toBe(abort.xid);
    expect(abort.abortLsn!.compare(Lsn.ZERO)).toBe(1);
    expect(abort.abortLsn!.compare(walAfter)).toBe(-1);
    const abortedAtMs = Number(abort.abortTime! / 1000n); // the decoder gives Unix microseconds
    expect(abortedAtMs).toBeGreaterThanOrEqual(before - 1000); // server and test share one clock
    expect(abortedAtMs).toBeLessThanOrEqual(Date.now());
    expect(events.at(-2)!.message).toMatchObject({ type: 'insert', new: { id: -2, v: 'after parallel abort' } });
  });
});
