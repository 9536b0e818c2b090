import { describe, expect, it } from 'vitest';
import { PluginRegistry } from '../plugins/plugin-registry.js';
import { testPlugins } from '../test-support/test-plugins.js';
import { configErrorsMessage, validateConnectorConfig } from './connector-config.js';

const registry = () => new PluginRegistry().register(...testPlugins);
const errorsOf = (infos: Awaited<ReturnType<typeof validateConnectorConfig>>['infos']) =>
  Object.fromEntries(infos.configs.filter((c) => c.value.errors.length > 0).map((c) => [c.value.name, c.value.errors]));

describe('validateConnectorConfig', () => {
  it('accepts a valid source config and merges ConnectorConfig with the connector ConfigDef', async () => {
    const { infos, plugin } = await validateConnectorConfig(registry(), { name: 'c', 'connector.class': 'CountingSource', topic: 't' });
    expect(plugin.className).toBe('test.CountingSourceConnector');
    expect(infos.name).toBe('test.CountingSourceConnector');
    expect(infos.error_count).toBe(0);
    const names = infos.configs.map((c) => c.definition.name);
    expect(names.slice(0, 3)).toEqual(['name', 'connector.class', 'tasks.max']);
    expect(names).toContain('topic');
    expect(names).toContain('topic.creation.default.partitions');
    expect(infos.groups).toEqual(['Common', 'Transforms', 'Error Handling']);
  });

  it('names the missing and invalid fields', async () => {
    const { infos } = await validateConnectorConfig(registry(), { 'connector.class': 'CountingSource', 'tasks.max': '0', 'count.max': 'x' });
    expect(errorsOf(infos)).toEqual({
      name: ['Missing required configuration "name" which has no default value.'],
      'tasks.max': ['Invalid value 0 for configuration tasks.max: Value must be at least 1'],
      topic: ['Missing required configuration "topic" which has no default value.'],
      'count.max': ['Invalid value x for configuration count.max: Not a number of type INT'],
    });
    expect(configErrorsMessage(infos)).toBe([
      'Connector configuration is invalid and contains the following 4 error(s):',
      'Missing required configuration "name" which has no default value.',
      'Invalid value 0 for configuration tasks.max: Value must be at least 1',
      'Missing required configuration "topic" which has no default value.',
      'Invalid value x for configuration count.max: Not a number of type INT',
      'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
    ].join('\n'));
  });

  it('checks sink topics / topics.regex as Kafka does', async () => {
    const none = await validateConnectorConfig(registry(), { name: 's', 'connector.class': 'CollectingSink' });
    expect(errorsOf(none.infos)).toEqual({
      topics: ['Must configure one of topics or topics.regex'], 'topics.regex': ['Must configure one of topics or topics.regex'],
    });
    const both = await validateConnectorConfig(registry(), { name: 's', 'connector.class': 'CollectingSink', topics: 'a', 'topics.regex': 'a.*' });
    expect(errorsOf(both.infos)['topics']).toEqual(['topics and topics.regex are mutually exclusive options, but both are set.']);
  });

  it('checks converter classes and transform aliases', async () => {
    const { infos } = await validateConnectorConfig(registry(), {
      name: 's', 'connector.class': 'CollectingSink', topics: 'a', 'value.converter': 'com.example.Missing',
      transforms: 'x', 'errors.tolerance': 'some',
    });
    expect(errorsOf(infos)).toEqual({
      'value.converter': ['Invalid value com.example.Missing for configuration value.converter: Class com.example.Missing could not be found.'],
      'errors.tolerance': ['Invalid value some for configuration errors.tolerance: String must be one of: none, all'],
      'transforms.x.type': ['Missing required configuration "transforms.x.type" which has no default value.'],
    });
  });

  it('rejects a config without connector.class or with an unknown class (400)', async () => {
    await expect(validateConnectorConfig(registry(), { name: 'x' })).rejects.toMatchObject({
      statusCode: 400, message: 'Connector config contains no connector type: missing required configuration "connector.class"',
    });
    await expect(validateConnectorConfig(registry(), { name: 'x', 'connector.class': 'Nope' })).rejects.toMatchObject({
      statusCode: 400,
      message: 'Failed to find any class that implements Connector and which name matches Nope, available connectors are: test.CollectingSinkConnector, test.CountingSourceConnector',
    });
  });
});
