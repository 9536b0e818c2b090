// Starts one Connect worker per side (ours: node apps/worker/dist/cli.js; debezium: the Java
// Kafka Connect runtime's ConnectStandalone) with the same converter settings, and talks to it
// over its REST API exactly as a user would.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TreeSampler } from './proc-tree.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SBS = join(HERE, '..');
export const ROOT = join(SBS, '../../..');
export const CACHE = join(SBS, '.cache');
export const WORK = join(CACHE, 'work');
export const OUR_CLI = join(ROOT, 'apps/worker/dist/cli.js');

/** Java 17 runs Kafka Connect 4.x and Debezium 3.x (class files are version 61). JAVA_HOME overrides. */
export const JAVA = process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin/java') : 'java';
/** Kafka's connect scripts' heap and GC flags (kafka-run-class.sh, connect-distributed.sh). */
const JVM_OPTS = ['-Xms256M', '-Xmx2G', '-server', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35', '-XX:+ExplicitGCInvokesConcurrent', '-Djava.awt.headless=true'];

/** Same on both sides: JSON with schemas for keys and values, file offsets. */
export function commonWorkerProps(env, restPort, offsetsFile) {
  return {
    'bootstrap.servers': env.KAFKA_BOOTSTRAP,
    listeners: `http://127.0.0.1:${restPort}`,
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'true',
    'value.converter.schemas.enable': 'true',
    'offset.storage.file.filename': offsetsFile,
    'offset.flush.interval.ms': '10000',
  };
}

/**
 * Debezium's throughput tuning (its docs and performance posts): bigger producer batches with a
 * short linger, and sink polls as big as the JDBC sink's batch.size. Ours has no equivalent keys
 * (kafkajs: one sendBatch per poll of up to 1000 records / 900 KB, no linger).
 */
export const JAVA_TUNING = {
  'producer.linger.ms': '10',
  'producer.batch.size': '262144',
  'producer.compression.type': 'none',
  'consumer.max.poll.records': '5000',
  'consumer.fetch.min.bytes': '1',
};

export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function peersInstalled() {
  const need = [join(CACHE, 'runtime/.complete'), join(CACHE, 'plugins/debezium-postgres/.complete'), join(CACHE, 'plugins/debezium-jdbc/.complete')];
  return need.every((f) => existsSync(f));
}

function writeProps(file, props) {
  writeFileSync(file, Object.entries(props).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
}

const LOG4J2 = `status = warn
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
logger.dbz.name = io.debezium
logger.dbz.level = INFO
`;

/**
 * A running worker of one side. `sampler` samples its process tree (CPU, VmRSS every 100 ms)
 * from spawn on; stop() sends SIGTERM and waits (our worker writes its --cpu-prof at exit).
 */
export class Worker {
  static async start(side, env, { tag, profileDir } = {}) {
    mkdirSync(WORK, { recursive: true });
    const dir = join(WORK, `${side}-${tag}`);
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    const props = commonWorkerProps(env, port, join(dir, 'offsets.dat'));
    let cmd;
    let args;
    if (side === 'ours') {
      if (!existsSync(OUR_CLI)) throw new Error(`${OUR_CLI} is missing: run \`npx nx run-many -t build\` first`);
      writeProps(join(dir, 'worker.properties'), props);
      cmd = process.execPath;
      args = [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), OUR_CLI, 'standalone', join(dir, 'worker.properties')];
    } else {
      if (!peersInstalled()) throw new Error(`Java peers are missing: run \`bash ${join(SBS, 'install.sh')}\``);
      // service_load: the Debezium jars have ServiceLoader manifests, so the slow reflective scan is skipped.
      writeProps(join(dir, 'worker.properties'), { ...props, 'plugin.path': join(CACHE, 'plugins'), 'plugin.discovery': 'service_load', ...JAVA_TUNING });
      writeFileSync(join(dir, 'log4j2.properties'), LOG4J2);
      const cp = readdirSync(join(CACHE, 'runtime')).filter((f) => f.endsWith('.jar')).map((f) => join(CACHE, 'runtime', f)).join(':');
      cmd = JAVA;
      args = [...JVM_OPTS, `-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`, '-cp', cp,
        'org.apache.kafka.connect.cli.ConnectStandalone', join(dir, 'worker.properties')];
    }
    const logFile = join(dir, 'worker.log');
    const log = openSync(logFile, 'w');
    const child = spawn(cmd, args, { stdio: ['ignore', log, log], env: { ...process.env, LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn' } });
    const w = new Worker(side, child, `http://127.0.0.1:${port}`, logFile, dir);
    const startedAt = Date.now();
    try {
      await w.waitUntil('REST API up', async () => (await fetch(`${w.rest}/connector-plugins`)).ok, 90_000);
    } catch (e) {
      await w.stop();
      throw e;
    }
    w.startupSeconds = (Date.now() - startedAt) / 1000;
    return w;
  }

  constructor(side, child, rest, logFile, dir) {
    Object.assign(this, { side, child, rest, logFile, dir, exited: null });
    this.sampler = new TreeSampler(child.pid);
    child.on('exit', (code, signal) => { this.exited = { code, signal }; });
  }

  async waitUntil(what, probe, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      if (this.exited) {
        const tail = readFileSync(this.logFile, 'utf8').trim().split('\n').slice(0, 3).join(' | ').slice(0, 400);
        throw new Error(`${this.side} worker exited (${JSON.stringify(this.exited)}) while waiting for ${what}: ${tail}; log: ${this.logFile}`);
      }
      try {
        if (await probe()) return;
      } catch (e) {
        if (e.fatal) throw e;
        last = e.message;
      }
      await sleep(100);
    }
    throw new Error(`${this.side}: timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last: ${last})` : ''}; log: ${this.logFile}`);
  }

  /** POST /connectors, then wait for task 0 RUNNING (a FAILED task fails the benchmark). */
  async addConnector(name, config, timeoutMs = 60_000) {
    const res = await fetch(`${this.rest}/connectors`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name, config }),
    });
    if (res.status !== 201) throw new Error(`${this.side}: POST /connectors ${name}: HTTP ${res.status} ${await res.text()}`);
    await this.waitUntil(`${name} task 0 RUNNING`, async () => {
      const r = await fetch(`${this.rest}/connectors/${name}/status`);
      if (!r.ok) return false;
      const body = await r.json();
      const task = body.tasks?.[0];
      if (body.connector?.state === 'FAILED' || task?.state === 'FAILED') {
        throw Object.assign(new Error(`${this.side}: ${name} FAILED: ${(task?.trace ?? body.connector?.trace ?? '').slice(0, 1500)}`), { fatal: true });
      }
      return task?.state === 'RUNNING';
    }, timeoutMs);
  }

  /** Throws if the connector or its task has failed meanwhile. */
  async assertHealthy(name) {
    const r = await fetch(`${this.rest}/connectors/${name}/status`);
    const body = await r.json();
    const task = body.tasks?.[0];
    if (body.connector?.state === 'FAILED' || task?.state === 'FAILED') {
      throw new Error(`${this.side}: ${name} FAILED: ${(task?.trace ?? body.connector?.trace ?? '').slice(0, 1500)}`);
    }
  }

  async stop() {
    this.sampler.stop();
    if (this.exited) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
