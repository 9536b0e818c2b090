#!/usr/bin/env node
// Side-by-side benchmarks: our worker vs Debezium on the Java Kafka Connect runtime.
//   node tools/bench/side-by-side/run.mjs <cdc|snapshot|latency|sink|all> [--size N]... [--profile]
//   npm run bench -- <cdc|snapshot|latency|sink> [--size N]... [--profile]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from '../src/machine-info.mjs';
import { kafkaClient } from './lib/kafka.mjs';
import { JAVA, ROOT, SBS, peersInstalled } from './lib/workers.mjs';
import { withPg } from './lib/pg.mjs';

export const BENCHES = {
  cdc: () => import('./benches/cdc.mjs'),
  snapshot: () => import('./benches/snapshot.mjs'),
  latency: () => import('./benches/latency.mjs'),
  sink: () => import('./benches/sink.mjs'),
};
const RESULTS = join(SBS, '../results');

function parseSizes(raw, defaults) {
  if (!raw?.length) return defaults;
  return raw.flatMap((s) => String(s).split(',')).map((s) => {
    const n = Number(s.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 100) throw new Error(`--size must be an integer >= 100, got ${JSON.stringify(s)}`);
    return n;
  });
}

function versions(env) {
  const j = spawnSync(JAVA, ['-version'], { encoding: 'utf8' });
  const pom = readFileSync(join(SBS, 'java/pom.xml'), 'utf8');
  const prop = (k) => new RegExp(`<${k}>([^<]+)</${k}>`).exec(pom)?.[1];
  return {
    java: `${(j.stderr || j.stdout || String(j.error)).split('\n').slice(0, 2).join(' / ').trim()}`,
    kafkaBroker: env.KAFKA_VERSION,
    connectRuntime: prop('kafka.version'),
    debezium: prop('debezium.version'),
  };
}

const fmt = (v) => (v === undefined || v === null || Number.isNaN(v) ? '-' : Math.abs(v) >= 100 ? String(Math.round(v)) : v.toFixed(2));

/** Rows of figures: [metric, ours, debezium, limit]. */
function figures(bench, r) {
  const o = r.ours;
  const d = r.debezium;
  if (bench === 'latency') {
    return [
      ['p50_ms', o.p50Ms, d.p50Ms, r.limit?.latencyFloorMs], ['p99_ms', o.p99Ms, d.p99Ms], ['max_ms', o.maxMs, d.maxMs],
      ['rows/s', o.rowsPerSecond, d.rowsPerSecond, r.offeredRowsPerSecond],
      ['cpu_s', o.cpuSeconds, d.cpuSeconds], ['peak_rss_mb', o.peakRssMb, d.peakRssMb],
    ];
  }
  const lim = r.limit;
  return [
    ['rows/s', o.rowsPerSecond, d.rowsPerSecond, lim?.rowsPerSecond],
    ['seconds', o.seconds, d.seconds, lim?.seconds],
    ['cpu_s', o.cpuSeconds, d.cpuSeconds, lim?.cpuSeconds],
    ['cpu_us/row', (o.cpuSeconds / r.size) * 1e6, (d.cpuSeconds / r.size) * 1e6],
    ['peak_rss_mb', o.peakRssMb, d.peakRssMb],
  ];
}

function line(bench, size, [metric, x, y, z]) {
  return `${bench} ${size} ${metric}: ours ${fmt(x)}, debezium ${fmt(y)}, ratio ${x !== undefined && y ? (x / y).toFixed(2) : '-'}, limit ${fmt(z)}`;
}

/** Self time per function in a .cpuprofile, highest first. */
export function profileTop(file, top = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const cf = byId.get(profile.samples[i]).callFrame;
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(packages|apps)\//, '$1/')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: Math.round(us / 1000), pct: +((us / total) * 100).toFixed(1) }));
}

