// Runs the seed's demo end to end against test-env's servers: starts our worker, registers both
// connectors over REST exactly as the seed's curl commands do, runs the seed's SQL and, after each
// step, prints both tables and waits until target_table equals test_table.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteConnector, registerConnector, runExample, waitUntil } from '../shared/demo-worker.mjs';
import { readTables, setupSql, steps, tablesEqual, withTestEnv } from './scenario.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function printTables(tables) {
  for (const [name, rows] of Object.entries(tables)) {
    console.log(`  ${name.padEnd(12)} ${rows.length ? rows.map((r) => `(${r.id}, ${r.name})`).join(' ') : '(empty)'}`);
  }
}

await runExample('seed-demo', async ({ worker, db, env }) => {
  for (const sql of setupSql) await db.query(sql);
  console.log('created test_table and target_table');

  for (const file of ['postgres-connector.json', 'jdbc-sink-connector.json']) {
    const connector = withTestEnv(JSON.parse(readFileSync(join(here, file), 'utf8')), env);
    const status = await registerConnector(worker.rest, connector);
    console.log(`registered ${connector.name}: task 0 ${status.state} on ${status.worker_id}`);
  }

  for (const step of steps) {
    for (const sql of step.sql) await db.query(sql);
    const started = Date.now();
    const tables = await waitUntil(`target_table to equal test_table after "${step.title}"`, async () => {
      const t = await readTables(db);
      return { ok: tablesEqual(t), ...t };
    });
    console.log(`\n${step.title}  (in sync after ${Date.now() - started} ms)`);
    printTables({ test_table: tables.test_table, target_table: tables.target_table });
  }

  for (const name of ['postgres-source-connector', 'jdbc-sink-connector']) await deleteConnector(worker.rest, name);
  console.log('\ndeleted both connectors; seed demo OK');
});
