// Example connector configs are written for the seed's docker setup (localhost:5432, youruser …);
// this points them at the servers test-env started.

/** The connector JSON with its database settings taken from test-env's PG_URL. */
export function withTestEnv(connector, env) {
  const config = { ...connector.config };
  const pg = new URL(env.PG_URL);
  if ('database.hostname' in config) {
    Object.assign(config, {
      'database.hostname': pg.hostname,
      'database.port': pg.port,
      'database.user': decodeURIComponent(pg.username),
      'database.password': decodeURIComponent(pg.password),
      'database.dbname': pg.pathname.slice(1),
    });
  }
  if ('connection.url' in config) {
    Object.assign(config, {
      'connection.url': `jdbc:postgresql://${pg.hostname}:${pg.port}${pg.pathname}`,
      'connection.user': decodeURIComponent(pg.username),
      'connection.password': decodeURIComponent(pg.password),
    });
  }
  return { name: connector.name, config };
}