export async function runBench(name, options = {}) {
  if (!(name in BENCHES)) throw new Error(`unknown benchmark ${JSON.stringify(name)} (cdc, snapshot, latency, sink)`);
  if (!peersInstalled()) {
    console.error('[side-by-side] installing the Java peers (Maven) …');
    execFileSync('bash', [join(SBS, 'install.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const env = JSON.parse(readFileSync(join(ROOT, 'test-env/.state/env.json'), 'utf8'));
  if (!env.KAFKA_BOOTSTRAP || !env.PG_URL) throw new Error('test-env is not running kafka+postgres: bash test-env/start.sh kafka postgres');
  const mod = await BENCHES[name]();
  const sizes = parseSizes(options.size, mod.DEFAULT_SIZES);
  const date = new Date().toISOString();
  // .cpuprofile files are large: kept in the gitignored cache, their top functions go into the JSON.
  const profileDir = options.profile ? join(SBS, '.cache/profiles', `${name}-${date.replace(/[:.]/g, '-')}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const kafka = kafkaClient(env);
  const runs = [];
  const started = Date.now();
  const loadBefore = os.loadavg();
  for (const [i, size] of sizes.entries()) {
    const order = i % 2 === 0 ? ['ours', 'debezium'] : ['debezium', 'ours'];
    const tag = `${size}_${Date.now().toString(36)}`;
    const r = await mod.runSize({ env, kafka, tag, profileDir }, size, order);
    r.order = order;
    for (const f of figures(name, r)) console.log(line(name, size, f));
    runs.push(r);
  }
  const pgVersion = await withPg(env.PG_URL, async (c) => (await c.query('SELECT version() AS v')).rows[0].v);
  const report = {
    bench: name, date, wallSeconds: (Date.now() - started) / 1000,
    // The machine may be shared (other benchmarks, builds): the 1/5/15-min load says how quiet it was.
    loadavg: { before: loadBefore, after: os.loadavg() },
    machine: { ...machineInfo(), ...versions(env), postgres: pgVersion },
    method: method(name),
    runs,
  };
  if (profileDir) {
    report.profiles = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => ({ file: join(profileDir, f), top: profileTop(join(profileDir, f)) }));
  }
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `side-by-side-${name}${profileDir ? '-profile' : ''}-${date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`results: ${file}`);
  return report;
}

function method(name) {
  const common = {
    converters: 'org.apache.kafka.connect.json.JsonConverter for key and value, schemas.enable=true, on both sides',
    timestamps: 'topics pre-created with 1 partition and message.timestamp.type=LogAppendTime: end = max record timestamp (broker clock)',
    cpu: 'utime+stime of the worker process tree (/proc/<pid>/stat) over the measured window',
    rss: 'VmRSS of the worker process tree sampled every 100 ms, peak over the worker life',
    verification: 'count, sum and xor of murmur3-mixed ids 1..N, plus sum(n) / row values; incomplete output fails',
    sourceTuning: `${process.env['BENCH_SOURCE_TUNING'] === 'throughput' ? 'max.batch.size=8192, max.queue.size=32768, poll.interval.ms=100' : 'connector defaults'} (both); Java producer linger.ms=10, batch.size=262144`,
  };
  const specific = {
    cdc: 'N rows inserted in transactions of 100 (one DO block) while streaming; first commit → last record in Kafka; limit: pg_recvlogical (pgoutput proto 1, --endpos, tmpfs file) draining a slot created before the same inserts',
    snapshot: 'table of N rows, snapshot.mode=initial; POST /connectors → last record in Kafka; limit: psql \\copy table TO /dev/null',
    latency: 'offered load size rows/s in transactions of 100 for SBS_LATENCY_SECONDS (10) s after SBS_LATENCY_WARMUP_SECONDS (3) s of warm-up at the same rate; LogAppendTime − created_at (clock_timestamp() at insert); limit: wal_writer_delay when synchronous_commit=off',
    sink: 'topic of N JSON records (schemas on) → upsert, pk record_key id, batch.size 5000, Java consumer.max.poll.records=5000; POST /connectors → N rows in target table; limit: psql \\copy FROM csv into an empty table',
  };
  return { ...common, bench: specific[name] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [name, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({ args: rest, options: { size: { type: 'string', multiple: true }, profile: { type: 'boolean', default: false } } });
  const names = name === 'all' ? Object.keys(BENCHES) : [name];
  try {
    for (const n of names) await runBench(n, values);
  } catch (err) {
    console.error(`bench ${name} FAILED: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 1;
  }
  // kafkajs may leave sockets behind in error paths
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}
