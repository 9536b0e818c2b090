import { ConfigException } from '@tsconnect/sdk';

export type DialectName = 'postgresql' | 'mariadb';

/** Where to connect, from a JDBC URL or a driver URL, with connection.user/password applied. */
export interface ConnectionSettings {
  readonly dialect: DialectName;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string | null;
  readonly password: string | null;
  /** Remaining URL query parameters (e.g. sslmode), for diagnostics. */
  readonly params: Readonly<Record<string, string>>;
}

const SCHEMES: Readonly<Record<string, { dialect: DialectName; port: number }>> = {
  postgresql: { dialect: 'postgresql', port: 5432 },
  postgres: { dialect: 'postgresql', port: 5432 },
  mysql: { dialect: 'mariadb', port: 3306 },
  mariadb: { dialect: 'mariadb', port: 3306 },
};

/**
 * Accepts `jdbc:postgresql://host:port/db?user=u&password=p`, `jdbc:mysql://…`, `jdbc:mariadb://…`
 * and the driver forms `postgres://u:p@host/db`, `mysql://…`. Explicit connection.user /
 * connection.password win over credentials in the URL, as with JDBC's DriverManager.
 */
export function parseConnectionUrl(url: string, user: string | null, password: string | null): ConnectionSettings {
  const key = 'connection.url';
  // Never echo the URL's password in an error.
  const shown = url.replace(/(password=)[^&]*/gi, '$1[hidden]').replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:[hidden]@');
  const text = url.trim().replace(/^jdbc:/i, '');
  const scheme = /^([a-z]+):\/\//i.exec(text)?.[1]?.toLowerCase();
  const known = scheme ? SCHEMES[scheme] : undefined;
  if (!known) {
    throw new ConfigException(key, shown, 'Expected a jdbc:postgresql://, jdbc:mysql://, jdbc:mariadb://, postgres:// or mysql:// URL');
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ConfigException(key, shown, 'Not a valid URL');
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname) throw new ConfigException(key, shown, 'The URL has no host');
  if (!database) throw new ConfigException(key, shown, 'The URL names no database (…/<database>)');
  const params: Record<string, string> = {};
  for (const [k, v] of parsed.searchParams) params[k] = v;
  const urlUser = params['user'] ?? (parsed.username ? decodeURIComponent(parsed.username) : null);
  const urlPassword = params['password'] ?? (parsed.password ? decodeURIComponent(parsed.password) : null);
  delete params['user'];
  delete params['password'];
  return {
    dialect: known.dialect,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : known.port,
    database,
    user: user ?? urlUser,
    password: password ?? urlPassword,
    params,
  };
}
