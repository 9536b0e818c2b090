import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv, uniqueName, waitFor } from '@tsconnect/test-support';
import { KafkaConfigBackingStore } from '../storage/kafka-config-backing-store.js';
import { parseAssignment, type AssignmentRecord } from './assignment.js';

const here = dirname(fileURLToPath(import.meta.url));
const pkgDir = join(here, '../..');
const bundleDir = join(pkgDir, 'node_modules/.cache/tsconnect-it');
const bundle = join(bundleDir, 'bin', `worker-main-${process.pid}.mjs`);
const logDir = join(tmpdir(), uniqueName('tsconnect-dist'));
const kafka = () => new Kafka({ brokers: [testEnv('KAFKA_BOOTSTRAP')], logLevel: logLevel.NOTHING });

interface Proc { readonly proc: ChildProcess; readonly restUrl: string; readonly workerId: string; readonly log: string }
const procs: Proc[] = [];

/** Child processes run the test-support main bundled from src (no build step needed). */
beforeAll(async () => {
  mkdirSync(logDir, { recursive: true });
  // The runtime reads its version from '../package.json' relative to the module.
  mkdirSync(join(bundleDir, 'bin'), { recursive: true });
  writeFileSync(join(bundleDir, 'package.json'), readFileSync(join(pkgDir, 'package.json')));
  await build({
    input: join(here, '../test-support/distributed-worker-main.ts'),
    platform: 'node',
    external: (id) => !id.startsWith('.') && !id.startsWith('/'),
    output: { file: bundle, format: 'esm' },
    logLevel: 'silent',
  });
});

afterAll(async () => {
  for (const p of procs) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
});

