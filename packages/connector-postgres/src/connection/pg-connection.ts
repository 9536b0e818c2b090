import pg from 'pg';
import { ConnectException } from '@tsconnect/sdk';
import type { PostgresConnectorConfig } from '../config/postgres-connector-config.js';
import { isSslRefused, sslOptions } from './ssl.js';

/**
 * Session settings every connection uses, so values have the same text form in the snapshot as
 * pgoutput sends them (the replication client sets the same): ISO dates, UTC, hex bytea, exact floats.
 */
export const SESSION_OPTIONS =
  '-c DateStyle=ISO -c TimeZone=UTC -c IntervalStyle=postgres -c bytea_output=hex -c extra_float_digits=3';

/** pg client settings from database.* keys (no session options: the replication client adds its own). */
export function clientConfig(config: PostgresConnectorConfig): pg.ClientConfig {
  return {
    host: config.hostname,
    port: config.port,
    user: config.user,
    database: config.dbname,
    ...(config.password !== null && { password: config.password }),
    ...(config.connectTimeoutMs > 0 && { connectionTimeoutMillis: config.connectTimeoutMs }),
    application_name: 'tsconnect-postgres',
    ssl: sslOptions(config),
  };
}

/** Every column value comes back as PostgreSQL's text, the same form pgoutput sends. */
export const TEXT_TYPES = { getTypeParser: () => (value: string) => value } as unknown as pg.CustomTypesConfig;

/** A plain SQL connection with the shared session settings. */
export async function openConnection(config: PostgresConnectorConfig): Promise<pg.Client> {
  try {
    return await connect(config);
  } catch (e) {
    if (config.sslMode === 'prefer' && isSslRefused(e)) return openConnection({ ...config, sslMode: 'disable' });
    throw new ConnectException(
      `Cannot connect to PostgreSQL at ${config.hostname}:${config.port}/${config.dbname} as ${config.user}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

async function connect(config: PostgresConnectorConfig): Promise<pg.Client> {
  const client = new pg.Client({ ...clientConfig(config), options: SESSION_OPTIONS });
  client.on('error', () => undefined); // surfaced through the pending query instead
  try {
    await client.connect();
    return client;
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

/**
 * Settles sslmode=prefer once (TLS if the server offers it, else plain), so every later
 * connection — the replication one included — uses the same choice.
 */
export async function resolvePreferredSsl(config: PostgresConnectorConfig): Promise<PostgresConnectorConfig> {
  if (config.sslMode !== 'prefer') return config;
  try {
    await (await connect(config)).end();
    return { ...config, sslMode: 'require' };
  } catch (e) {
    if (isSslRefused(e)) return { ...config, sslMode: 'disable' };
    return config; // other errors surface from openConnection with a full message
  }
}

/** Fails with a clear message unless the server can do logical decoding. */
export async function checkWalLevel(client: pg.Client): Promise<void> {
  const level = (await client.query<{ wal_level: string }>('SHOW wal_level')).rows[0]?.wal_level;
  if (level !== 'logical') {
    throw new ConnectException(
      `Postgres server wal_level property must be 'logical' but is: '${level}' (set wal_level=logical and restart the server)`,
    );
  }
}
