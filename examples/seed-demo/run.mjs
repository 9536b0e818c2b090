// Runs the seed's demo end to end against test-env's servers: starts our worker, registers both
// connectors over REST exactly as the seed's curl commands do, runs the seed's SQL and, after each
// step, prints both tables and waits until target_table equals test_table.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { readTables, setupSql, steps, tablesEqual, withTestEnv } from './scenario.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const work = join(root, '.cache/seed-demo');
const env = JSON.parse(readFileSync(join(root, 'test-env/.state/env.json'), 'utf8'));
const STEP_TIMEOUT_MS = 30_000;

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

async function waitUntil(what, probe, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last?.ok) return last;
    } catch (e) {
      last = { error: e.message };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

function printTables(tables) {
  for (const [name, rows] of Object.entries(tables)) {
    console.log(`  ${name.padEnd(12)} ${rows.length ? rows.map((r) => `(${r.id}, ${r.name})`).join(' ') : '(empty)'}`);
  }
}

async function main() {
  mkdirSync(work, { recursive: true });
  const restPort = await freePort();
  writeFileSync(
    join(work, 'worker.properties'),
    [
      `bootstrap.servers=${env.KAFKA_BOOTSTRAP}`,
      `rest.port=${restPort}`,
      'key.converter=org.apache.kafka.connect.json.JsonConverter',
      'value.converter=org.apache.kafka.connect.json.JsonConverter',
      'key.converter.schemas.enable=true',
      'value.converter.schemas.enable=true',
      `offset.storage.file.filename=${join(work, `offsets-${Date.now()}.json`)}`,
      'offset.flush.interval.ms=1000',
      '',
    ].join('\n'),
  );
  const log = openSync(join(work, 'worker.log'), 'w');
  const worker = spawn(process.execPath, [join(root, 'apps/worker/dist/cli.js'), 'standalone', join(work, 'worker.properties')], {
    stdio: ['ignore', log, log],
  });
  const rest = `http://127.0.0.1:${restPort}`;
  const db = new pg.Client({ connectionString: env.PG_URL });
  try {
    await waitUntil('the worker REST API', async () => ({ ok: (await fetch(`${rest}/`)).ok }));
    console.log(`worker up at ${rest} (log: ${join(work, 'worker.log')})`);

    await db.connect();
    for (const sql of setupSql) await db.query(sql);
    console.log('created test_table and target_table');

    for (const file of ['postgres-connector.json', 'jdbc-sink-connector.json']) {
      const connector = withTestEnv(JSON.parse(readFileSync(join(here, file), 'utf8')), env);
      const res = await fetch(`${rest}/connectors`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(connector),
      });
      if (res.status !== 201) throw new Error(`POST /connectors ${connector.name}: HTTP ${res.status} ${await res.text()}`);
      const status = await waitUntil(`${connector.name} task 0 RUNNING`, async () => {
        const body = await (await fetch(`${rest}/connectors/${connector.name}/tasks/0/status`)).json();
        if (body.state === 'FAILED') throw Object.assign(new Error(body.trace), { fatal: true });
        return { ok: body.state === 'RUNNING', ...body };
      });
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

    for (const name of ['postgres-source-connector', 'jdbc-sink-connector']) {
      const res = await fetch(`${rest}/connectors/${name}`, { method: 'DELETE' });
      if (res.status !== 204) throw new Error(`DELETE /connectors/${name}: HTTP ${res.status}`);
    }
    console.log('\ndeleted both connectors; seed demo OK');
  } finally {
    await db.end().catch(() => {});
    worker.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(`seed demo FAILED: ${e.message}`);
  console.error(`worker log: ${join(work, 'worker.log')}`);
  process.exit(1);
});
