import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataException, type SourceRecord } from '@tsconnect/sdk';
import { uniqueName, waitFor } from '@tsconnect/test-support';
import { TaskHarness } from '../test-support/task-harness.js';
import { adminClient, after, connectorProps, dropPublication } from '../test-support/pg-test.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

describe('multi-dimensional arrays', () => {
  it('fail the task with an error naming the column and its type instead of being flattened', async () => {
    const t = uniqueName('mdarr');
    await admin.query(`CREATE TABLE ${t} (id INT PRIMARY KEY, m INT[][])`);
    const p = connectorProps(t, { 'snapshot.mode': 'no_data' });
    const h = await new TaskHarness(p).start();
    try {
      await admin.query(`INSERT INTO ${t} VALUES (1, '{1,2}')`);
      await admin.query(`INSERT INTO ${t} VALUES (2, '{{1,2},{3,4}}')`);
      const got: SourceRecord[] = [];
      const error = await waitFor('the task to fail', async () => {
        try {
          got.push(...(await h.task.poll()));
          return undefined;
        } catch (e) {
          return e as Error;
        }
      }, { timeoutMs: 20_000, intervalMs: 0 });
      expect(got.map(after)).toEqual([{ id: 1, m: [1, 2] }]);
      expect(error).toBeInstanceOf(DataException);
      expect(error.message).toBe(`Cannot convert value "{{1,2},{3,4}}" of column public.${t}.m (_int4): multi-dimensional arrays ` +
        '(2 dimensions) are not supported, as in Debezium; store one-dimensional arrays (or json) in captured columns');
    } finally {
      await h.stop();
      await dropPublication(admin, p);
      await admin.query(`DROP TABLE ${t}`);
    }
  });
});
