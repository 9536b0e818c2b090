import type pg from 'pg';
import type { ConfigValueInfo } from '@tsconnect/sdk';
import type { PostgresConnectorConfig } from '../config/postgres-connector-config.js';
import { openConnection } from './pg-connection.js';

type Problems = Map<string, string[]>;

function add(problems: Problems, key: string, message: string): void {
  problems.set(key, [...(problems.get(key) ?? []), message]);
}

/** Maps a failed login to the key the user has to fix (SQLSTATE first, then the socket error). */
function connectProblem(e: unknown, c: PostgresConnectorConfig): [string, string] {
  const err = (e as { cause?: { code?: string; message?: string } }).cause ?? (e as { code?: string; message?: string });
  const where = `${c.hostname}:${c.port}`;
  switch (err.code) {
    case '28P01':
      return ['database.password', `Password authentication failed for user "${c.user}" at ${where}: check database.password`];
    case '3D000':
      return ['database.dbname', `Database "${c.dbname}" does not exist at ${where}: check database.dbname`];
    case '28000':
      return ['database.user', `User "${c.user}" may not log in to ${where}/${c.dbname} (${err.message}): check database.user ` +
        'and pg_hba.conf'];
    default:
      return ['database.hostname', `Cannot connect to PostgreSQL at ${where} (${err.message}): check database.hostname, ` +
        'database.port and that the server accepts TCP connections'];
  }
}

/**
 * What Debezium's PostgresConnector#validateConnection checks, reported on the key to fix:
 * login, wal_level=logical, the REPLICATION attribute, and the rights the publication needs.
 */
export async function validateConnection(c: PostgresConnectorConfig): Promise<ConfigValueInfo[]> {
  const problems: Problems = new Map();
  let client: pg.Client | null = null;
  try {
    client = await openConnection(c);
  } catch (e) {
    add(problems, ...connectProblem(e, c));
  }
  if (client) {
    try {
      await checkServer(client, c, problems);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return [...problems].map(([name, errors]) => ({ name, value: null, recommended_values: [], errors, visible: true }));
}

async function checkServer(client: pg.Client, c: PostgresConnectorConfig, problems: Problems): Promise<void> {
  const wal = (await client.query<{ wal_level: string }>('SHOW wal_level')).rows[0]!.wal_level;
  if (wal !== 'logical') {
    add(problems, 'database.hostname', `Server ${c.hostname}:${c.port} has wal_level '${wal}'; logical decoding needs ` +
      "wal_level=logical (ALTER SYSTEM SET wal_level = logical, then restart PostgreSQL)");
  }
  const role = (await client.query<{ login: boolean; replication: boolean; superuser: boolean; can_create: boolean }>(
    `SELECT r.rolcanlogin AS login, r.rolsuper AS superuser,
            r.rolreplication OR EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                                         WHERE m.member = r.oid AND g.rolname IN ('rds_superuser', 'rds_replication')) AS replication,
            has_database_privilege(current_user, current_database(), 'CREATE') AS can_create
       FROM pg_roles r WHERE r.rolname = current_user`)).rows[0]!;
  if (!role.replication && !role.superuser) {
    add(problems, 'database.user', `User "${c.user}" lacks the REPLICATION attribute needed for a replication slot: ` +
      `ALTER ROLE "${c.user}" REPLICATION (or use another user)`);
  }
  const pub = (await client.query<{ owner: string; all_tables: boolean }>(
    `SELECT pg_get_userbyid(pubowner) AS owner, puballtables AS all_tables FROM pg_publication WHERE pubname = $1`,
    [c.publicationName])).rows[0];
  if (pub) {
    if (c.publicationAutocreateMode === 'filtered' && pub.owner !== c.user && !role.superuser) {
      add(problems, 'database.user', `Publication "${c.publicationName}" is owned by "${pub.owner}", so user "${c.user}" ` +
        `cannot alter it in publication.autocreate.mode=filtered: ALTER PUBLICATION "${c.publicationName}" OWNER TO "${c.user}"`);
    }
    return;
  }
  if (c.publicationAutocreateMode === 'disabled') {
    add(problems, 'publication.name', `Publication "${c.publicationName}" does not exist and publication.autocreate.mode ` +
      'is disabled: create it or choose all_tables/filtered');
  } else if (c.publicationAutocreateMode === 'all_tables' && !role.superuser) {
    add(problems, 'database.user', `Only a superuser can CREATE PUBLICATION "${c.publicationName}" FOR ALL TABLES; ` +
      `user "${c.user}" is not one: create the publication beforehand or use publication.autocreate.mode=filtered`);
  } else if (!role.can_create) {
    add(problems, 'database.user', `User "${c.user}" needs CREATE on database "${c.dbname}" to create publication ` +
      `"${c.publicationName}": GRANT CREATE ON DATABASE "${c.dbname}" TO "${c.user}"`);
  }
}
