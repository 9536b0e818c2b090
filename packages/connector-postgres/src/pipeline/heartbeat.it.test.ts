import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lsn } from '@tsconnect/pgoutput';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { TaskHarness } from '../test-support/task-harness.js';
import { adminClient, connectorProps, dropPublication, plain } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

async function confirmedFlush(slot: string): Promise<bigint> {
  const r = await admin.query<{ lsn: string }>('SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1', [slot]);
  return Lsn.parse(r.rows[0]!.lsn).value;
}

describe('heartbeats', () => {
  it('advance the slot of an idle captured table while other tables are busy, and run heartbeat.action.query', async () => {
    const idle = uniqueName('idle');
    const busy = uniqueName('busy');
    const beats = uniqueName('beats');
    await admin.query(`CREATE TABLE ${idle} (id INT PRIMARY KEY); CREATE TABLE ${busy} (id INT); CREATE TABLE ${beats} (n INT)`);
    const p = connectorProps(idle, {
      'snapshot.mode': 'no_data', 'heartbeat.interval.ms': '200',
      'heartbeat.action.query': `INSERT INTO ${beats} VALUES (1)`,
    });
    const h = await new TaskHarness(p).start();
    try {
      await waitFor('the slot to be active', async () =>
        (await admin.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1 AND active', [p['slot.name']])).rowCount ? true : undefined);
      const before = await confirmedFlush(p['slot.name']!);
      await admin.query(`INSERT INTO ${busy} SELECT generate_series(1, 1000)`);
      const walAfterTraffic = Lsn.parse((await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn).value;
      await waitFor('the slot to pass the other table\'s traffic', async () => {
        const records = await h.task.poll();
        for (const r of records) {
          expect(r.topic).toBe('__debezium-heartbeat.dbz');
          expect(r.keySchema!.name).toBe('io.debezium.connector.common.ServerNameKey');
          expect(plain(r.key)).toEqual({ serverName: 'dbz' });
          expect(r.valueSchema!.name).toBe('io.debezium.connector.common.Heartbeat');
        }
        await h.ack(records);
        return (await confirmedFlush(p['slot.name']!)) >= walAfterTraffic ? true : undefined;
      }, { timeoutMs: 20_000, intervalMs: 50 });
      expect(await confirmedFlush(p['slot.name']!)).toBeGreaterThan(before);
      const stored = [...h.store.stored.values()][0]!;
      expect(stored).toMatchObject({ messageType: 'HEARTBEAT' });
      expect(BigInt(stored['lsn'] as number)).toBeGreaterThanOrEqual(walAfterTraffic);
      expect(Number((await admin.query(`SELECT count(*) AS n FROM ${beats}`)).rows[0].n)).toBeGreaterThan(0);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${idle}, ${busy}, ${beats}`);
    }
  });
});
