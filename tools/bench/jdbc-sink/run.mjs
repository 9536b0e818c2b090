// JDBC sink upsert throughput: @tsconnect/connector-jdbc's task vs the database's own bulk load of
// the same rows (PostgreSQL COPY, MariaDB LOAD DATA LOCAL INFILE), same run, same table shape.
// Two cases per size: insert (upsert into an empty table) and update (upsert of every row again,
// with changed values, into the filled table).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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
const DEFAULT_SIZES = [100_000, 1_000_000];
/**
 * Records per put(): about what the runtime hands the task per kafkajs fetch batch (one partition,
 * ~1 MB). JDBC_SINK_PUT_SIZE overrides it. Records are generated per put, as the runtime delivers
 * them, so the harness never holds more than one batch.
 */
const PUT_SIZE = Number(process.env.JDBC_SINK_PUT_SIZE ?? 2000);
/** JDBC_SINK_DBS=postgresql (or mariadb) runs one database only, e.g. for a profile. */
const ONLY = process.env.JDBC_SINK_DBS?.split(',');
/** JDBC_SINK_POOL sets connection.pool.max_size (default: the connector's, 2; 1 = one batch written at a time). */
const POOL = process.env.JDBC_SINK_POOL;
const BATCH_SIZE = 3000; // the connector's default batch.size

const KEY = SchemaBuilder.struct().name('bench.Key').field('id', Schemas.INT64).build();
const VALUE = SchemaBuilder.struct().name('bench.Value')
  .field('id', Schemas.INT64).field('name', Schemas.STRING).field('amount', Schemas.INT64)
  .field('score', Schemas.FLOAT64).field('flag', Schemas.BOOLEAN).build();

/** The plain row of the insert case (round `v` 0) and of the update case (`v` 1); both contenders write exactly this. */
const plain = (i, v) => v === 0
  ? [i, `name-${i}-${(i * 2654435761) % 100000}`, (i * 7919) % 1_000_003, (i % 1000) / 8, i % 3 === 0]
  : [i, `upd-${i}-${(i * 40503) % 99991}`, (i * 7919) % 1_000_003 + 17, (i % 1000) / 8 + 0.5, i % 3 !== 0];

function parseSizes(raw) {
  if (!raw?.length) return DEFAULT_SIZES;
  return raw.flatMap((s) => s.split(',')).map((s) => {
    const n = Number(s.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1000) throw new Error(`--size must be an integer >= 1000, got ${JSON.stringify(s)}`);
    return n;
  });
}

/** Records [from, to) of version `v` as SinkRecords with Struct key and value; offsets continue across versions. */
function buildRecords(from, to, v, size) {
  const records = new Array(to - from);
  for (let i = from; i < to; i++) {
    const [id, name, amount, score, flag] = plain(i, v);
    const value = new Struct(VALUE).put('id', id).put('name', name).put('amount', amount).put('score', score).put('flag', flag);
    const offset = v * size + i;
    records[i - from] = {
      topic: 'bench', kafkaPartition: 0, kafkaOffset: offset, timestamp: 0, timestampType: 'CreateTime', headers: [],
      originalTopic: 'bench', originalKafkaPartition: 0, originalKafkaOffset: offset,
      keySchema: KEY, key: new Struct(KEY).put('id', id), valueSchema: VALUE, value,
    };
  }
  return records;
}

