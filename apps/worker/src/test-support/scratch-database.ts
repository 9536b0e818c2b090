import pg from 'pg';
import { testEnv, uniqueName } from '@tsconnect/test-support';

async function asAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testEnv('PG_URL') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A new database on test-env's PostgreSQL, so an example's fixed table names never collide. */
export async function createScratchDatabase(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = uniqueName(prefix);
  await asAdmin(`CREATE DATABASE ${name}`);
  const url = new URL(testEnv('PG_URL'));
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
