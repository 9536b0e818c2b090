import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ConnectionSettings } from './connection-url.js';
import type { Dialect, Statement } from './dialect/dialect.js';

/** The little the sink needs from a driver; a task has connection.pool.max_size of them, each used sequentially. */
export interface DbSession {
  query(stmt: Statement): Promise<Record<string, unknown>[]>;
  /** Runs a statement; returns the affected row count. */
  execute(stmt: Statement | string): Promise<number>;
  /** PostgreSQL only: `COPY … FROM STDIN` fed with text chunks; returns the copied row count. */
  copyFrom?(sql: string, chunks: Iterable<string>): Promise<number>;
  /** MariaDB only: `LOAD DATA LOCAL INFILE` fed with text chunks (the file name in `sql` is not read). */
  loadData?(sql: string, chunks: Iterable<string>): Promise<{ affectedRows: number; warnings: number }>;
  close(): Promise<void>;
}

export async function openSession(settings: ConnectionSettings, dialect: Dialect): Promise<DbSession> {
  const session = settings.dialect === 'postgresql' ? await openPg(settings) : await openMariaDb(settings);
  try {
    for (const sql of dialect.sessionSetup()) await session.execute(sql);
  } catch (e) {
    await session.close();
    throw e;
  }
  return session;
}

/**
 * Drivers are imported when a session of their dialect opens: each costs several MB of RSS once
 * loaded, and a worker whose sinks all write PostgreSQL never needs mysql2 (and the other way round).
 */
async function openPg(s: ConnectionSettings): Promise<DbSession> {
  const [{ default: pg }, { from: copyFrom }] = await Promise.all([import('pg'), import('pg-copy-streams')]);
  const client = new pg.Client({
    host: s.host, port: s.port, database: s.database,
    ...(s.user !== null && { user: s.user }),
    ...(s.password !== null && { password: s.password }),
    // pgJDBC's ApplicationName parameter; shows in pg_stat_activity.
    application_name: s.params['ApplicationName'] ?? 'tsconnect-jdbc-sink',
  });
  // A dropped connection emits 'error'; without a listener Node would crash the worker.
  client.on('error', () => undefined);
  await client.connect();
  return {
    async query(stmt) {
      return (await client.query(stmt.sql, stmt.params)).rows as Record<string, unknown>[];
    },
    async execute(stmt) {
      const r = typeof stmt === 'string' ? await client.query(stmt) : await client.query(stmt.sql, stmt.params);
      return r.rowCount ?? 0;
    },
    async copyFrom(sql, chunks) {
      if (Array.isArray(chunks)) return client.query(new EagerCopy(sql, chunks)) as unknown as Promise<number>;
      const stream = client.query(copyFrom(sql));
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
      return stream.rowCount ?? 0;
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

async function openMariaDb(s: ConnectionSettings): Promise<DbSession> {
  const { default: mysql } = await import('mysql2/promise');
  const conn = await mysql.createConnection({
    host: s.host, port: s.port, database: s.database,
    ...(s.user !== null && { user: s.user }),
    ...(s.password !== null && { password: s.password }),
    // Values are rendered by the dialect as text; never let the driver reinterpret Dates or numbers.
    dateStrings: true, supportBigNumbers: true, bigNumberStrings: true,
  });
  conn.on('error', () => undefined);
  return {
    async query(stmt) {
      const [rows] = await conn.query(stmt.sql, stmt.params);
      return rows as Record<string, unknown>[];
    },
    async execute(stmt) {
      const [result] = typeof stmt === 'string' ? await conn.query(stmt) : await conn.query(stmt.sql, stmt.params);
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
    async loadData(sql, chunks) {
      const [result] = await conn.query({
        sql,
        // mysql2 asks for the stream when the server requests the "file"; it wants Buffers.
        infileStreamFactory: () => Readable.from((function* () {
          for (const c of chunks) yield Buffer.from(c, 'utf8');
        })()),
      });
      const r = result as { affectedRows?: number; warningStatus?: number };
      return { affectedRows: r.affectedRows ?? 0, warnings: r.warningStatus ?? 0 };
    },
    async close() {
      await conn.end().catch(() => undefined);
    },
  };
}

/** The slice of pg's Connection an EagerCopy writes to. */
interface PgConnection {
  query(text: string): void;
  readonly stream: { write(b: Buffer): boolean; cork(): void; uncork(): void };
}

/**
 * `COPY … FROM STDIN` of data that is all in memory, as a pg "submittable": the query, every
 * CopyData message and CopyDone go out in one write, without waiting for CopyInResponse as
 * pg-copy-streams does. That saves a round trip per batch, which on a loaded machine is a
 * scheduling delay on each side. The protocol allows it: if COPY fails before reading the data,
 * PostgreSQL drops CopyData/CopyDone arriving outside copy mode.
 */
class EagerCopy {
  private rowCount = 0;
  private settle: { resolve: (n: number) => void; reject: (e: unknown) => void } | null = null;
  private readonly done = new Promise<number>((resolve, reject) => { this.settle = { resolve, reject }; });

  constructor(
    readonly text: string,
    private readonly chunks: readonly string[],
  ) {}

  /** pg's client.query returns this for a submittable; awaiting the query awaits the copy. */
  then<T, U>(ok: (n: number) => T, fail?: (e: unknown) => U): Promise<T | U> {
    return this.done.then(ok, fail);
  }

  submit(connection: PgConnection): void {
    const out = connection.stream;
    out.cork();
    connection.query(this.text);
    for (const chunk of this.chunks) {
      const data = Buffer.from(chunk, 'utf8');
      const head = Buffer.allocUnsafe(5);
      head[0] = 0x64; // 'd' CopyData
      head.writeUInt32BE(data.length + 4, 1);
      out.write(head);
      out.write(data);
    }
    out.write(Buffer.from([0x63, 0, 0, 0, 4])); // 'c' CopyDone
    out.uncork();
  }

  handleCopyInResponse(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
  callback(): void {}

  handleCommandComplete(msg: { text?: string }): void {
    const m = /COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rowCount = Number(m[1]);
  }

  handleReadyForQuery(): void {
    this.settle?.resolve(this.rowCount);
  }

  /** pg clears the active query on an error, so ReadyForQuery will not reach us: settle now. */
  handleError(e: unknown): void {
    this.settle?.reject(e);
  }
}

const PG_TRANSIENT_CLASSES = ['08', '40', '53', '57', '58'];
const PG_TRANSIENT_CODES = new Set(['55P03', '55006']);
const MYSQL_TRANSIENT_ERRNOS = new Set([1205, 1213, 1040, 1053, 2002, 2003, 2006, 2013]);
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT']);

/**
 * True for errors worth retrying (connection loss, deadlock, serialization failure, lock timeout,
 * server shutdown); data and schema errors fail at once instead of burning max.retries × backoff.
 */
export function isTransientDbError(e: unknown): boolean {
  const err = e as { code?: unknown; errno?: unknown; fatal?: unknown; message?: unknown } | null;
  if (!err || typeof err !== 'object') return false;
  const code = typeof err.code === 'string' ? err.code : '';
  if (NET_CODES.has(code)) return true;
  if (/^[0-9A-Z]{5}$/.test(code) && (PG_TRANSIENT_CLASSES.includes(code.slice(0, 2)) || PG_TRANSIENT_CODES.has(code))) return true;
  if (typeof err.errno === 'number' && MYSQL_TRANSIENT_ERRNOS.has(err.errno)) return true;
  if (err.fatal === true) return true;
  return typeof err.message === 'string' && /Connection terminated|connection is closed|Client has encountered a connection error/i.test(err.message);
}
