import pg from 'pg';
import { Struct, type SourceRecord } from '@tsconnect/sdk';
import { testEnv, uniqueName } from '@tsconnect/test-support';

export const pgUrl = (): URL => new URL(testEnv('PG_URL'));

export async function adminClient(): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: testEnv('PG_URL') });
  await admin.connect();
  return admin;
}

/** Connector props for the test server, unique slot and publication, capturing `public.<table>`. */
export function connectorProps(table: string, overrides: Record<string, string> = {}): Record<string, string> {
  const url = pgUrl();
  return {
    'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
    'topic.prefix': 'dbz',
    'database.hostname': url.hostname,
    'database.port': url.port,
    'database.user': decodeURIComponent(url.username),
    'database.password': decodeURIComponent(url.password),
    'database.dbname': url.pathname.slice(1),
    'slot.name': uniqueName('slot'),
    'publication.name': uniqueName('pub'),
    'publication.autocreate.mode': 'filtered',
    'table.include.list': `public.${table}`,
    'slot.drop.on.stop': 'true',
    'poll.interval.ms': '100',
    // pgoutput sends every logical decoding message of the database, whatever the publication, and
    // other test files emit some into this shared database: a test that wants them includes its own
    // prefixes. (A stray message record made heartbeat.it.test.ts fail now and then.)
    'message.prefix.exclude.list': '.*',
    ...overrides,
  };
}

/** A Struct as a plain object (nested structs and arrays of structs too), for exact comparisons. */
export function plain(value: unknown): unknown {
  if (value instanceof Struct) {
    return Object.fromEntries((value.schema.fields ?? []).map((f) => [f.name, plain(value.get(f.name))]));
  }
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

export const envelope = (r: SourceRecord): Struct => r.value as Struct;
export const after = (r: SourceRecord): unknown => plain(envelope(r).get('after'));
export const source = (r: SourceRecord): Record<string, unknown> => plain(envelope(r).get('source')) as Record<string, unknown>;

export async function dropPublication(admin: pg.Client, props: Record<string, string>): Promise<void> {
  await admin.query(`DROP PUBLICATION IF EXISTS "${props['publication.name']}"`);
}

export async function dropSlot(admin: pg.Client, props: Record<string, string>): Promise<void> {
  await admin.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active',
    [props['slot.name']]);
}
