import { describe, expect, it } from 'vitest';
import { ConfigException } from '@tsconnect/sdk';
import { schemaRegistryConfigDef, schemaRegistrySettings } from './schema-registry-config.js';
import { RecordNameStrategy, TopicNameStrategy } from './subject-name-strategy.js';

const settings = (props: Record<string, unknown>, isKey = false) =>
  schemaRegistrySettings(schemaRegistryConfigDef().parse(props), isKey, 'JSON');

describe('schema registry settings', () => {
  it('defaults as Confluent and picks the strategy of the side', () => {
    expect(settings({ 'schema.registry.url': 'http://a:1, http://b:2' })).toEqual({
      autoRegisterSchemas: true, useLatestVersion: false, subjectNameStrategy: TopicNameStrategy,
      client: { urls: ['http://a:1', 'http://b:2'], schemaType: 'JSON', requestTimeoutMs: 30000 },
    });
    const key = settings({ 'schema.registry.url': 'http://a:1', 'key.subject.name.strategy': 'RecordNameStrategy' }, true);
    expect(key.subjectNameStrategy).toBe(RecordNameStrategy);
  });

  it('takes basic auth user info from either key when the source is USER_INFO', () => {
    const props = { 'schema.registry.url': 'http://a:1', 'basic.auth.credentials.source': 'USER_INFO' };
    expect(settings({ ...props, 'basic.auth.user.info': 'me:pw' }).client.userInfo).toBe('me:pw');
    expect(settings({ ...props, 'schema.registry.basic.auth.user.info': 'alias:pw' }).client.userInfo).toBe('alias:pw');
    expect(settings({ 'schema.registry.url': 'http://a:1', 'basic.auth.user.info': 'me:pw' }).client.userInfo).toBeUndefined();
  });

  it('bad values are ConfigExceptions naming the key and the value', () => {
    expect(() => settings({ 'schema.registry.url': 'ftp://x' })).toThrow(ConfigException);
    expect(() => settings({ 'schema.registry.url': 'ftp://x' }))
      .toThrow('Invalid value ftp://x for configuration schema.registry.url: expected an http:// or https:// URL');
    expect(() => settings({ 'schema.registry.url': ' ' })).toThrow('Invalid value   for configuration schema.registry.url: at least one URL is required');
    expect(() => settings({ 'schema.registry.url': 'http://a:1', 'basic.auth.credentials.source': 'USER_INFO', 'basic.auth.user.info': 'nocolon' }))
      .toThrow('Invalid value [hidden] for configuration basic.auth.user.info: basic.auth.credentials.source=USER_INFO needs {username}:{password}');
    expect(() => settings({ 'schema.registry.url': 'http://a:1', 'value.subject.name.strategy': 'Nope' }))
      .toThrow('Invalid value Nope for configuration value.subject.name.strategy: known strategies are TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy');
  });
});
