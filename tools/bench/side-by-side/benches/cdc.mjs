// cdc: N rows inserted in transactions of 100 while the connector streams; first commit → last
// record readable in Kafka (LogAppendTime). Limit: pg_recvlogical draining the same changes.
import { insertInTransactions, recvlogicalDrain } from '../lib/pg.mjs';
import { runSourceSide } from './source-side.mjs';

export const TX_ROWS = 100;
export const DEFAULT_SIZES = [50_000, 100_000, 200_000];

export async function runSize(ctx, size, order) {
  const out = { size, txRows: TX_ROWS };
  let limitDone = false;
  for (const side of order) {
    // The limit's slot watches the first side's table: created before that side's inserts, so it
    // holds exactly the same changes; drained after the side was measured (no CPU contention).
    const withLimit = !limitDone;
    limitDone = true;
    const lim = {};
    out[side] = await runSourceSide({
      ...ctx, side, bench: 'cdc', size, snapshotMode: 'no_data', expectOp: 'c',
      hooks: {
        beforeLoad: withLimit ? async (c, table) => {
          lim.slot = `${table}_lim`;
          lim.pub = `${table}_limpub`;
          await c.query(`CREATE PUBLICATION ${lim.pub} FOR TABLE ${table}`);
          await c.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [lim.slot]);
        } : undefined,
        load: async (c, table) => {
          const t0 = Date.now();
          await insertInTransactions(c, table, size, TX_ROWS);
          if (withLimit) lim.endpos = (await c.query('SELECT pg_current_wal_insert_lsn()::text AS l')).rows[0].l;
          return t0;
        },
        afterRun: withLimit ? async (c) => {
          try {
            return { limit: await recvlogicalDrain(ctx.env.PG_URL, lim.slot, lim.pub, lim.endpos, size) };
          } finally {
            await c.query('SELECT pg_drop_replication_slot($1)', [lim.slot]).catch(() => {});
            await c.query(`DROP PUBLICATION IF EXISTS ${lim.pub}`);
          }
        } : undefined,
      },
    });
    if (out[side].extra?.limit) out.limit = { name: 'pg_recvlogical', ...out[side].extra.limit };
  }
  return out;
}
