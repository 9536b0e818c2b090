import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@tsconnect/test-support';
import { TaskHarness } from '../test-support/task-harness.js';
import { adminClient, after, connectorProps, dropPublication } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

const fields = (r: { valueSchema: { fields?: readonly { name: string; schema: { fields?: readonly { name: string; schema: { type: string } }[] } }[] } | null }) =>
  r.valueSchema!.fields![1]!.schema.fields!.map((f) => `${f.name}:${f.schema.type}`);

describe('schema changes while streaming', () => {
  it('rebuilds the value schema from each Relation message: column added, retyped, dropped', async () => {
    const t = uniqueName('evolve');
    await admin.query(`CREATE TABLE ${t} (id INT PRIMARY KEY, a INT)`);
    const p = connectorProps(t, { 'snapshot.mode': 'no_data' });
    const h = await new TaskHarness(p).start();
    try {
      // All statements run before the connector reads them: the catalog is already at the final shape.
      await admin.query(`INSERT INTO ${t} VALUES (1, 10)`);
      await admin.query(`ALTER TABLE ${t} ADD COLUMN b TEXT`);
      await admin.query(`INSERT INTO ${t} VALUES (2, 20, 'x')`);
      await admin.query(`ALTER TABLE ${t} ALTER COLUMN a TYPE BIGINT`);
      await admin.query(`INSERT INTO ${t} VALUES (3, 30, 'y')`);
      await admin.query(`ALTER TABLE ${t} DROP COLUMN b`);
      await admin.query(`INSERT INTO ${t} VALUES (4, 40)`);
      const records = await h.pollUntil(4);
      expect(records.map(fields)).toEqual([
        ['id:int32', 'a:int32'],
        ['id:int32', 'a:int32', 'b:string'],
        ['id:int32', 'a:int64', 'b:string'],
        ['id:int32', 'a:int64'],
      ]);
      expect(records.map(after)).toEqual([
        { id: 1, a: 10 }, { id: 2, a: 20, b: 'x' }, { id: 3, a: 30, b: 'y' }, { id: 4, a: 40 },
      ]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${t}`);
    }
  });

  it('picks up a table created at runtime with publication.autocreate.mode=all_tables', async () => {
    const prefix = uniqueName('late');
    const first = `${prefix}_a`;
    const late = `${prefix}_b`;
    await admin.query(`CREATE TABLE ${first} (id INT PRIMARY KEY)`);
    const p = connectorProps(first, {
      'snapshot.mode': 'no_data', 'publication.autocreate.mode': 'all_tables', 'table.include.list': `public\\.${prefix}_.*`,
    });
    const h = await new TaskHarness(p).start();
    try {
      await admin.query(`CREATE TABLE ${late} (id INT PRIMARY KEY, note TEXT)`);
      await admin.query(`INSERT INTO ${late} VALUES (1, 'new')`);
      const [r] = await h.pollUntil(1);
      expect([r!.topic, after(r!)]).toEqual([`dbz.public.${late}`, { id: 1, note: 'new' }]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${first}, ${late}`);
    }
  });

  it('adds tables that appeared since the last run to a filtered publication on restart', async () => {
    const prefix = uniqueName('grow');
    await admin.query(`CREATE TABLE ${prefix}_a (id INT PRIMARY KEY)`);
    const p = connectorProps(prefix, { 'snapshot.mode': 'no_data', 'table.include.list': `public\\.${prefix}_.*`, 'slot.drop.on.stop': 'false' });
    let h = await new TaskHarness(p).start();
    try {
      await h.stop();
      await admin.query(`CREATE TABLE ${prefix}_b (id INT PRIMARY KEY)`);
      h = await new TaskHarness({ ...p, 'slot.drop.on.stop': 'true' }, h.store).start();
      const published = await admin.query(`SELECT tablename FROM pg_publication_tables WHERE pubname = $1 ORDER BY 1`, [p['publication.name']]);
      expect(published.rows.map((r) => r.tablename)).toEqual([`${prefix}_a`, `${prefix}_b`]);
      await admin.query(`INSERT INTO ${prefix}_b VALUES (7)`);
      const [r] = await h.pollUntil(1);
      expect([r!.topic, after(r!)]).toEqual([`dbz.public.${prefix}_b`, { id: 7 }]);
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${prefix}_a, ${prefix}_b`);
    }
  });
});