async function startWorker(props: Record<string, string>, name: string): Promise<Proc> {
  const log = join(logDir, `${name}.log`);
  const proc = spawn(process.execPath, [bundle, JSON.stringify(props)], { cwd: pkgDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } });
  proc.stderr!.pipe(createWriteStream(log));
  const ready = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) resolve(line);
    });
    proc.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code}; see ${log}`)));
  });
  const [, restUrl, workerId] = ready.split(' ');
  const p = { proc, restUrl: restUrl!, workerId: workerId!, log };
  procs.push(p);
  return p;
}

async function rest<T>(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface TaskState { id: number; state: string; worker_id: string }
async function runningTasks(base: string, connector: string, expected: number): Promise<TaskState[] | undefined> {
  const r = await rest<{ tasks: TaskState[] }>(base, 'GET', `/connectors/${connector}/status`);
  if (r.status !== 200 || r.body.tasks.length !== expected || !r.body.tasks.every((t) => t.state === 'RUNNING')) return undefined;
  return r.body.tasks;
}

function perWorker(tasks: TaskState[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of tasks) out[t.worker_id] = (out[t.worker_id] ?? 0) + 1;
  return out;
}

async function readAll(topic: string, filter: (key: string) => boolean = () => true): Promise<{ key: string; value: string | null }[]> {
  const admin = kafka().admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = ends.reduce((s, p) => s + Number(p.high), 0);
  const consumer = kafka().consumer({ groupId: uniqueName('raw') });
  const out: { key: string; value: string | null; partition: number; offset: number }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message, partition }) => {
    out.push({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? null, partition, offset: Number(message.offset) });
  } });
  await waitFor(`${total} records of ${topic}`, () => (out.length >= total ? true : undefined), { timeoutMs: 60_000 });
  await consumer.disconnect();
  return out.sort((a, b) => a.partition - b.partition || a.offset - b.offset).filter((r) => filter(r.key)).map(({ key, value }) => ({ key, value }));
}

describe('distributed workers (3 processes) against real Kafka', () => {
  it('spreads 6 tasks 2/2/2, forwards REST writes, survives kill -9 without overlap or loss, rebalances onto a returning worker', async () => {
    const group = uniqueName('connect');
    const [configTopic, offsetTopic, statusTopic, dataTopic] = ['cfg', 'off', 'st', 'data'].map((p) => uniqueName(`${group}_${p}`));
    const eventsFile = join(logDir, 'task-events.jsonl');
    writeFileSync(eventsFile, '');
    const props = {
      'bootstrap.servers': testEnv('KAFKA_BOOTSTRAP'), 'group.id': group,
      'config.storage.topic': configTopic!, 'offset.storage.topic': offsetTopic!, 'status.storage.topic': statusTopic!,
      'config.storage.replication.factor': '1', 'offset.storage.replication.factor': '1', 'status.storage.replication.factor': '1',
      'offset.storage.partitions': '5', 'status.storage.partitions': '3',
      'session.timeout.ms': '6000', 'heartbeat.interval.ms': '1000', 'rebalance.timeout.ms': '20000',
      'key.converter': 'test.StringConverter', 'value.converter': 'test.StringConverter',
      'rest.host.name': '127.0.0.1', 'rest.port': '0', 'offset.flush.interval.ms': '300', 'task.shutdown.graceful.timeout.ms': '3000',
    };
    const workers = await Promise.all(['w1', 'w2', 'w3'].map((n) => startWorker(props, n)));
    const ids = workers.map((w) => w.workerId);

    // A follower of our own to see the leader's assignments.
    const config = new KafkaConfigBackingStore(kafka(), { topic: configTopic!, replicationFactor: 1 }, pino({ level: 'silent' }));
    await config.start();
    const latest = (): AssignmentRecord | null => {
      const all = config.assignments().map(([, v]) => parseAssignment(v)!).sort((a, b) => a.generation - b.generation || a.revision - b.revision);
      return all.at(-1) ?? null;
    };
    const threeMembers = await waitFor('an assignment with 3 workers', async () => {
      await config.readToEnd();
      const a = latest();
      return a && Object.keys(a.workers).length === 3 ? a : undefined;
    }, { timeoutMs: 60_000 });
    expect(Object.keys(threeMembers.workers).sort()).toEqual([...ids].sort());
    const cluster = await rest<{ mode: string; workers: { worker_id: string }[] }>(workers[0]!.restUrl, 'GET', '/cluster/status');
    expect(cluster.body.mode).toBe('distributed');
    expect(cluster.body.workers.map((w) => w.worker_id).sort()).toEqual([...ids].sort());
    const workerConfig = await rest<Record<string, string>>(workers[1]!.restUrl, 'GET', '/config/worker');
    expect(workerConfig.body['group.id']).toBe(group);

    // REST write on a follower is forwarded to the leader.
    const follower = workers.find((w) => w.workerId !== threeMembers.leader)!;
    const name = uniqueName('counting');
    const connectorConfig = {
      'connector.class': 'test.MultiCountingSourceConnector', 'tasks.max': '6', topic: dataTopic!,
      'events.file': eventsFile, 'poll.interval.ms': '20',
    };
    const created = await rest<{ name: string; config: Record<string, string>; type: string }>(follower.restUrl, 'POST', '/connectors', { name, config: connectorConfig });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ name, config: { ...connectorConfig, name }, tasks: [], type: 'source' });
    const dup = await rest<{ error_code: number; message: string }>(follower.restUrl, 'POST', '/connectors', { name, config: connectorConfig });
    expect(dup).toEqual({ status: 409, body: { error_code: 409, message: `Connector ${name} already exists` } });
    expect(config.connectorConfig(name)).toEqual({ ...connectorConfig, name });

    const spread = await waitFor('6 running tasks', () => runningTasks(workers[2]!.restUrl, name, 6), { timeoutMs: 60_000 });
    expect(Object.values(perWorker(spread)).sort()).toEqual([2, 2, 2]);
    expect(Object.keys(perWorker(spread)).sort()).toEqual([...ids].sort());
    await new Promise((r) => setTimeout(r, 2000)); // let records and offsets flow

    // kill -9 the worker that runs the connector
    const connectorOwner = (await rest<{ connector: { worker_id: string } }>(workers[0]!.restUrl, 'GET', `/connectors/${name}/status`)).body.connector.worker_id;
    const victim = workers.find((w) => w.workerId === connectorOwner)!;
    const survivors = workers.filter((w) => w !== victim);
    const killedAt = Date.now();
    victim.proc.kill('SIGKILL');
    const moved = await waitFor('6 tasks running on the 2 survivors', async () => {
      const t = await runningTasks(survivors[0]!.restUrl, name, 6);
      return t && t.every((x) => x.worker_id !== victim.workerId) ? t : undefined;
    }, { timeoutMs: 30_000 });
    const failoverMs = Date.now() - killedAt;
    expect(failoverMs).toBeLessThan(30_000);
    expect(Object.values(perWorker(moved)).sort()).toEqual([3, 3]);
    await waitFor('the connector on a survivor', async () => {
      const s = await rest<{ connector: { state: string; worker_id: string } }>(survivors[0]!.restUrl, 'GET', `/connectors/${name}/status`);
      return s.body.connector.state === 'RUNNING' && s.body.connector.worker_id !== victim.workerId ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 2000));

    // the worker comes back (new process, new port) and gets tasks again
    const back = await startWorker(props, 'w1-again');
    const rebalanced = await waitFor('tasks on the returning worker', async () => {
      const t = await runningTasks(back.restUrl, name, 6);
      return t && Object.keys(perWorker(t)).length === 3 && t.some((x) => x.worker_id === back.workerId) ? t : undefined;
    }, { timeoutMs: 60_000 });
    expect(Object.values(perWorker(rebalanced)).sort()).toEqual([2, 2, 2]);
    await new Promise((r) => setTimeout(r, 2000));

    // pause everything so the topic stops growing, then check the data
    expect((await rest(back.restUrl, 'PUT', `/connectors/${name}/pause`)).status).toBe(202);
    await waitFor('all tasks paused', async () => {
      const r = await rest<{ tasks: TaskState[] }>(back.restUrl, 'GET', `/connectors/${name}/status`);
      return r.body.tasks.length === 6 && r.body.tasks.every((t) => t.state === 'PAUSED') ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));

    // no record lost: every task's numbers are contiguous from 0 (duplicates allowed: at-least-once)
    const data = await readAll(dataTopic!);
    const byTask = new Map<number, Set<number>>();
    for (const r of data) {
      const [i, n] = r.value!.split(':').map(Number);
      const s = byTask.get(i!) ?? new Set<number>();
      s.add(n!);
      byTask.set(i!, s);
    }
    expect([...byTask.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [task, seen] of byTask) {
      const max = Math.max(...seen);
      const missing = Array.from({ length: max + 1 }, (_, n) => n).filter((n) => !seen.has(n));
      expect({ task, missing }).toEqual({ task, missing: [] });
      expect(max).toBeGreaterThan(50);
    }

    // no task ran in two processes at once (start/stop log; the killed process's tasks end at the kill)
    const events = readFileSync(eventsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { event: string; task: string; pid: number; t: number });
    const intervals = new Map<string, { pid: number; from: number; to: number }[]>();
    const open = new Map<string, { pid: number; from: number }>();
    for (const e of events) {
      const k = `${e.task}@${e.pid}`;
      if (e.event === 'start') open.set(k, { pid: e.pid, from: e.t });
      else if (open.has(k)) {
        const o = open.get(k)!;
        open.delete(k);
        intervals.set(e.task, [...(intervals.get(e.task) ?? []), { ...o, to: e.t }]);
      }
    }
    for (const [k, o] of open) {
      const task = k.slice(0, k.lastIndexOf('@'));
      intervals.set(task, [...(intervals.get(task) ?? []), { ...o, to: o.pid === victim.proc.pid ? killedAt : Number.MAX_SAFE_INTEGER }]);
    }
    expect(intervals.size).toBe(6);
    for (const [task, list] of intervals) {
      const sorted = [...list].sort((a, b) => a.from - b.from);
      for (let i = 1; i < sorted.length; i++) expect({ task, overlapMs: Math.max(0, sorted[i - 1]!.to - sorted[i]!.from) }).toEqual({ task, overlapMs: 0 });
    }

    // the status topic agrees: a task moves from a live worker only after that worker released it
    const statuses = await readAll(statusTopic!, (k) => k.startsWith(`status-task-${name}-`));
    for (let task = 0; task < 6; task++) {
      const seq = statuses.filter((s) => s.key === `status-task-${name}-${task}` && s.value)
        .map((s) => JSON.parse(s.value!) as { state: string; worker_id: string; generation: number });
      let holder: string | null = null;
      for (const s of seq) {
        expect(s.generation).toBeGreaterThan(0);
        if (s.state === 'UNASSIGNED') { if (s.worker_id === holder) holder = null; continue; }
        if (holder !== null && holder !== s.worker_id) expect({ task, from: holder, to: s.worker_id }).toEqual({ task, from: victim.workerId, to: s.worker_id });
        holder = s.worker_id;
      }
    }
    await config.stop();
    for (const w of [...survivors, back]) {
      w.proc.kill('SIGTERM');
      await new Promise((r) => w.proc.once('exit', r));
    }
    console.log(`failover after kill -9: ${failoverMs} ms; records: ${data.length}; logs in ${logDir}`);
  }, 240_000);
});
