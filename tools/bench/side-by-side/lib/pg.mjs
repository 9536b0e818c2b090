// PostgreSQL helpers: the benchmark table, and the physical limits (pg_recvlogical, COPY).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { runTimed } from '../../src/timed-process.mjs';
import { scanRecvlogicalOutput } from '../../src/pgoutput/recvlogical-output.mjs';

export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const SHM = existsSync('/dev/shm') ? '/dev/shm' : '/tmp';

export async function withPg(url, fn) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The row shape of every source benchmark: id and n are checked, created_at gives latency. */
export const SOURCE_DDL = (t) => `CREATE TABLE ${t} (id bigint PRIMARY KEY, n bigint NOT NULL, label text NOT NULL,
  price numeric(12,2) NOT NULL, created_at timestamptz NOT NULL DEFAULT clock_timestamp())`;

/** Rows lo..hi: the expressions every benchmark uses, so both sides see identical data. */
export const ROWS_SELECT = (lo, hi) =>
  `SELECT g, g * 1000, 'item-' || g, (g % 100000) / 100.0 FROM generate_series((${lo})::bigint, (${hi})::bigint) g`;

/** N rows in transactions of txRows, all in one server call (COMMIT inside DO: PostgreSQL 11+). */
export async function insertInTransactions(c, table, n, txRows) {
  await c.query(`DO $$ BEGIN
    FOR b IN 0..${Math.ceil(n / txRows) - 1} LOOP
      INSERT INTO ${table} (id, n, label, price) ${ROWS_SELECT(`b * ${txRows} + 1`, `least((b + 1) * ${txRows}, ${n})`)};
      COMMIT;
    END LOOP;
  END $$`);
}

export async function dropSlot(c, slot) {
  // The slot may still be held for a moment after the worker exited.
  for (let i = 0; i < 50; i++) {
    const r = await c.query('SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    if (!r.rows.length) return;
    if (r.rows[0].active_pid) await c.query('SELECT pg_terminate_backend($1)', [r.rows[0].active_pid]).catch(() => {});
    try {
      await c.query('SELECT pg_drop_replication_slot($1)', [slot]);
      return;
    } catch {
      await new Promise((res) => setTimeout(res, 200));
    }
  }
}

export async function waitSlotActive(c, slot, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const r = await c.query('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [slot]);
    if (r.rows[0]?.active) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`slot ${slot} not active after ${timeoutMs} ms`);
}

/**
 * pg_recvlogical draining `slot` (pgoutput, text values) up to `endpos` into a tmpfs file:
 * the rate at which PostgreSQL can hand out these changes, with no processing behind it.
 */
export async function recvlogicalDrain(url, slot, publication, endpos, expectRows) {
  const out = join(SHM, `sbs-recvlogical-${slot}.bin`);
  try {
    const r = await runTimed(join(PG_BIN, 'pg_recvlogical'), [
      '-d', url, '--slot', slot, '--start', '--endpos', endpos, '--no-loop', '-F', '0',
      '-o', 'proto_version=1', '-o', `publication_names=${publication}`, '-f', out,
    ]);
    const scan = scanRecvlogicalOutput(readFileSync(out));
    const expectedSum = (expectRows * (expectRows + 1)) / 2;
    if (scan.counts.insert !== expectRows || scan.idSum !== expectedSum) {
      throw new Error(`INCOMPLETE: pg_recvlogical: ${scan.counts.insert} inserts (sum(id) ${scan.idSum}) instead of ${expectRows} (${expectedSum})`);
    }
    return { seconds: r.wallSeconds, rowsPerSecond: expectRows / r.wallSeconds, cpuSeconds: r.cpuSeconds, peakRssMb: r.peakRssMb, bytes: scan.bytes };
  } finally {
    rmSync(out, { force: true });
  }
}

/** psql's COPY of a query's rows to /dev/null: how fast the server hands out a table (snapshot limit). */
export async function copyOutRate(url, table, rows) {
  const r = await runTimed(join(PG_BIN, 'psql'), [url, '-qAt', '-c', `\\copy ${table} TO '/dev/null'`]);
  return { seconds: r.wallSeconds, rowsPerSecond: rows / r.wallSeconds, cpuSeconds: r.cpuSeconds };
}

/** psql's COPY FROM of a CSV file of the sink rows into an empty table (sink limit). */
export async function copyInRate(url, table, csvLines) {
  const file = join(SHM, `sbs-copy-${table}.csv`);
  writeFileSync(file, csvLines.join('\n') + '\n');
  try {
    const r = await runTimed(join(PG_BIN, 'psql'), [url, '-qAt', '-c', `\\copy ${table} FROM '${file}' WITH (FORMAT csv)`]);
    return { seconds: r.wallSeconds, rowsPerSecond: csvLines.length / r.wallSeconds, cpuSeconds: r.cpuSeconds };
  } finally {
    rmSync(file, { force: true });
  }
}