/** Text lines of the rows (tab-separated; both COPY text and LOAD DATA defaults), in ~1 MiB chunks. */
function* bulkText(size, v, bool) {
  let chunk = '';
  for (let i = 0; i < size; i++) {
    const [id, name, amount, score, flag] = plain(i, v);
    chunk += `${id}\t${name}\t${amount}\t${score}\t${bool(flag)}\n`;
    if (chunk.length >= 1 << 20) {
      yield Buffer.from(chunk); // mysql2's LOAD DATA stream wants Buffers
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

const seconds = (from) => Number(process.hrtime.bigint() - from) / 1e9;

/**
 * Calls the task as the runtime's sink loop does: put(batch) then preCommit(consumed offsets),
 * and flush once at the end (which waits for the last batch: put returns while a batch is
 * written). `seconds` is the time inside the task; building the next batch (the runtime's
 * converters' work) is not part of it, but is reported (`buildSeconds`, and `wallSeconds` for the
 * whole loop) so the overlap of the database with that work is visible.
 */
async function timeOurs(props, size, v) {
  const task = new JdbcSinkTask();
  task.start(props);
  const wallStarted = process.hrtime.bigint();
  let inTask = 0;
  let build = 0;
  try {
    for (let i = 0; i < size; i += PUT_SIZE) {
      let t = process.hrtime.bigint();
      const batch = buildRecords(i, Math.min(size, i + PUT_SIZE), v, size);
      build += seconds(t);
      const offsets = [{ topic: 'bench', partition: 0, offset: batch.at(-1).kafkaOffset + 1 }];
      t = process.hrtime.bigint();
      await task.put(batch);
      await task.preCommit(offsets);
      inTask += seconds(t);
    }
    const t = process.hrtime.bigint();
    await task.flush([{ topic: 'bench', partition: 0, offset: (v + 1) * size }]);
    inTask += seconds(t);
    return { seconds: inTask, buildSeconds: build, wallSeconds: seconds(wallStarted) };
  } finally {
    await task.stop();
  }
}

const PG_DDL = (t) => `CREATE TABLE ${t} (id bigint PRIMARY KEY, name text NOT NULL, amount bigint NOT NULL, score double precision NOT NULL, flag boolean NOT NULL)
  WITH (autovacuum_enabled = false)`;
const MARIA_DDL = (t) => `CREATE TABLE ${t} (id BIGINT PRIMARY KEY, name LONGTEXT NOT NULL, amount BIGINT NOT NULL, score DOUBLE NOT NULL, flag BOOLEAN NOT NULL)`;
const COLUMNS = 'id, name, amount, score, flag';
const SET_ALL = ['name', 'amount', 'score', 'flag'];

/** PostgreSQL: the reference is COPY (insert) or COPY into a temp table + INSERT … ON CONFLICT DO UPDATE (update). */
const postgres = {
  name: 'postgresql',
  references: ['copy', 'copy + insert on conflict'],
  async open() {
    const url = testEnv('PG_URL');
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const u = new URL(url);
    return {
      url: `jdbc:postgresql://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`,
      exec: (sql) => c.query(sql),
      // Same starting point for each contender: no dirty buffers of the other one to write back.
      settle: () => c.query('CHECKPOINT').catch(() => undefined),
      create: (t) => c.query(PG_DDL(t)),
      drop: (t) => c.query(`DROP TABLE IF EXISTS ${t}`),
      async reference(t, size, v) {
        const text = () => Readable.from(bulkText(size, v, (b) => (b ? 't' : 'f')));
        if (v === 0) {
          await pipeline(text(), c.query(copyFrom(`COPY ${t} (${COLUMNS}) FROM STDIN`)));
          return;
        }
        await c.query('BEGIN');
        await c.query(`CREATE TEMP TABLE bench_stage (LIKE ${t}) ON COMMIT DROP`);
        await pipeline(text(), c.query(copyFrom(`COPY bench_stage (${COLUMNS}) FROM STDIN`)));
        await c.query(`INSERT INTO ${t} (${COLUMNS}) SELECT ${COLUMNS} FROM bench_stage ON CONFLICT (id) DO UPDATE SET ${SET_ALL.map((k) => `${k} = EXCLUDED.${k}`).join(', ')}`);
        await c.query('COMMIT');
      },
      check: async (t) => (await c.query(`SELECT count(*)::int AS n, sum(id)::text AS s,
        md5(string_agg(id || '|' || name || '|' || amount || '|' || score || '|' || flag, ',' ORDER BY id)) AS h FROM ${t}`)).rows[0],
      close: () => c.end(),
    };
  },
};

/** MariaDB: the reference is LOAD DATA (insert) or LOAD DATA into a temp table + INSERT … ON DUPLICATE KEY UPDATE (update). */
const mariadb = {
  name: 'mariadb',
  references: ['load data', 'load data + insert on duplicate key'],
  async open() {
    const url = testEnv('MARIADB_URL');
    const c = await mysql.createConnection({ uri: url, bigNumberStrings: true, supportBigNumbers: true });
    await c.query('SET SESSION group_concat_max_len = 1073741824');
    const u = new URL(url);
    const load = (into, size, v) => c.query({
      sql: `LOAD DATA LOCAL INFILE 'rows.tsv' INTO TABLE ${into} (${COLUMNS})`,
      infileStreamFactory: () => Readable.from(bulkText(size, v, (b) => (b ? '1' : '0'))),
    });
    return {
      url: `jdbc:mariadb://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`,
      exec: (sql) => c.query(sql),
      settle: async () => undefined,
      create: (t) => c.query(MARIA_DDL(t)),
      drop: (t) => c.query(`DROP TABLE IF EXISTS ${t}`),
      async reference(t, size, v) {
        // One transaction, as ours writes each batch in one.
        if (v === 0) {
          await c.query('START TRANSACTION');
          await load(t, size, v);
          await c.query('COMMIT');
          return;
        }
        await c.query('CREATE TEMPORARY TABLE bench_stage AS SELECT * FROM ' + t + ' LIMIT 0');
        await c.query('START TRANSACTION');
        await load('bench_stage', size, v);
        await c.query(`INSERT INTO ${t} (${COLUMNS}) SELECT ${COLUMNS} FROM bench_stage ON DUPLICATE KEY UPDATE ${SET_ALL.map((k) => `${k} = VALUES(${k})`).join(', ')}`);
        await c.query('COMMIT');
        await c.query('DROP TEMPORARY TABLE bench_stage');
      },
      async check(t) {
        const [rows] = await c.query(`SELECT count(*) AS n, CAST(sum(id) AS CHAR) AS s,
          md5(group_concat(CONCAT_WS('|', id, name, amount, score, flag) ORDER BY id SEPARATOR ',')) AS h FROM ${t}`);
        return { n: Number(rows[0].n), s: rows[0].s, h: rows[0].h };
      },
      close: () => c.end(),
    };
  },
};

/**
 * One round for one database and size: insert case then update case, each contender into its own
 * table. `oursFirst` decides who goes first in both cases (rounds alternate it: whoever runs
 * second may meet the first one's background work, e.g. dirty pages being written back).
 */
async function round(dbDef, size, oursFirst) {
  const db = await dbDef.open();
  const tag = `${size}_${process.pid}_${Date.now().toString(36)}`;
  const ours = `bench_jdbc_ours_${tag}`;
  const ref = `bench_jdbc_ref_${tag}`;
  const out = [];
  try {
    await db.create(ours);
    await db.create(ref);
    const props = { 'connection.url': db.url, 'table.name.format': ours, 'insert.mode': 'upsert', 'pk.mode': 'record_key', 'batch.size': String(BATCH_SIZE),
      ...(POOL && { 'connection.pool.max_size': POOL }) };
    let insertHash = null;
    for (const v of [0, 1]) {
      const runOurs = async () => {
        await db.settle();
        return timeOurs(props, size, v);
      };
      const runRef = async () => {
        await db.settle();
        const t = process.hrtime.bigint();
        await db.reference(ref, size, v);
        return seconds(t);
      };
      let o;
      let r;
      if (oursFirst) {
        o = await runOurs();
        r = await runRef();
      } else {
        r = await runRef();
        o = await runOurs();
      }
      const mine = await db.check(ours);
      const theirs = await db.check(ref);
      verify(dbDef.name, size, v, mine, theirs, insertHash);
      insertHash = mine.h;
      out.push({ case: v === 0 ? 'insert' : 'update', reference: dbDef.references[v], oursFirst, ours: o, referenceSeconds: r });
    }
    return out;
  } finally {
    await db.drop(ours);
    await db.drop(ref);
    await db.close();
  }
}

/** Throws (so no figure is printed) unless both tables hold every row, identically (and the update changed them). */
function verify(db, size, v, ours, other, insertHash) {
  const idSum = ((BigInt(size) * BigInt(size - 1)) / 2n).toString();
  const problems = [];
  for (const [who, r] of [['ours', ours], ['reference', other]]) {
    if (r.n !== size) problems.push(`${who}: ${r.n} rows instead of ${size}`);
    if (r.s !== idSum) problems.push(`${who}: sum(id) ${r.s} instead of ${idSum}`);
  }
  if (ours.h !== other.h) problems.push(`checksums differ: ours ${ours.h}, reference ${other.h}`);
  if (v === 1 && ours.h === insertHash) problems.push('the update case left the rows unchanged');
  if (problems.length) throw new Error(`INCOMPLETE: ${db} ${v === 0 ? 'insert' : 'update'} at size ${size}: ${problems.join('; ')}`);
}

export async function run(options) {
  const sizes = parseSizes(options.size);
  const rounds = Number(options.repeat ?? 2);
  const results = [];
  const loadBefore = os.loadavg();
  for (const size of sizes) {
    for (const dbDef of [postgres, mariadb]) {
      if (ONLY && !ONLY.includes(dbDef.name)) continue;
      const all = [];
      for (let r = 0; r < rounds; r++) all.push(...(await round(dbDef, size, r % 2 === 0)));
      for (const kase of ['insert', 'update']) {
        const runs = all.filter((x) => x.case === kase);
        const oursSeconds = runs.reduce((n, x) => n + x.ours.seconds, 0);
        const refSeconds = runs.reduce((n, x) => n + x.referenceSeconds, 0);
        const ours = (size * runs.length) / oursSeconds;
        const other = (size * runs.length) / refSeconds;
        const ratio = ours / other;
        const each = runs.map((x) => `${x.oursFirst ? 'ours first' : 'reference first'} ${(x.referenceSeconds / x.ours.seconds).toFixed(2)}`).join(', ');
        console.log(`jdbc-sink ${size} ${dbDef.name} ${kase} rows/s: ours ${Math.round(ours)}, ${runs[0].reference} ${Math.round(other)}, ratio ${ratio.toFixed(2)} (${each})`);
        results.push({ size, db: dbDef.name, case: kase, reference: runs[0].reference, oursRowsPerSecond: ours, referenceRowsPerSecond: other, ratio, runs });
      }
    }
  }
  const loadAfter = os.loadavg();
  console.log(`load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`);
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `jdbc-sink-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ bench: 'jdbc-sink', putSize: PUT_SIZE, batchSize: BATCH_SIZE, rounds, loadBefore, loadAfter, machine: machineInfo(), results }, null, 2)}\n`);
  console.log(`results: ${file}`);
}
