import { describe, expect, it } from 'vitest';
import { PostgresSourceConnector } from '../postgres-source-connector.js';
import { tsconnectPlugins } from '../plugin.js';
import { parsePostgresConfig, POSTGRES_CONFIG_DEF } from './postgres-connector-config.js';
import { messagePrefixFilter, TableFilter } from '../filters/table-filter.js';

const base = {
  'topic.prefix': 'dbz', 'database.hostname': 'localhost', 'database.user': 'u', 'database.dbname': 'db', 'database.password': 'p',
};

describe('config', () => {
  it('has Debezium defaults and allows unknown keys', () => {
    const c = parsePostgresConfig({ ...base, 'some.debezium.only.key': 'x' });
    expect(c).toMatchObject({
      port: 5432, slotName: 'debezium', slotDropOnStop: false, publicationName: 'dbz_publication',
      publicationAutocreateMode: 'all_tables', snapshotMode: 'initial', tombstonesOnDelete: true, decimalHandlingMode: 'precise',
      timePrecisionMode: 'adaptive', heartbeatIntervalMs: 0, maxBatchSize: 2048, snapshotFetchSize: 10240, password: 'p',
    });
    expect([...c.skippedOperations]).toEqual(['t']);
  });

  it('names the bad key and value', () => {
    expect(() => parsePostgresConfig({ ...base, 'plugin.name': 'decoderbufs' })).toThrow(
      'Invalid value decoderbufs for configuration plugin.name: Value must be one of pgoutput. tsconnect speaks only the built-in pgoutput protocol',
    );
    expect(() => parsePostgresConfig({ ...base, 'snapshot.mode': 'sometimes' })).toThrow(/configuration snapshot.mode: Value must be one of initial, always/);
    expect(() => parsePostgresConfig({ ...base, 'table.include.list': 'public.(' })).toThrow(/Invalid value public.\( for configuration table.include.list/);
    expect(() => parsePostgresConfig({ ...base, 'skipped.operations': 'c,x' })).toThrow(/configuration skipped.operations/);
    const { ['topic.prefix']: _, ...noPrefix } = base;
    expect(() => parsePostgresConfig(noPrefix)).toThrow('Missing required configuration "topic.prefix" which has no default value.');
  });

  it('reports every error per key through validate', () => {
    const infos = POSTGRES_CONFIG_DEF.configInfos('PostgresConnector', { 'database.port': '0', 'plugin.name': 'wal2json' });
    const errors = Object.fromEntries(infos.configs.filter((c) => c.value.errors.length).map((c) => [c.value.name, c.value.errors.length]));
    expect(errors).toEqual({ 'topic.prefix': 1, 'database.hostname': 1, 'database.port': 1, 'database.user': 1, 'database.dbname': 1, 'plugin.name': 1 });
  });

  it('runs one task and registers under the Debezium class name', async () => {
    const connector = new PostgresSourceConnector();
    connector.start({ ...base });
    expect(await connector.taskConfigs(4)).toHaveLength(1);
    expect(tsconnectPlugins[0]).toMatchObject({ type: 'source', className: 'io.tsconnect.connector.postgres.PostgresConnector' });
    expect(tsconnectPlugins[0]!.aliases).toContain('io.debezium.connector.postgresql.PostgresConnector');
    expect((await connector.validate({ 'message.key.columns': 'nocolon' }))[0]!.errors[0]).toMatch(/message.key.columns/);
  });

  it('filters tables by anchored, case-insensitive regexes and never captures system schemas', () => {
    const f = new TableFilter({ ...parsePostgresConfig({ ...base, 'table.include.list': 'public\\.cust.*,inv\\.items' }) });
    expect(f.isTableIncluded('public', 'customers')).toBe(true);
    expect(f.isTableIncluded('PUBLIC', 'Customers')).toBe(true);
    expect(f.isTableIncluded('public', 'orders')).toBe(false);
    expect(f.isTableIncluded('x', 'public.customers')).toBe(false);
    const all = new TableFilter(parsePostgresConfig({ ...base, 'table.exclude.list': 'public\\.audit' }));
    expect([all.isTableIncluded('public', 'audit'), all.isTableIncluded('public', 'x'), all.isTableIncluded('pg_catalog', 'pg_class')]).toEqual([false, true, false]);
  });

  it('filters logical decoding message prefixes like Debezium (include list alone decides; not both lists)', () => {
    const included = messagePrefixFilter(parsePostgresConfig({ ...base, 'message.prefix.include.list': 'audit.*,OUTBOX' }));
    expect(['audit', 'audit_x', 'outbox', 'outbox2', 'other'].map(included)).toEqual([true, true, true, false, false]);
    const excluded = messagePrefixFilter(parsePostgresConfig({ ...base, 'message.prefix.exclude.list': 'noise' }));
    expect(['noise', 'noisy', 'audit'].map(excluded)).toEqual([false, true, true]);
    expect(messagePrefixFilter(parsePostgresConfig(base))('anything')).toBe(true);
    expect(() => parsePostgresConfig({ ...base, 'message.prefix.include.list': 'a', 'message.prefix.exclude.list': 'b' }))
      .toThrow(/message\.prefix\.exclude\.list.*"message\.prefix\.include\.list" is already set/);
  });
});
