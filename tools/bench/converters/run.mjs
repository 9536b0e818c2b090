// Converter throughput: our JsonConverter (schemas on/off) and AvroConverter vs Kafka's Java
// JsonConverter 4.3.1, both directions, three record sizes. See README.md.
//   npm run bench -- converters [--size small,medium,large,cdc]     or     node tools/bench/converters/run.mjs [--size …] [--case json-schemas,json-noschemas,avro]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AvroConverter } from '@tsconnect/converter-avro';
import { testEnv } from '@tsconnect/test-support';
import { machineInfo } from '../src/machine-info.mjs';
import { runTimed } from '../src/timed-process.mjs';
import { canonical, record, SCHEMAS, SIZES } from './records.mjs';
// BENCH_CONVERTER_JSON: another build's index.js (e.g. a saved dist) instead of the package, for A/B runs.
const { JsonConverter } = await import(process.env.BENCH_CONVERTER_JSON ?? '@tsconnect/converter-json');

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '../results');
const JAVA_DIR = join(HERE, 'java');
const CACHE = join(JAVA_DIR, '.cache');
const N = 1000; // distinct records per size, cycled
const SAMPLES = 20; // records checked for correctness per case
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5); // per figure, after a warm-up as long
const TOPIC = 'bench';
/** Kafka 4 needs Java 17+; a JDK >= 19 prints doubles the shortest way, as we do. */
const JDK_BIN = ['/usr/lib/jvm/temurin-25-jdk-amd64/bin/', process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/` : '', '']
  .find((dir) => dir === '' || existsSync(`${dir}java`));

function parseSizes(raw) {
  if (!raw?.length) return SIZES;
  const sizes = raw.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const s of sizes) if (!SIZES.includes(s)) throw new Error(`--size must be among ${SIZES.join(', ')}, got ${JSON.stringify(s)}`);
  return sizes;
}

/** Compiles ConvBench.java against connect-json 4.3.1 (fetched by Maven into java/.cache, git-ignored). */
function prepareJava() {
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(join(CACHE, 'lib/connect-json-4.3.1.jar'))) {
    execFileSync('mvn', ['-q', `-Dmaven.repo.local=${join(CACHE, 'm2')}`, 'dependency:copy-dependencies', `-DoutputDirectory=${join(CACHE, 'lib')}`], { cwd: JAVA_DIR, stdio: 'inherit' });
  }
  execFileSync(`${JDK_BIN}javac`, ['-d', join(CACHE, 'classes'), '-cp', `${join(CACHE, 'lib')}/*`, join(JAVA_DIR, 'ConvBench.java')]);
}

async function runJava(sizes) {
  const r = await runTimed(`${JDK_BIN}java`, ['-cp', `${join(CACHE, 'lib')}/*:${join(CACHE, 'classes')}`, 'ConvBench', sizes.join(','), String(SECONDS), String(SAMPLES)], { timeoutMs: 900_000 });
  return { results: JSON.parse(r.stdout.trim().split('\n').at(-1)), peakRssMb: r.peakRssMb, jdk: JDK_BIN || 'java on PATH' };
}

/** Records/s, bytes/s and records per CPU-second of `op` over the records for SECONDS, after a warm-up as long. */
async function measure(op, isAsync) {
  let result;
  for (let phase = 0; phase < 2; phase++) {
    let bytes = 0;
    let count = 0;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    const limit = BigInt(Math.round(SECONDS * 1e9));
    while (process.hrtime.bigint() - start < limit) {
      if (isAsync) for (let i = 0; i < N; i++) bytes += await op(i);
      else for (let i = 0; i < N; i++) bytes += op(i);
      count += N;
    }
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    result = { recordsPerSec: count / s, bytesPerSec: bytes / s, recordsPerCpuSec: count / ((used.user + used.system) / 1e6) };
  }
  return result;
}

function fail(message) {
  throw new Error(`INCORRECT: ${message}`);
}

function jsonConverter(schemas) {
  const c = new JsonConverter();
  c.configure({ 'schemas.enable': String(schemas) }, false);
  return c;
}

export const CASES = ['json-schemas', 'json-noschemas', 'avro'];

function parseCases(raw) {
  if (!raw?.length) return CASES;
  const cases = raw.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  for (const c of cases) if (!CASES.includes(c)) throw new Error(`--case must be among ${CASES.join(', ')}, got ${JSON.stringify(c)}`);
  return cases;
}

/** Our contenders: sync JSON converters, the Avro converter against the registry (cache warmed first). */
function contenders(cases) {
  const all = [
    { name: 'json-schemas', conv: () => jsonConverter(true), isAsync: false, java: 'json-schemas', roundTrip: true },
    { name: 'json-noschemas', conv: () => jsonConverter(false), isAsync: false, java: 'json-noschemas', roundTrip: false },
    {
      name: 'avro', isAsync: true, java: null, roundTrip: true, framed: true,
      conv: () => {
        const avro = new AvroConverter();
        avro.configure({ 'schema.registry.url': testEnv('SCHEMA_REGISTRY_URL') }, false);
        return avro;
      },
    },
  ];
  return all.filter((c) => cases.includes(c.name)).map((c) => ({ ...c, conv: c.conv() }));
}

async function benchOurs(size, c, javaSamples) {
  const schema = SCHEMAS[size];
  const topic = `${TOPIC}-${size}`;
  const records = Array.from({ length: N }, (_, i) => record(size, i));
  const encoded = [];
  for (let i = 0; i < N; i++) encoded.push(await c.conv.fromConnectData(topic, schema, records[i])); // also warms the registry cache
  // Correctness on a sample, before any figure is printed.
  for (let i = 0; i < SAMPLES; i++) {
    const decoded = await c.conv.toConnectData(topic, encoded[i]);
    if (c.roundTrip && canonical(decoded.value) !== canonical(records[i])) {
      fail(`${size} ${c.name}: decode(encode(record ${i})) differs:\n  ${canonical(decoded.value).slice(0, 300)}\n  ${canonical(records[i]).slice(0, 300)}`);
    }
    const again = await c.conv.fromConnectData(topic, c.roundTrip ? decoded.schema : null, decoded.value);
    // Framed (registry) formats: the read-back schema carries the subject version, so it may get another id; the body must match.
    const skip = c.framed ? 5 : 0;
    if (c.roundTrip && Buffer.compare(Buffer.from(again).subarray(skip), Buffer.from(encoded[i]).subarray(skip)) !== 0) fail(`${size} ${c.name}: encode(decode(bytes)) changed record ${i}`);
    if (javaSamples) {
      const java = Buffer.from(javaSamples[i], 'base64');
      if (Buffer.compare(java, Buffer.from(encoded[i])) !== 0) {
        fail(`${size} ${c.name}: record ${i} bytes differ from Java's:\n  ours ${Buffer.from(encoded[i]).toString('utf8').slice(0, 300)}\n  java ${java.toString('utf8').slice(0, 300)}`);
      }
    }
  }
  const encode = await measure(c.isAsync ? async (i) => (await c.conv.fromConnectData(topic, schema, records[i])).length : (i) => c.conv.fromConnectData(topic, schema, records[i]).length, c.isAsync);
  const decode = await measure(c.isAsync ? async (i) => { await c.conv.toConnectData(topic, encoded[i]); return encoded[i].length; } : (i) => { c.conv.toConnectData(topic, encoded[i]); return encoded[i].length; }, c.isAsync);
  return { encode, decode, avgBytes: encoded.reduce((n, b) => n + b.length, 0) / N };
}

const fmt = (v) => (v === undefined ? 'n/a' : Math.round(v).toString());

export async function run(options = {}) {
  const sizes = parseSizes(options.size);
  const cases = parseCases(options.case ?? (process.env.BENCH_CONVERTER_CASES ? [process.env.BENCH_CONVERTER_CASES] : undefined));
  prepareJava();
  const java = await runJava(sizes); // first and alone: the two never compete for the CPUs
  const figures = [];
  const lines = [];
  for (const size of sizes) {
    for (const c of contenders(cases)) {
      const j = c.java ? java.results[size][c.java] : undefined;
      const ours = await benchOurs(size, c, j?.samples);
      for (const dir of ['encode', 'decode']) {
        const jr = j ? { recordsPerSec: j[dir][0], bytesPerSec: j[dir][1], recordsPerCpuSec: j[dir][2] } : undefined;
        const label = `${c.name} ${dir === 'encode' ? 'fromConnectData' : 'toConnectData'}`;
        for (const [unit, key] of [['records/s', 'recordsPerSec'], ['bytes/s', 'bytesPerSec'], ['records/cpu-s', 'recordsPerCpuSec']]) {
          const ratio = jr ? (ours[dir][key] / jr[key]).toFixed(2) : 'n/a';
          const line = `converters ${size} ${label} ${unit}: ours ${fmt(ours[dir][key])}, java ${fmt(jr?.[key])}, ratio ${ratio}`;
          console.log(line);
          lines.push(line);
        }
        figures.push({ size, case: c.name, direction: dir, avgRecordBytes: Math.round(ours.avgBytes), ours: ours[dir], java: jr ?? null });
      }
    }
  }
  const oursRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(`converters peak RSS: ours ${oursRssMb.toFixed(0)} MB (whole bench process), java ${java.peakRssMb.toFixed(0)} MB`);
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `converters-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({
    bench: 'converters', build: process.env.BENCH_CONVERTER_JSON ?? '@tsconnect/converter-json', machine: machineInfo(), secondsPerFigure: SECONDS, recordsPerSize: N, samplesVerified: SAMPLES,
    java: { jdk: java.jdk, connectJson: '4.3.1', peakRssMb: java.peakRssMb }, ours: { peakRssMb: oursRssMb },
    figures, lines,
  }, null, 1)}\n`);
  console.log(`results: ${file}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? [process.argv[at + 1]] : undefined;
  };
  run({ size: arg('--size'), case: arg('--case') }).catch((err) => {
    console.error(`bench converters FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
