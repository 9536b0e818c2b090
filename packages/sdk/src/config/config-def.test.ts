import { describe, expect, it } from 'vitest';
import { ConfigException } from '../errors/config-exception.js';
import { ConfigDef } from './config-def.js';
import { Validators } from './validators.js';
import { Password } from './config-types.js';

const def = new ConfigDef()
  .define({ name: 'topic.prefix', type: 'STRING', importance: 'HIGH', documentation: 'Prefix', group: 'Connection' })
  .define({ name: 'port', type: 'INT', defaultValue: 5432, validator: Validators.between(1, 65535), group: 'Connection' })
  .define({ name: 'mode', type: 'STRING', defaultValue: 'initial', validator: Validators.in(['initial', 'never']) })
  .define({ name: 'tables', type: 'LIST', defaultValue: '' })
  .define({ name: 'enabled', type: 'BOOLEAN', defaultValue: false })
  .define({ name: 'password', type: 'PASSWORD', defaultValue: null });

describe('ConfigDef', () => {
  it('parses typed values with defaults', () => {
    const c = def.parse({ 'topic.prefix': 'dbz', tables: 'a, b', enabled: 'TRUE', password: 's3cret' });
    expect(c.string('topic.prefix')).toBe('dbz');
    expect(c.int('port')).toBe(5432);
    expect(c.list('tables')).toEqual(['a', 'b']);
    expect(c.boolean('enabled')).toBe(true);
    expect(c.password('password')).toBe('s3cret');
  });

  it('throws naming the key and value', () => {
    expect(() => def.parse({})).toThrow('Missing required configuration "topic.prefix" which has no default value.');
    expect(() => def.parse({ 'topic.prefix': 'x', port: '70000' })).toThrow(
      'Invalid value 70000 for configuration port: Value must be between 1 and 65535',
    );
    expect(() => def.parse({ 'topic.prefix': 'x', port: 'abc' })).toThrow(ConfigException);
    expect(() => def.parse({ 'topic.prefix': 'x', mode: 'sometimes' })).toThrow(
      'Invalid value sometimes for configuration mode: String must be one of: initial, never',
    );
  });

  it('validate() reports every error per key, in the REST shape', () => {
    const infos = def.configInfos('PostgresConnector', { port: '0', mode: 'x', password: 'p' });
    expect(infos.name).toBe('PostgresConnector');
    expect(infos.error_count).toBe(3);
    expect(infos.groups).toEqual(['Connection']);
    const byName = Object.fromEntries(infos.configs.map((c) => [c.value.name, c]));
    expect(byName['topic.prefix']!.definition).toMatchObject({ required: true, type: 'STRING', importance: 'HIGH', default_value: null });
    expect(byName['topic.prefix']!.value.errors).toEqual(['Missing required configuration "topic.prefix" which has no default value.']);
    expect(byName['port']!.value).toEqual({ name: 'port', value: '0', recommended_values: [], errors: ['Invalid value 0 for configuration port: Value must be between 1 and 65535'], visible: true });
    expect(byName['password']!.value.value).toBe('[hidden]');
  });

  it('keeps secrets out of logs and JSON while giving the task the real value', () => {
    const parsed = new ConfigDef().define({ name: 'pw', type: 'PASSWORD' }).parse({ pw: 'hunter2' });
    expect(parsed.password('pw')).toBe('hunter2');
    const hidden = new Password('hunter2');
    expect(`${hidden}`).toBe('[hidden]');
    expect(JSON.stringify({ hidden })).toBe('{"hidden":"[hidden]"}');
  });
});
