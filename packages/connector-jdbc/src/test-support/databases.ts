import { testEnv } from '@tsconnect/test-support';
import mysql from 'mysql2/promise';
import pg from 'pg';

/** One test database (PostgreSQL or MariaDB of test-env) behind the same small interface. */
export interface TestDb {
  readonly name: 'postgresql' | 'mariadb';
  /** A connection.url with credentials, as users write it. */
  readonly url: string;
  /** Rows as arrays; MariaDB numbers/dates come back as strings, as PostgreSQL's ::text casts do. */
  rows(sql: string): Promise<unknown[][]>;
  exec(sql: string): Promise<void>;
  quote(identifier: string): string;
  close(): Promise<void>;
}

export async function openTestDb(name: 'postgresql' | 'mariadb'): Promise<TestDb> {
  if (name === 'postgresql') {
    const u = new URL(testEnv('PG_URL'));
    const client = new pg.Client({ connectionString: testEnv('PG_URL') });
    await client.connect();
    return {
      name,
      url: `jdbc:postgresql://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`,
      rows: async (sql) => (await client.query({ text: sql, rowMode: 'array' })).rows as unknown[][],
      exec: async (sql) => { await client.query(sql); },
      quote: (id) => `"${id}"`,
      close: () => client.end(),
    };
  }
  const u = new URL(testEnv('MARIADB_URL'));
  const conn = await mysql.createConnection({ uri: testEnv('MARIADB_URL'), dateStrings: true, bigNumberStrings: true, supportBigNumbers: true });
  return {
    name,
    url: `jdbc:mariadb://${u.host}${u.pathname}?user=${u.username}&password=${u.password}`,
    rows: async (sql) => (await conn.query({ sql, rowsAsArray: true }))[0] as unknown[][],
    exec: async (sql) => { await conn.query(sql); },
    quote: (id) => `\`${id}\``,
    close: () => conn.end(),
  };
}
