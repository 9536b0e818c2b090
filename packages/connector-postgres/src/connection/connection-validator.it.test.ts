import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@tsconnect/test-support';
import { PostgresSourceConnector } from '../postgres-source-connector.js';
import { parsePostgresConfig } from '../config/postgres-connector-config.js';
import { adminClient, connectorProps } from '../test-support/pg-test.js';
import { openConnection } from './pg-connection.js';

let admin: pg.Client;
beforeAll(async () => { admin = await adminClient(); });
afterAll(async () => { await admin.end(); });

const errorsByKey = (infos: { name: string; errors: string[] }[]) => Object.fromEntries(infos.map((i) => [i.name, i.errors]));

describe('validate() against the server', () => {
  it('accepts a working configuration', async () => {
    expect(await new PostgresSourceConnector().validate(connectorProps('whatever'))).toEqual([]);
  });

  it('reports a wrong password on database.password', async () => {
    const p = connectorProps('t', { 'database.password': 'definitely-wrong' });
    expect(errorsByKey(await new PostgresSourceConnector().validate(p))).toEqual({
      'database.password': [`Password authentication failed for user "${p['database.user']}" at ${p['database.hostname']}:${p['database.port']}: check database.password`],
    });
  });

  it('reports an unreachable server on database.hostname and a missing database on database.dbname', async () => {
    const down = errorsByKey(await new PostgresSourceConnector().validate(connectorProps('t', { 'database.port': '1' })));
    expect(Object.keys(down)).toEqual(['database.hostname']);
    expect(down['database.hostname']![0]).toMatch(/^Cannot connect to PostgreSQL at 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\): check database.hostname/);
    const db = uniqueName('nodb');
    expect(errorsByKey(await new PostgresSourceConnector().validate(connectorProps('t', { 'database.dbname': db }))))
      .toEqual({ 'database.dbname': [expect.stringContaining(`Database "${db}" does not exist`)] });
  });

  it('reports a role without REPLICATION and a publication it does not own on database.user', async () => {
    const role = uniqueName('norepl');
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw'`);
    const pub = uniqueName('pub');
    await admin.query(`CREATE PUBLICATION ${pub} FOR ALL TABLES`);
    try {
      const p = connectorProps('t', { 'database.user': role, 'database.password': 'pw', 'publication.name': pub });
      expect(errorsByKey(await new PostgresSourceConnector().validate(p))).toEqual({
        'database.user': [
          `User "${role}" lacks the REPLICATION attribute needed for a replication slot: ALTER ROLE "${role}" REPLICATION (or use another user)`,
          `Publication "${pub}" is owned by "${admin.user}", so user "${role}" cannot alter it in ` +
            `publication.autocreate.mode=filtered: ALTER PUBLICATION "${pub}" OWNER TO "${role}"`,
        ],
      });
      const allTables = { ...p, 'publication.name': uniqueName('pub'), 'publication.autocreate.mode': 'all_tables' };
      expect(errorsByKey(await new PostgresSourceConnector().validate(allTables))['database.user']![1]).toMatch(/^Only a superuser can CREATE PUBLICATION .* FOR ALL TABLES/);
    } finally {
      await admin.query(`DROP PUBLICATION ${pub}; DROP ROLE ${role}`);
    }
  });
});

describe('database.sslmode', () => {
  it('prefer falls back to plain on a server without TLS; require and verify-full fail naming the cause', async () => {
    const base = connectorProps('t');
    const prefer = await openConnection(parsePostgresConfig({ ...base, 'database.sslmode': 'prefer' }));
    expect((await prefer.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await prefer.end();
    const plain = await openConnection(parsePostgresConfig({ ...base, 'database.sslmode': 'disable' }));
    await plain.end();
    await expect(openConnection(parsePostgresConfig({ ...base, 'database.sslmode': 'require' })))
      .rejects.toThrow(/Cannot connect to PostgreSQL at .*: The server does not support SSL connections/);
    await expect(openConnection(parsePostgresConfig({ ...base, 'database.sslmode': 'verify-ca' }))).rejects.toThrow(
      'Invalid value null for configuration database.sslrootcert: sslmode verify-ca needs the CA certificate file');
    await expect(openConnection(parsePostgresConfig({ ...base, 'database.sslmode': 'verify-full', 'database.sslrootcert': '/nonexistent/ca.pem' })))
      .rejects.toThrow('Invalid value /nonexistent/ca.pem for configuration database.sslrootcert: Cannot read the file');
  });
});
