// latency: offered load of `size` rows/s (transactions of 100 rows, paced on an absolute schedule)
// for DURATION_S seconds. Per record: Kafka LogAppendTime − the row's created_at
// (clock_timestamp() at insert, ≤ 1 transaction before its commit). Same machine clock for both.
import { ROWS_SELECT, withPg } from '../lib/pg.mjs';
import { percentile } from '../lib/verify.mjs';
import { runSourceSide } from './source-side.mjs';

export const TX_ROWS = 100;
export const DURATION_S = Number(process.env['SBS_LATENCY_SECONDS'] ?? 10);
export const DEFAULT_SIZES = [2_500, 5_000, 10_000]; // offered rows/s
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const WARMUP_S = Number(process.env['SBS_LATENCY_WARMUP_SECONDS'] ?? 3);

/** `rows` rows at `rate` rows/s in transactions of TX_ROWS on an absolute schedule; ids from idBase + 1. */
async function paced(c, table, rate, rows, idBase) {
  const t0 = Date.now();
  const every = (TX_ROWS / rate) * 1000;
  for (let i = 0; i < rows / TX_ROWS; i++) {
    const wait = t0 + i * every - Date.now();
    if (wait > 0) await sleep(wait);
    await c.query(`INSERT INTO ${table} (id, n, label, price) ${ROWS_SELECT(idBase + i * TX_ROWS + 1, idBase + (i + 1) * TX_ROWS)}`);
  }
  return { t0, achieved: rows / ((Date.now() - t0) / 1000) };
}

export async function runSize(ctx, rate, order) {
  const total = Math.round(rate * DURATION_S / TX_ROWS) * TX_ROWS;
  const warm = Math.round(rate * WARMUP_S / TX_ROWS) * TX_ROWS;
  // With synchronous_commit=off (test-env), walsenders only send WAL the walwriter has flushed,
  // every wal_writer_delay: a floor under any logical-decoding latency, printed as the limit.
  const pgSettings = await withPg(ctx.env.PG_URL, async (c) => ({
    synchronousCommit: (await c.query('SHOW synchronous_commit')).rows[0].synchronous_commit,
    walWriterDelayMs: parseInt((await c.query('SHOW wal_writer_delay')).rows[0].wal_writer_delay, 10),
  }));
  const floorMs = pgSettings.synchronousCommit === 'off' ? pgSettings.walWriterDelayMs : undefined;
  const out = { pgSettings, limit: floorMs === undefined ? undefined : { name: 'wal_writer_delay', latencyFloorMs: floorMs },
    size: rate, offeredRowsPerSecond: rate, durationSeconds: DURATION_S, warmupSeconds: WARMUP_S, rows: total };
  for (const side of order) {
    const lat = [];
    let achieved;
    const r = await runSourceSide({
      ...ctx, side, bench: 'latency', size: total, snapshotMode: 'no_data', expectOp: 'c',
      hooks: {
        // Same pacing for WARMUP_S first (ids above the measured range): JIT and connections warm.
        warmup: async (c, table) => {
          await paced(c, table, rate, warm, 1_000_000_000);
          return warm;
        },
        load: async (c, table) => {
          const r = await paced(c, table, rate, total, 0);
          achieved = r.achieved;
          return r.t0;
        },
        onPayload: (p, ts) => lat.push(ts - Date.parse(p.after.created_at)),
      },
    });
    lat.sort((a, b) => a - b);
    out[side] = { ...r, achievedRowsPerSecond: achieved, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99), maxMs: lat.at(-1) };
  }
  return out;
}
