import { describe, expect, it } from 'vitest';
import { parseConnectionUrl } from './connection-url.js';
import { JdbcSinkConnector } from './jdbc-sink-connector.js';
import { parseJdbcSinkConfig } from './jdbc-sink-config.js';
import { tsconnectPlugins } from './index.js';

const URL = 'jdbc:postgresql://db.example:5433/shop?user=app&password=s3cret&sslmode=disable';

describe('connection.url', () => {
  it('parses JDBC and driver URLs', () => {
    expect(parseConnectionUrl(URL, null, null)).toEqual({
      dialect: 'postgresql', host: 'db.example', port: 5433, database: 'shop', user: 'app', password: 's3cret', params: { sslmode: 'disable' },
    });
    expect(parseConnectionUrl('jdbc:mariadb://h/db', 'u', 'p')).toMatchObject({ dialect: 'mariadb', port: 3306, user: 'u', password: 'p' });
    expect(parseConnectionUrl('jdbc:mysql://h:3307/db', null, null)).toMatchObject({ dialect: 'mariadb', port: 3307, user: null });
    expect(parseConnectionUrl('postgres://a:b%40c@h/db', null, null)).toMatchObject({ dialect: 'postgresql', port: 5432, user: 'a', password: 'b@c' });
    expect(parseConnectionUrl('mysql://a:b@h/db', 'override', null)).toMatchObject({ user: 'override', password: 'b' });
  });

  it('rejects other URLs without echoing the password', () => {
    expect(() => parseConnectionUrl('jdbc:oracle:thin:@h:1521/x', null, null)).toThrow(
      'Invalid value jdbc:oracle:thin:@h:1521/x for configuration connection.url: Expected a jdbc:postgresql://, jdbc:mysql://, jdbc:mariadb://, postgres:// or mysql:// URL',
    );
    expect(() => parseConnectionUrl('jdbc:postgresql://h:5432/?password=topsecret', null, null)).toThrow(
      'Invalid value jdbc:postgresql://h:5432/?password=[hidden] for configuration connection.url: The URL names no database (…/<database>)',
    );
  });
});

describe('JdbcSinkConfig', () => {
  it('defaults as Confluent', () => {
    expect(parseJdbcSinkConfig({ 'connection.url': URL })).toMatchObject({
      insertMode: 'insert', pkMode: 'none', pkFields: [], deleteEnabled: false, autoCreate: false, autoEvolve: false,
      tableNameFormat: '${topic}', batchSize: 3000, maxRetries: 10, retryBackoffMs: 3000, dbTimeZone: 'UTC', quoteIdentifiers: 'always',
    });
  });

  it('delete.enabled requires pk.mode=record_key', () => {
    expect(() => parseJdbcSinkConfig({ 'connection.url': URL, 'delete.enabled': 'true', 'pk.mode': 'record_value' })).toThrow(
      'Invalid value true for configuration delete.enabled: Deletes are only supported for pk.mode record_key, but pk.mode is record_value',
    );
  });

  it('upsert/update need a primary key', () => {
    expect(() => parseJdbcSinkConfig({ 'connection.url': URL, 'insert.mode': 'upsert' })).toThrow(
      'Invalid value upsert for configuration insert.mode: insert.mode upsert needs a primary key; set pk.mode to kafka, record_key or record_value',
    );
  });

  it('per-key errors name the key and value', () => {
    expect(() => parseJdbcSinkConfig({ 'connection.url': URL, 'pk.mode': 'header' })).toThrow(
      'Invalid value header for configuration pk.mode: String must be one of: none, kafka, record_key, record_value',
    );
    expect(() => parseJdbcSinkConfig({ 'connection.url': URL, 'db.timezone': 'Mars/Olympus' })).toThrow(
      'Invalid value Mars/Olympus for configuration db.timezone: Unknown time zone',
    );
    expect(() => parseJdbcSinkConfig({ 'connection.url': URL, 'pk.mode': 'kafka', 'pk.fields': 'a,b' })).toThrow(
      'Invalid value a,b for configuration pk.fields: pk.mode kafka needs exactly 3 names',
    );
  });

  it('accepts the Debezium JDBC sink spellings', () => {
    expect(parseJdbcSinkConfig({
      'connection.url': 'jdbc:postgresql://h/db', 'connection.username': 'u', 'primary.key.mode': 'record_key',
      'primary.key.fields': 'id', 'schema.evolution': 'basic', 'quote.identifiers': 'false', 'field.include.list': 'a,b',
    })).toMatchObject({ pkMode: 'record_key', pkFields: ['id'], autoCreate: true, autoEvolve: true, quoteIdentifiers: 'never', fieldsWhitelist: ['a', 'b'], connection: { user: 'u' } });
  });
});

describe('JdbcSinkConnector', () => {
  it('validate() reports cross-key errors on the key to change', () => {
    const errors = new JdbcSinkConnector().validate({ 'connection.url': 'jdbc:db2://x', 'delete.enabled': 'true', topics: 'a' });
    expect(errors.map((e) => [e.name, e.errors[0]])).toEqual([
      ['connection.url', 'Invalid value jdbc:db2://x for configuration connection.url: Expected a jdbc:postgresql://, jdbc:mysql://, jdbc:mariadb://, postgres:// or mysql:// URL'],
      ['delete.enabled', 'Invalid value true for configuration delete.enabled: Deletes are only supported for pk.mode record_key, but pk.mode is none'],
    ]);
    const infos = new JdbcSinkConnector().config().configInfos('JdbcSinkConnector', { 'connection.password': 'x' });
    expect(infos.configs.find((c) => c.value.name === 'connection.url')!.value.errors).toEqual([
      'Missing required configuration "connection.url" which has no default value.',
    ]);
    expect(infos.configs.find((c) => c.value.name === 'connection.password')!.value.value).toBe('[hidden]');
  });

  it('gives every task the same config and registers under the Confluent and Debezium class names', () => {
    const c = new JdbcSinkConnector();
    c.start({ 'connection.url': URL, topics: 'orders' });
    expect(c.taskConfigs(2)).toEqual([{ 'connection.url': URL, topics: 'orders' }, { 'connection.url': URL, topics: 'orders' }]);
    expect(c.type).toBe('sink');
    expect(tsconnectPlugins.map((p) => [p.type, p.className, p.aliases])).toEqual([[
      'sink', 'io.tsconnect.connector.jdbc.JdbcSinkConnector',
      ['io.confluent.connect.jdbc.JdbcSinkConnector', 'io.debezium.connector.jdbc.JdbcSinkConnector'],
    ]]);
  });
});
