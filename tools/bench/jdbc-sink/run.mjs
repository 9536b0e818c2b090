// JDBC sink upsert throughput: @tsconnect/connector-jdbc's task (put + flush) vs the database's own
// bulk load of the same rows (PostgreSQL COPY, MariaDB LOAD DATA LOCAL INFILE), same run, same table shape.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { JdbcSinkTask } from '@tsconnect/connector-jdbc';
import { SchemaBuilder, Schemas, Struct } from '@tsconnect/sdk';
import { testEnv } from '@tsconnect/test-support';
import { machineInfo } from '../src/machine-info.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '../results');
const DEFAULT_SIZES = [100_000, 500_000, 1_000_000];
/**
 * Records per put(): about what the runtime hands the task per kafkajs fetch batch (one partition,
 * ~1 MB). JDBC_SINK_PUT_SIZE overrides it. Records are generated per put, as the runtime delivers
 * them, so the harness never holds more than one batch.
 */
const PUT_SIZE = Number(process.env.JDBC_SINK_PUT_SIZE ?? 2000);
/** JDBC_SINK_DBS=postgresql (or mariadb) runs one database only, e.g. for a profile. */
const ONLY = process.env.JDBC_SINK_DBS?.split(',');
const BATCH_SIZE = 3000; // the connector's default batch.size

const KEY = SchemaBuilder.struct().name('bench.Key').field('id', Schemas.INT64).build();
const VALUE = SchemaBuilder.struct().name('bench.Value')
  .field('id', Schemas.INT64).field('name', Schemas.STRING).field('amount', Schemas.INT64)
  .field('score', Schemas.FLOAT64).field('flag', Schemas.BOOLEAN).build();

/** The plain row; both contenders write exactly this. */
const plain = (i) => [i, `name-${i}-${(i * 2654435761) % 100000}`, (i * 7919) % 1_000_003, (i % 1000) / 8, i % 3 === 0];

function parseSizes(raw) {
  if (!raw?.length) return DEFAULT_SIZES;
  return raw.flatMap((s) => s.split(',')).map((s) => {
    const n = Number(s.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1000) throw new Error(`--size must be an integer >= 1000, got ${JSON.stringify(s)}`);
    return n;
  });
}

/** Records [from, to) as SinkRecords with Struct key and value. */
function buildRecords(from, to) {
  const records = new Array(to - from);
  for (let i = from; i < to; i++) {
    const [id, name, amount, score, flag] = plain(i);
    const value = new Struct(VALUE).put('id', id).put('name', name).put('amount', amount).put('score', score).put('flag', flag);
    records[i - from] = {
      topic: 'bench', kafkaPartition: 0, kafkaOffset: i, timestamp: 0, timestampType: 'CreateTime', headers: [],
      originalTopic: 'bench', originalKafkaPartition: 0, originalKafkaOffset: i,
      keySchema: KEY, key: new Struct(KEY).put('id', id), valueSchema: VALUE, value,
    };
  }
  return records;
}

