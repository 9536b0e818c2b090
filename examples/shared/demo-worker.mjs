// What every runnable example needs: our worker as a child process on a free port, connectors
// registered over REST as a user would with curl, and bounded waits instead of sleeps.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** test-env's addresses (`bash test-env/start.sh` writes them). */
export function testEnvAddresses() {
  const file = join(root, 'test-env/.state/env.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is missing: start the servers first (bash test-env/start.sh kafka postgres)`);
  }
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Polls `probe` until it returns `{ ok: true, … }`; an error with `fatal` set stops at once. */
export async function waitUntil(what, probe, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last?.ok) return last;
    } catch (e) {
      if (e.fatal) throw e;
      last = { error: e.message };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

/**
 * Starts `apps/worker/dist/cli.js standalone` with JsonConverter defaults (as the seed's worker)
 * plus `props`; resolves once its REST API answers. `stop()` ends it.
 */
export async function startWorker(work, env, props = {}) {
  mkdirSync(work, { recursive: true });
  const restPort = await freePort();
  const all = {
    'bootstrap.servers': env.KAFKA_BOOTSTRAP,
    'rest.port': restPort,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'offset.storage.file.filename': join(work, `offsets-${Date.now()}.json`),
    'offset.flush.interval.ms': '1000',
    ...props,
  };
  writeFileSync(join(work, 'worker.properties'), Object.entries(all).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  const logFile = join(work, 'worker.log');
  const child = spawn(process.execPath, [join(root, 'apps/worker/dist/cli.js'), 'standalone', join(work, 'worker.properties')], {
    stdio: ['ignore', openSync(logFile, 'w'), openSync(logFile, 'a')],
  });
  const rest = `http://127.0.0.1:${restPort}`;
  await waitUntil('the worker REST API', async () => {
    if (child.exitCode !== null) throw Object.assign(new Error(`the worker exited with ${child.exitCode}; log: ${logFile}`), { fatal: true });
    return { ok: (await fetch(`${rest}/`)).ok };
  });
  return { rest, logFile, stop: () => child.kill('SIGTERM') };
}

/** POST /connectors, then waits for task 0 RUNNING (FAILED stops with its trace). */
export async function registerConnector(rest, connector) {
  const res = await fetch(`${rest}/connectors`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(connector),
  });
  if (res.status !== 201) throw new Error(`POST /connectors ${connector.name}: HTTP ${res.status} ${await res.text()}`);
  return waitUntil(`${connector.name} task 0 RUNNING`, async () => {
    const body = await (await fetch(`${rest}/connectors/${connector.name}/tasks/0/status`)).json();
    if (body.state === 'FAILED') throw Object.assign(new Error(body.trace), { fatal: true });
    return { ok: body.state === 'RUNNING', ...body };
  });
}

/** DELETE /connectors/<name>, expecting 204. */
export async function deleteConnector(rest, name) {
  const res = await fetch(`${rest}/connectors/${name}`, { method: 'DELETE' });
  if (res.status !== 204) throw new Error(`DELETE /connectors/${name}: HTTP ${res.status}`);
}

/**
 * An example's main: starts the worker (files under .cache/<name>), connects to test-env's
 * PostgreSQL, runs `body`, and always stops the worker; a failure exits 1 naming the worker log.
 */
export async function runExample(name, body) {
  const work = join(root, '.cache', name);
  const env = testEnvAddresses();
  let worker;
  const db = new pg.Client({ connectionString: env.PG_URL });
  try {
    worker = await startWorker(work, env);
    console.log(`worker up at ${worker.rest} (log: ${worker.logFile})`);
    await db.connect();
    await body({ worker, db, env });
  } catch (e) {
    console.error(`${name} FAILED: ${e.message}`);
    console.error(`worker log: ${join(work, 'worker.log')}`);
    process.exitCode = 1;
  } finally {
    await db.end().catch(() => {});
    worker?.stop();
  }
}
