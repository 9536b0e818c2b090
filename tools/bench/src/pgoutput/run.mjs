// pgoutput decode throughput: @tsconnect/pgoutput vs pg_recvlogical draining identical WAL.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { testEnv } from '@tsconnect/test-support';
import { machineInfo } from '../machine-info.mjs';
import { runTimed } from '../timed-process.mjs';
import { scanRecvlogicalOutput } from './recvlogical-output.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(HERE, '../../results');
const DEFAULT_SIZES = [100_000, 500_000, 1_000_000];
const TX_ROWS = 1000;
const PROTO = 3;

function parseSizes(raw) {
  if (!raw?.length) return DEFAULT_SIZES;
  return raw.flatMap((s) => s.split(',')).map((s) => {
    const n = Number(s.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < TX_ROWS) throw new Error(`--size must be an integer >= ${TX_ROWS}, got ${JSON.stringify(s)}`);
    return n;
  });
}

async function withPg(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Table, publication and two slots created BEFORE the inserts, so both slots decode identical WAL. */
async function prepare(url, size, repeat) {
  const tag = `${size}_${process.pid}_${Date.now().toString(36)}`;
  const names = {
    table: `bench_pgo_${tag}`, pub: `bench_pgo_pub_${tag}`,
    ours: Array.from({ length: repeat }, (_, k) => `bench_pgo_ours${k}_${tag}`),
    recv: Array.from({ length: repeat }, (_, k) => `bench_pgo_recv${k}_${tag}`),
  };
  await withPg(url, async (c) => {
    await c.query(`CREATE TABLE ${names.table} (id int PRIMARY KEY, n int8 NOT NULL, price numeric(12,2), label text, created timestamptz)`);
    await c.query(`CREATE PUBLICATION ${names.pub} FOR TABLE ${names.table}`);
    for (const slot of [...names.ours, ...names.recv]) await c.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [slot]);
    const started = process.hrtime.bigint();
    // One transaction per TX_ROWS rows (COMMIT inside DO needs PostgreSQL 11+).
    await c.query(`DO $$ BEGIN
      FOR b IN 0..${Math.ceil(size / TX_ROWS) - 1} LOOP
        INSERT INTO ${names.table}
          SELECT g, g::int8 * 1000, (g % 100000) / 100.0, 'item-' || g, timestamptz '2024-01-01' + g * interval '1 second'
            FROM generate_series(b * ${TX_ROWS} + 1, least((b + 1) * ${TX_ROWS}, ${size})) g;
        COMMIT;
      END LOOP;
    END $$`);
    names.insertSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    // The insert position: the end of the last commit (the write position may lag with synchronous_commit off).
    names.endpos = (await c.query('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0].l;
    // Walsenders decode only flushed WAL; with synchronous_commit off the tail is flushed up to
    // wal_writer_delay later. Wait for it, so whoever drains first is not charged for that delay.
    for (let i = 0; ; i++) {
      const { ok } = (await c.query('SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS ok', [names.endpos])).rows[0];
      if (ok) break;
      if (i > 500) throw new Error(`WAL not flushed up to ${names.endpos} after 5 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  });
  return names;
}

async function cleanup(url, names) {
  await withPg(url, async (c) => {
    for (const slot of [...names.ours, ...names.recv]) {
      await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1', [slot]).catch(() => undefined);
    }
    await c.query(`DROP PUBLICATION IF EXISTS ${names.pub}`);
    await c.query(`DROP TABLE IF EXISTS ${names.table}`);
  });
}

async function runOurs(url, names, slot, profileDir) {
  const args = [
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
    join(HERE, 'ours-consumer.mjs'),
    '--url', url, '--slot', slot, '--publication', names.pub, '--endpos', names.endpos, '--proto', String(PROTO),
  ];
  const r = await runTimed(process.execPath, args);
  return { ...r, result: JSON.parse(r.stdout.trim().split('\n').at(-1)) };
}

async function runRecvlogical(bin, url, names, slot) {
  const dir = existsSync('/dev/shm') ? '/dev/shm' : RESULTS; // tmpfs: measure decoding, not the disk
  const out = join(dir, `bench-recvlogical-${slot}.bin`);
  try {
    const r = await runTimed(bin, [
      '-d', url, '--slot', slot, '--start', '--endpos', names.endpos, '--no-loop', '-F', '0',
      '-o', `proto_version=${PROTO}`, '-o', `publication_names=${names.pub}`, '-f', out,
    ]);
    return { ...r, result: scanRecvlogicalOutput(readFileSync(out)) };
  } finally {
    rmSync(out, { force: true });
  }
}

/** Throws (so no figure is printed) unless the contender received every row, in full. */
function verify(who, result, size) {
  const expectedIdSum = (size * (size + 1)) / 2;
  const expectedChecksum = ((BigInt(size) * BigInt(size + 1)) / 2n) * 1000n;
  const problems = [];
  if (result.counts.insert !== size) problems.push(`${result.counts.insert} rows instead of ${size}`);
  if (result.idSum !== expectedIdSum) problems.push(`sum(id) ${result.idSum} instead of ${expectedIdSum}`);
  if (result.checksum !== expectedChecksum.toString()) problems.push(`sum(n) ${result.checksum} instead of ${expectedChecksum}`);
  if (result.inOrder === false) problems.push('ids out of order');
  if (result.counts.commit < Math.ceil(size / TX_ROWS)) problems.push(`${result.counts.commit} commits instead of >= ${Math.ceil(size / TX_ROWS)}`);
  if (problems.length) throw new Error(`INCOMPLETE: ${who} at size ${size}: ${problems.join('; ')}`);
}

const fmt = (v, digits) => (Math.abs(v) >= 1000 ? Math.round(v).toString() : v.toFixed(digits));

export async function run(options) {
  const sizes = parseSizes(options.size);
  const repeat = Number(options.repeat ?? 3);
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 9) throw new Error(`--repeat must be 1..9, got ${JSON.stringify(options.repeat)}`);
  const url = testEnv('PG_URL');
  const pgInfo = await withPg(url, async (c) => ({
    version: (await c.query('SELECT version() AS v')).rows[0].v,
    versionNum: Number((await c.query('SHOW server_version_num')).rows[0].server_version_num),
  }));
  const major = Math.floor(pgInfo.versionNum / 10000);
  const bin = process.env['PG_RECVLOGICAL'] ?? `/usr/lib/postgresql/${major}/bin/pg_recvlogical`;
  if (!existsSync(bin)) throw new Error(`pg_recvlogical not found at ${bin} (set PG_RECVLOGICAL)`);
  const recvVersion = (await runTimed(bin, ['--version'])).stdout.trim();
  const profileDir = options.profile ? join(RESULTS, 'profiles') : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  const runs = [];
  for (const [i, size] of sizes.entries()) {
    const names = await prepare(url, size, repeat);
    try {
      // `repeat` drains per contender from their own slots (all created before the inserts), who goes
      // first alternating; the median run (by wall time) of each is reported.
      const all = { ours: [], pg_recvlogical: [] };
      for (let k = 0; k < repeat; k++) {
        const order = (i + k) % 2 === 0 ? ['ours', 'pg_recvlogical'] : ['pg_recvlogical', 'ours'];
        for (const who of order) {
          const r = who === 'ours' ? await runOurs(url, names, names.ours[k], profileDir) : await runRecvlogical(bin, url, names, names.recv[k]);
          verify(who, r.result, size);
          all[who].push(r);
        }
      }
      const median = (rs) => [...rs].sort((a, b) => a.wallSeconds - b.wallSeconds)[Math.floor(rs.length / 2)];
      const o = median(all.ours);
      const p = median(all.pg_recvlogical);
      const figures = [
        ['rows/s', size / o.wallSeconds, size / p.wallSeconds, 0],
        ['wall_s', o.wallSeconds, p.wallSeconds, 2],
        ['cpu_s', o.cpuSeconds, p.cpuSeconds, 2],
        ['peak_rss_mb', o.peakRssMb, p.peakRssMb, 1],
      ];
      for (const [metric, x, y, d] of figures) {
        console.log(`pgoutput ${size} ${metric}: ours ${fmt(x, d)}, pg_recvlogical ${fmt(y, d)}, ratio ${(x / y).toFixed(2)}`);
      }
      const summary = (r, extra) => ({
        wallSeconds: r.wallSeconds, rowsPerSecond: size / r.wallSeconds, cpuSeconds: r.cpuSeconds, userSeconds: r.userSeconds,
        systemSeconds: r.systemSeconds, peakRssMb: r.peakRssMb, ...extra(r),
      });
      const oursExtra = (r) => ({ streamSeconds: r.result.streamSeconds, streamRowsPerSecond: size / r.result.streamSeconds, counts: r.result.counts });
      const recvExtra = (r) => ({ outputBytes: r.result.bytes, counts: r.result.counts });
      runs.push({
        size, txRows: TX_ROWS, repeat, insertSeconds: names.insertSeconds, endpos: names.endpos,
        ours: summary(o, oursExtra),
        pg_recvlogical: summary(p, recvExtra),
        ratio: { rowsPerSecond: size / o.wallSeconds / (size / p.wallSeconds), cpuSeconds: o.cpuSeconds / p.cpuSeconds },
        allRuns: { ours: all.ours.map((r) => summary(r, oursExtra)), pg_recvlogical: all.pg_recvlogical.map((r) => summary(r, recvExtra)) },
      });
    } finally {
      await cleanup(url, names);
    }
  }

  mkdirSync(RESULTS, { recursive: true });
  const report = {
    bench: 'pgoutput', date: new Date().toISOString(),
    machine: { ...machineInfo(), postgres: pgInfo.version, pgRecvlogical: recvVersion },
    method: {
      table: 'id int PK, n int8, price numeric(12,2), label text, created timestamptz',
      protoVersion: PROTO, values: 'parsed (default)', repeat: `${repeat} drains each, median by wall time`, wall: 'process spawn to exit, under /usr/bin/time -v for both',
      recvlogicalOutput: '/dev/shm file, -F 0 (no fsync)',
    },
    runs,
  };
  const file = join(RESULTS, `pgoutput-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`\n| rows | ours rows/s | pg_recvlogical rows/s | ratio | ours CPU s | pg_recvlogical CPU s | ours peak RSS MB | pg_recvlogical peak RSS MB |`);
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    console.log(`| ${r.size.toLocaleString('en')} | ${Math.round(r.ours.rowsPerSecond).toLocaleString('en')} | ${Math.round(r.pg_recvlogical.rowsPerSecond).toLocaleString('en')} | ${r.ratio.rowsPerSecond.toFixed(2)} | ${r.ours.cpuSeconds.toFixed(2)} | ${r.pg_recvlogical.cpuSeconds.toFixed(2)} | ${r.ours.peakRssMb.toFixed(0)} | ${r.pg_recvlogical.peakRssMb.toFixed(0)} |`);
  }
  console.log(`\nresults: ${file}`);
}