/** Text lines of the rows (tab-separated; both COPY text and LOAD DATA defaults), in ~1 MiB chunks. */
function* bulkText(size, bool) {
  let chunk = '';
  for (let i = 0; i < size; i++) {
    const [id, name, amount, score, flag] = plain(i);
    chunk += `${id}\t${name}\t${amount}\t${score}\t${bool(flag)}\n`;
    if (chunk.length >= 1 << 20) {
      yield Buffer.from(chunk); // mysql2's LOAD DATA stream wants Buffers
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

/**
 * Calls the task as the runtime's sink loop does: put(batch) then preCommit(consumed offsets),
 * and flush once at the end. Only the time inside the task is summed; building the next batch
 * (the runtime's converters' work) is not part of the figure.
 */
async function timeOurs(props, size) {
  const task = new JdbcSinkTask();
  task.start(props);
  try {
    let ns = 0n;
    for (let i = 0; i < size; i += PUT_SIZE) {
      const batch = buildRecords(i, Math.min(size, i + PUT_SIZE));
      const offsets = [{ topic: 'bench', partition: 0, offset: batch.at(-1).kafkaOffset + 1 }];
      const started = process.hrtime.bigint();
      await task.put(batch);
      await task.preCommit(offsets);
      ns += process.hrtime.bigint() - started;
    }
    const started = process.hrtime.bigint();
    await task.flush([{ topic: 'bench', partition: 0, offset: size }]);
    ns += process.hrtime.bigint() - started;
    return Number(ns) / 1e9;
  } finally {
    await task.stop();
  }
}

const PG_DDL = (t) => `CREATE TABLE ${t} (id bigint PRIMARY KEY, name text NOT NULL, amount bigint NOT NULL, score double precision NOT NULL, flag boolean NOT NULL)`;
const MARIA_DDL = (t) => `CREATE TABLE ${t} (id BIGINT PRIMARY KEY, name LONGTEXT NOT NULL, amount BIGINT NOT NULL, score DOUBLE NOT NULL, flag BOOLEAN NOT NULL)`;

async function benchPostgres(size) {
  const url = testEnv('PG_URL');
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const tag = `${size}_${process.pid}_${Date.now().toString(36)}`;
  const ours = `bench_jdbc_ours_${tag}`;
  const copy = `bench_jdbc_copy_${tag}`;
  try {
    await c.query(PG_DDL(ours));
    await c.query(PG_DDL(copy));
    const u = new URL(url);
    const oursSeconds = await timeOurs({
      'connection.url': `jdbc:postgresql://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`,
      'table.name.format': ours, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'batch.size': String(BATCH_SIZE),
    }, size);
    const started = process.hrtime.bigint();
    const stream = c.query(copyFrom(`COPY ${copy} (id, name, amount, score, flag) FROM STDIN`));
    await pipeline(Readable.from(bulkText(size, (b) => (b ? 't' : 'f'))), stream);
    const copySeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const check = async (t) => (await c.query(`SELECT count(*)::int AS n, sum(id)::text AS s,
      md5(string_agg(id || '|' || name || '|' || amount || '|' || score || '|' || flag, ',' ORDER BY id)) AS h FROM ${t}`)).rows[0];
    verify('postgresql', size, await check(ours), await check(copy));
    return { oursSeconds, otherSeconds: copySeconds, other: 'copy' };
  } finally {
    await c.query(`DROP TABLE IF EXISTS ${ours}`);
    await c.query(`DROP TABLE IF EXISTS ${copy}`);
    await c.end();
  }
}

async function benchMariaDb(size) {
  const url = testEnv('MARIADB_URL');
  const c = await mysql.createConnection({ uri: url, bigNumberStrings: true, supportBigNumbers: true });
  const tag = `${size}_${process.pid}_${Date.now().toString(36)}`;
  const ours = `bench_jdbc_ours_${tag}`;
  const load = `bench_jdbc_load_${tag}`;
  try {
    await c.query(MARIA_DDL(ours));
    await c.query(MARIA_DDL(load));
    const u = new URL(url);
    const oursSeconds = await timeOurs({
      'connection.url': `jdbc:mariadb://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`,
      'table.name.format': ours, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'batch.size': String(BATCH_SIZE),
    }, size);
    const started = process.hrtime.bigint();
    // One transaction, as ours writes each batch in one.
    await c.query('START TRANSACTION');
    await c.query({
      sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE ${load} (id, name, amount, score, flag)`,
      infileStreamFactory: () => Readable.from(bulkText(size, (b) => (b ? '1' : '0'))),
    });
    await c.query('COMMIT');
    const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const check = async (t) => {
      await c.query('SET SESSION group_concat_max_len = 1073741824');
      const [rows] = await c.query(`SELECT count(*) AS n, CAST(sum(id) AS CHAR) AS s,
        md5(group_concat(CONCAT_WS('|', id, name, amount, score, flag) ORDER BY id SEPARATOR ',')) AS h FROM ${t}`);
      return { n: Number(rows[0].n), s: rows[0].s, h: rows[0].h };
    };
    verify('mariadb', size, await check(ours), await check(load));
    return { oursSeconds, otherSeconds: loadSeconds, other: 'load data' };
  } finally {
    await c.query(`DROP TABLE IF EXISTS ${ours}`);
    await c.query(`DROP TABLE IF EXISTS ${load}`);
    await c.end();
  }
}

/** Throws (so no figure is printed) unless both tables hold every row, identically. */
function verify(db, size, ours, other) {
  const idSum = ((BigInt(size) * BigInt(size - 1)) / 2n).toString();
  const problems = [];
  for (const [who, r] of [['ours', ours], ['reference', other]]) {
    if (r.n !== size) problems.push(`${who}: ${r.n} rows instead of ${size}`);
    if (r.s !== idSum) problems.push(`${who}: sum(id) ${r.s} instead of ${idSum}`);
  }
  if (ours.h !== other.h) problems.push(`checksums differ: ours ${ours.h}, reference ${other.h}`);
  if (problems.length) throw new Error(`INCOMPLETE: ${db} at size ${size}: ${problems.join('; ')}`);
}

export async function run(options) {
  const sizes = parseSizes(options.size);
  const results = [];
  for (const size of sizes) {
    for (const [db, bench] of [['postgresql', benchPostgres], ['mariadb', benchMariaDb]]) {
      if (ONLY && !ONLY.includes(db)) continue;
      const r = await bench(size);
      const ours = size / r.oursSeconds;
      const other = size / r.otherSeconds;
      const ratio = ours / other;
      console.log(`jdbc-sink ${size} ${db} rows/s: ours ${Math.round(ours)}, ${r.other} ${Math.round(other)}, ratio ${ratio.toFixed(2)}`);
      results.push({ size, db, reference: r.other, oursSeconds: r.oursSeconds, referenceSeconds: r.otherSeconds,
        oursRowsPerSecond: ours, referenceRowsPerSecond: other, ratio });
    }
  }
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `jdbc-sink-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ bench: 'jdbc-sink', putSize: PUT_SIZE, batchSize: BATCH_SIZE, machine: machineInfo(), results }, null, 2)}\n`);
  console.log(`results: ${file}`);
}
