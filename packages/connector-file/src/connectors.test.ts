import { describe, expect, it } from 'vitest';
import { ConfigException } from '@tsconnect/sdk';
import { PluginRegistry } from '@tsconnect/runtime';
import { FileStreamSinkConnector } from './file-stream-sink-connector.js';
import { FileStreamSinkTask } from './file-stream-sink-task.js';
import { FileStreamSourceConnector } from './file-stream-source-connector.js';
import { FileStreamSourceTask } from './file-stream-source-task.js';
import { tsconnectPlugins } from './plugins.js';

const context = { requestTaskReconfiguration: () => {}, raiseError: () => {}, signal: new AbortController().signal };

describe('FileStreamSourceConnector', () => {
  it('declares file, topic and batch.size as Kafka does', () => {
    const keys = new FileStreamSourceConnector().config().configKeys();
    expect(keys.map((k) => [k.name, k.type, k.defaultValue, k.importance])).toEqual([
      ['file', 'STRING', null, 'HIGH'],
      ['topic', 'STRING', expect.any(Symbol), 'HIGH'],
      ['batch.size', 'INT', 2000, 'LOW'],
    ]);
  });

  it('always makes exactly one task config carrying the whole connector config', () => {
    const c = new FileStreamSourceConnector();
    const props = { 'connector.class': 'FileStreamSource', file: '/tmp/x', topic: 't', 'tasks.max': '4' };
    c.start(props, context);
    expect(c.taskConfigs(4)).toEqual([props]);
    expect(c.taskClass()).toBe(FileStreamSourceTask);
    expect(c.type).toBe('source');
  });

  it('rejects bad values naming key and value', () => {
    const start = (props: Record<string, string>) => () => new FileStreamSourceConnector().start(props, context);
    expect(start({ file: 'f' })).toThrow('Missing required configuration "topic" which has no default value.');
    expect(start({ topic: 'a,b' })).toThrow(ConfigException);
    expect(start({ topic: 'a,b' })).toThrow(
      "Invalid value a,b for configuration topic: 'topic' in FileStreamSourceConnector configuration requires definition of a single topic",
    );
    expect(start({ topic: '' })).toThrow('Invalid value  for configuration topic: String must be non-empty');
    expect(start({ topic: 'a b' })).toThrow(
      'Invalid value a b for configuration topic: Topic name "a b" is illegal, it contains a character other than ASCII alphanumerics, \'.\', \'_\' and \'-\'',
    );
    expect(start({ topic: 't', 'batch.size': 'many' })).toThrow('Invalid value many for configuration batch.size: Not a number of type INT');
    expect(start({ topic: 't', 'batch.size': '0' })).toThrow('Invalid value 0 for configuration batch.size: Value must be at least 1');
  });

  it('reports errors per key in the validate response', () => {
    const infos = new FileStreamSourceConnector().config().configInfos('FileStreamSourceConnector', { topic: 'x,y', 'batch.size': '-1' });
    expect(infos.error_count).toBe(2);
    expect(Object.fromEntries(infos.configs.map((c) => [c.value.name, c.value.errors]))).toEqual({
      file: [],
      topic: ["Invalid value x,y for configuration topic: 'topic' in FileStreamSourceConnector configuration requires definition of a single topic"],
      'batch.size': ['Invalid value -1 for configuration batch.size: Value must be at least 1'],
    });
  });
});

describe('FileStreamSinkConnector', () => {
  it('declares file and gives every task the full config', () => {
    const c = new FileStreamSinkConnector();
    expect(c.config().configKeys().map((k) => [k.name, k.type, k.defaultValue])).toEqual([['file', 'STRING', null]]);
    const props = { file: '/tmp/out', topics: 'a,b' };
    c.start(props, context);
    expect(c.taskConfigs(3)).toEqual([props, props, props]);
    expect(c.taskClass()).toBe(FileStreamSinkTask);
    expect(c.type).toBe('sink');
  });
});

describe('tsconnectPlugins', () => {
  it('registers both connectors under tsconnect and Kafka class names', () => {
    expect(tsconnectPlugins.map((p) => [p.type, p.className, p.aliases, p.version])).toEqual([
      ['source', 'io.tsconnect.connector.file.FileStreamSourceConnector', ['org.apache.kafka.connect.file.FileStreamSourceConnector'], '0.1.0'],
      ['sink', 'io.tsconnect.connector.file.FileStreamSinkConnector', ['org.apache.kafka.connect.file.FileStreamSinkConnector'], '0.1.0'],
    ]);
    expect(tsconnectPlugins[0]!.create()).toBeInstanceOf(FileStreamSourceConnector);
    expect(tsconnectPlugins[1]!.create()).toBeInstanceOf(FileStreamSinkConnector);
  });

  it('resolves through the runtime by Kafka class name and simple names', () => {
    const registry = new PluginRegistry().register(...tsconnectPlugins);
    for (const name of ['FileStreamSource', 'FileStreamSourceConnector', 'org.apache.kafka.connect.file.FileStreamSourceConnector']) {
      expect(registry.find(name, ['source'])?.className).toBe('io.tsconnect.connector.file.FileStreamSourceConnector');
    }
    for (const name of ['FileStreamSink', 'FileStreamSinkConnector', 'org.apache.kafka.connect.file.FileStreamSinkConnector']) {
      expect(registry.find(name, ['sink'])?.className).toBe('io.tsconnect.connector.file.FileStreamSinkConnector');
    }
  });
});
