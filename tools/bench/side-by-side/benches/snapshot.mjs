// snapshot: an existing table of N rows; POST /connectors → last record readable in Kafka.
// Limit: psql `\copy table TO /dev/null` of the same table (how fast PostgreSQL hands it out).
import { ROWS_SELECT, copyOutRate } from '../lib/pg.mjs';
import { runSourceSide } from './source-side.mjs';

export const DEFAULT_SIZES = [50_000, 100_000, 200_000];

export async function runSize(ctx, size, order) {
  const out = { size };
  let limitDone = false;
  for (const side of order) {
    const withLimit = !limitDone;
    limitDone = true;
    out[side] = await runSourceSide({
      ...ctx, side, bench: 'snapshot', size, snapshotMode: 'initial', expectOp: 'r',
      hooks: {
        prepare: async (c, table) => {
          await c.query(`INSERT INTO ${table} (id, n, label, price) ${ROWS_SELECT(1, size)}`);
          await c.query(`VACUUM ANALYZE ${table}`);
        },
        afterRun: withLimit ? async (c, table) => ({ limit: await copyOutRate(ctx.env.PG_URL, table, size) }) : undefined,
      },
    });
    if (out[side].extra?.limit) out.limit = { name: 'COPY TO', ...out[side].extra.limit };
  }
  return out;
}
