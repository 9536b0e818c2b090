import { describe, expect, it } from 'vitest';
import type { Plugin } from '@tsconnect/sdk';
import { PluginRegistry } from './plugin-registry.js';

const stub = (type: Plugin['type'], className: string, extra: Partial<Plugin> = {}): Plugin =>
  ({ type, className, version: '1.2.3', create: () => ({}) as never, ...extra }) as Plugin;

function registry() {
  return new PluginRegistry().register(
    stub('source', 'io.tsconnect.postgres.PostgresConnector', { aliases: ['io.debezium.connector.postgresql.PostgresConnector'] }),
    stub('sink', 'io.tsconnect.jdbc.JdbcSinkConnector'),
    stub('converter', 'org.apache.kafka.connect.json.JsonConverter'),
    stub('converter', 'a.StringConverter'),
    stub('converter', 'b.StringConverter'),
    stub('transformation', 'org.apache.kafka.connect.transforms.InsertField'),
  );
}

describe('PluginRegistry', () => {
  it('resolves class name, alias, simple name and pruned simple name', () => {
    const r = registry();
    for (const name of ['io.tsconnect.postgres.PostgresConnector', 'io.debezium.connector.postgresql.PostgresConnector', 'PostgresConnector', 'Postgres']) {
      expect(r.resolve(name, ['source', 'sink']).className).toBe('io.tsconnect.postgres.PostgresConnector');
    }
    expect(r.resolve('JdbcSink', ['source', 'sink']).className).toBe('io.tsconnect.jdbc.JdbcSinkConnector');
    expect(r.resolve('Json', ['converter']).className).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(r.resolve('InsertField', ['transformation']).className).toBe('org.apache.kafka.connect.transforms.InsertField');
  });

  it('filters by type', () => {
    expect(registry().find('JsonConverter', ['source', 'sink'])).toBeUndefined();
  });

  it('refuses an ambiguous short name but keeps full names working', () => {
    const r = registry();
    expect(() => r.resolve('StringConverter', ['converter'])).toThrow(
      'More than one Converter matches StringConverter: a.StringConverter, b.StringConverter; use the full class name');
    expect(r.resolve('b.StringConverter', ['converter']).className).toBe('b.StringConverter');
  });

  it('names what was asked for and what exists when nothing matches', () => {
    expect(() => registry().resolve('com.example.Nope', ['source', 'sink'])).toThrow(
      'Failed to find any class that implements Connector and which name matches com.example.Nope, available connectors are: ' +
        'io.tsconnect.jdbc.JdbcSinkConnector, io.tsconnect.postgres.PostgresConnector');
  });

  it('lists connectors for GET /connector-plugins, everything on request', () => {
    const r = registry();
    expect(r.list()).toEqual([
      { class: 'io.tsconnect.jdbc.JdbcSinkConnector', type: 'sink', version: '1.2.3' },
      { class: 'io.tsconnect.postgres.PostgresConnector', type: 'source', version: '1.2.3' },
    ]);
    expect(r.list(['converter']).map((p) => p.class)).toEqual(['a.StringConverter', 'b.StringConverter', 'org.apache.kafka.connect.json.JsonConverter']);
  });

  it('lets one class serve two plugin types, resolving each by type', () => {
    const r = new PluginRegistry().register(stub('converter', 'x.JsonConverter'), stub('header_converter', 'x.JsonConverter'));
    expect(r.find('x.JsonConverter', ['converter'])?.type).toBe('converter');
    expect(r.find('JsonConverter', ['header_converter'])?.type).toBe('header_converter');
    expect(r.all()).toHaveLength(2);
  });

  it('rejects duplicates and non-plugins', () => {
    expect(() => registry().register(stub('sink', 'io.tsconnect.jdbc.JdbcSinkConnector'))).toThrow(
      'Plugin class io.tsconnect.jdbc.JdbcSinkConnector is registered twice as sink');
    expect(() => new PluginRegistry().register({ foo: 1 } as unknown as Plugin)).toThrow(
      'Not a tsconnect Plugin descriptor: object with keys [foo]');
  });
});
