import pg from 'pg';
import { Lsn } from '../lsn.js';
import { PgoutputDecoder } from '../decoder/pgoutput-decoder.js';
import { copyBoth } from './pg-internals.js';
import { ReplicationStream } from './replication-stream.js';
import { protocolForServer, startReplicationSql } from './start-options.js';
import type { StartOptions } from './start-options.js';
import { createSlotSql } from './slot-commands.js';
import type { CreateSlotOptions, CreatedSlot, SlotInfo } from './slot-commands.js';
import { quoteIdent, quoteLiteral, quoteTable } from './sql.js';
import type { TableRef } from './sql.js';

/**
 * Session settings for replication connections: they fix the text form of values
 * (dates ISO, timestamptz in UTC, hex bytea, exact floats, money as `$1,234.56`) whatever
 * the server defaults are, and binary mode formats to exactly the same strings.
 */
const SESSION_OPTIONS =
  '-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres -c bytea_output=hex -c extra_float_digits=3 -c lc_monetary=C';

/**
 * Entry point: SQL helpers (slots, publications) and {@link start} to stream changes.
 * Each call opens its own connection; the instance holds only configuration.
 */
export class LogicalReplicationClient {
  private readonly config: pg.ClientConfig;

  /** `config`: a connection string or a `pg.ClientConfig`. */
  constructor(config: string | pg.ClientConfig) {
    this.config = typeof config === 'string' ? { connectionString: config } : { ...config };
  }

  private async withClient<T>(replication: boolean, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = await this.connect(replication);
    try {
      return await fn(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async connect(replication: boolean): Promise<pg.Client> {
    const options = [this.config.options, SESSION_OPTIONS].filter(Boolean).join(' ');
    const client = new pg.Client({ ...this.config, options, ...(replication ? { replication: 'database' } : {}) });
    client.on('error', () => undefined); // surfaced through the pending query instead
    await client.connect();
    return client;
  }

  /** server_version_num, e.g. 150018. */
  serverVersion(): Promise<number> {
    return this.withClient(false, async (c) => Number((await c.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num));
  }

  /**
   * CREATE_REPLICATION_SLOT … LOGICAL pgoutput. With `snapshot: 'export'` (default) the
   * connection stays open so `snapshotName` can be imported (`SET TRANSACTION SNAPSHOT`)
   * elsewhere until you call `release()`; with `'use'` run your snapshot queries through
   * `query()` (simple protocol only) before `release()`.
   */
  async createSlot(name: string, options: CreateSlotOptions = {}): Promise<CreatedSlot> {
    const client = await this.connect(true);
    const snapshot = options.snapshot ?? 'export';
    try {
      const version = Number((await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num);
      if (snapshot === 'use') await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const res = await client.query<Record<string, string | null>>(createSlotSql(name, options, version));
      const row = res.rows[0] ?? {};
      let released = snapshot === 'nothing';
      const release = async (): Promise<void> => {
        if (released) return;
        released = true;
        if (snapshot === 'use') await client.query('COMMIT').catch(() => undefined);
        await client.end().catch(() => undefined);
      };
      if (released) await client.end().catch(() => undefined);
      return {
        slotName: row['slot_name'] ?? name,
        consistentPoint: Lsn.parse(row['consistent_point'] ?? '0/0'),
        snapshotName: row['snapshot_name'] ?? null,
        outputPlugin: row['output_plugin'] ?? 'pgoutput',
        query: async (sql: string) => {
          if (snapshot !== 'use' || released) throw new Error("query() is only available with snapshot 'use' before release()");
          return (await client.query(sql)).rows;
        },
        release,
      };
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  /** DROP_REPLICATION_SLOT; `wait` waits for an active slot to be released (PG 13+ syntax `WAIT`). */
  async dropSlot(name: string, options: { ifExists?: boolean; wait?: boolean } = {}): Promise<void> {
    if (options.ifExists && !(await this.getSlot(name))) return;
    await this.withClient(true, (c) => c.query(`DROP_REPLICATION_SLOT ${quoteIdent(name)}${options.wait ? ' WAIT' : ''}`));
  }

  /** The slot's row from pg_replication_slots, or null. */
  getSlot(name: string): Promise<SlotInfo | null> {
    return this.withClient(false, async (c) => {
      const res = await c.query<Record<string, string | boolean | null>>(
        `SELECT slot_name, plugin, slot_type, database, temporary, active, active_pid,
                restart_lsn::text, confirmed_flush_lsn::text
           FROM pg_replication_slots WHERE slot_name = $1`,
        [name],
      );
      const r = res.rows[0];
      if (!r) return null;
      const lsn = (v: unknown): Lsn | null => (typeof v === 'string' ? Lsn.parse(v) : null);
      return {
        slotName: String(r['slot_name']),
        plugin: (r['plugin'] as string | null) ?? null,
        database: (r['database'] as string | null) ?? null,
        temporary: r['temporary'] === true,
        active: r['active'] === true,
        activePid: r['active_pid'] === null ? null : Number(r['active_pid']),
        restartLsn: lsn(r['restart_lsn']),
        confirmedFlushLsn: lsn(r['confirmed_flush_lsn']),
      };
    });
  }

  /** CREATE PUBLICATION for the given tables, or FOR ALL TABLES when `tables` is `'all'`. */
  async createPublication(name: string, tables: readonly TableRef[] | 'all'): Promise<void> {
    const target = tables === 'all' ? 'FOR ALL TABLES' : tables.length ? `FOR TABLE ${tables.map(quoteTable).join(', ')}` : '';
    await this.withClient(false, (c) => c.query(`CREATE PUBLICATION ${quoteIdent(name)} ${target}`));
  }

  async dropPublication(name: string, options: { ifExists?: boolean } = {}): Promise<void> {
    await this.withClient(false, (c) => c.query(`DROP PUBLICATION ${options.ifExists ? 'IF EXISTS ' : ''}${quoteIdent(name)}`));
  }

  publicationExists(name: string): Promise<boolean> {
    return this.withClient(false, async (c) => (await c.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [name])).rowCount === 1);
  }

  /** Tables in a publication as `schema.table` strings. */
  publicationTables(name: string): Promise<string[]> {
    return this.withClient(false, async (c) => {
      const res = await c.query<{ t: string }>(`SELECT schemaname || '.' || tablename AS t FROM pg_publication_tables WHERE pubname = ${quoteLiteral(name)} ORDER BY 1`);
      return res.rows.map((r) => r.t);
    });
  }

  /**
   * Opens a replication connection and starts streaming. Resolves once the server
   * accepted START_REPLICATION (so a missing slot or publication rejects here).
   */
  async start(options: StartOptions): Promise<ReplicationStream> {
    const client = await this.connect(true);
    try {
      const version = Number((await client.query<{ server_version_num: string }>('SHOW server_version_num')).rows[0]?.server_version_num);
      const proto = options.protoVersion ?? protocolForServer(version);
      const sql = startReplicationSql(options, proto, options.startLsn ?? Lsn.ZERO, version);
      const conn = copyBoth(client);
      // XLogData may arrive in the same socket read as CopyBothResponse: collect it until the stream exists.
      const early: Buffer[] = [];
      const collect = (msg: { chunk: Buffer }): void => void early.push(msg.chunk);
      conn.on('copyData', collect);
      const started = new Promise<void>((resolve) => conn.once('replicationStart', resolve));
      const done = client.query(sql);
      try {
        await Promise.race([started, done.then(() => undefined)]);
      } finally {
        conn.off('copyData', collect);
      }
      return new ReplicationStream(client, conn, done, new PgoutputDecoder(options), options, early);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
  }
}
