import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkerProps, parseWorkerConfig, workerPropsFromEnv } from './worker-config.js';

const base = { 'key.converter': 'K', 'value.converter': 'V', 'offset.storage.file.filename': '/tmp/o.json' };

describe('workerPropsFromEnv', () => {
  it('maps CONNECT_* like Confluent images and ignores other variables', () => {
    expect(workerPropsFromEnv({
      CONNECT_BOOTSTRAP_SERVERS: 'k1:29092,k2:29092',
      CONNECT_REST_ADVERTISED_HOST_NAME: 'kafka-connect-1',
      CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE: 'true',
      CONNECT_SOME__UNDERSCORE: 'u',
      CONNECT_WITH___DASH: 'd',
      PATH: '/usr/bin',
      CONNECTOR: 'x',
    })).toEqual({
      'bootstrap.servers': 'k1:29092,k2:29092',
      'rest.advertised.host.name': 'kafka-connect-1',
      'value.converter.schemas.enable': 'true',
      'some_underscore': 'u',
      'with-dash': 'd',
    });
  });

  it('overlays env over the properties file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wc-'));
    const file = join(dir, 'worker.properties');
    await writeFile(file, 'bootstrap.servers=file:9092\nrest.port=9000\n');
    expect(await loadWorkerProps(file, { CONNECT_REST_PORT: '8084' })).toEqual({ 'bootstrap.servers': 'file:9092', 'rest.port': '8084' });
  });
});

describe('parseWorkerConfig', () => {
  it('applies Kafka defaults', () => {
    const c = parseWorkerConfig(base);
    expect(c.bootstrapServers).toEqual(['localhost:9092']);
    expect(c.restPort).toBe(8083);
    expect(c.offsetFlushIntervalMs).toBe(60_000);
    expect(c.taskShutdownGracefulTimeoutMs).toBe(5_000);
    expect(c.headerConverter).toBeNull();
    expect(c.pluginPath).toEqual([]);
    expect(c.listeners).toEqual([]);
  });

  it('parses every key and keeps converter passthrough keys in originals', () => {
    const c = parseWorkerConfig({
      ...base, 'bootstrap.servers': 'a:1, b:2', 'rest.port': '0', 'offset.flush.interval.ms': '50',
      'plugin.path': 'my-connector,@scope/other', 'value.converter.schemas.enable': 'false', 'rest.advertised.host.name': 'w1',
    });
    expect(c.bootstrapServers).toEqual(['a:1', 'b:2']);
    expect(c.restPort).toBe(0);
    expect(c.offsetFlushIntervalMs).toBe(50);
    expect(c.pluginPath).toEqual(['my-connector', '@scope/other']);
    expect(c.restAdvertisedHostName).toBe('w1');
    expect(c.originals['value.converter.schemas.enable']).toBe('false');
  });

  it('names the missing key', () => {
    expect(() => parseWorkerConfig({ 'value.converter': 'V', 'offset.storage.file.filename': 'x' })).toThrow(
      'Missing required configuration "key.converter" which has no default value.');
  });

  it('names the bad value', () => {
    expect(() => parseWorkerConfig({ ...base, 'rest.port': 'eighty' })).toThrow(
      'Invalid value eighty for configuration rest.port: Not a number of type INT');
    expect(() => parseWorkerConfig({ ...base, 'rest.port': '70000' })).toThrow(
      'Invalid value 70000 for configuration rest.port: Value must be between 0 and 65535');
  });
});
