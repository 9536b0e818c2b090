import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { ConfigException } from '@tsconnect/sdk';
import type { PostgresConnectorConfig } from '../config/postgres-connector-config.js';

type SslConfig = Pick<PostgresConnectorConfig, 'sslMode' | 'sslRootCert' | 'sslCert' | 'sslKey' | 'sslPassword'>;

function readPem(key: string, path: string | null): string | undefined {
  if (path === null) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigException(key, path, `Cannot read the file: ${(e as Error).message}`);
  }
}

/**
 * node-postgres `ssl` option for database.sslmode, with libpq's meaning: require encrypts without
 * checking the certificate, verify-ca checks the chain but not the host name, verify-full both.
 * `prefer` maps to an unchecked TLS attempt; openConnection falls back to plain when the server refuses.
 */
export function sslOptions(config: SslConfig): false | ConnectionOptions {
  if (config.sslMode === 'disable') return false;
  const ca = readPem('database.sslrootcert', config.sslRootCert);
  const options: ConnectionOptions = {
    ...(ca !== undefined && { ca }),
    ...(config.sslCert !== null && { cert: readPem('database.sslcert', config.sslCert) }),
    ...(config.sslKey !== null && { key: readPem('database.sslkey', config.sslKey) }),
    ...(config.sslPassword !== null && { passphrase: config.sslPassword }),
  };
  switch (config.sslMode) {
    case 'prefer':
    case 'require':
      return { ...options, rejectUnauthorized: false };
    case 'verify-ca':
      if (ca === undefined) throw new ConfigException('database.sslrootcert', null, 'sslmode verify-ca needs the CA certificate file');
      return { ...options, rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full':
      return { ...options, rejectUnauthorized: true };
  }
}

/** The server answered the SSLRequest with "N": with sslmode=prefer, connect without TLS instead. */
export function isSslRefused(e: unknown): boolean {
  return /does not support SSL/i.test((e as Error)?.message ?? '');
}
