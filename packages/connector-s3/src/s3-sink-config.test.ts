import { describe, expect, it } from 'vitest';
import { tsconnectPlugins } from './index.js';
import { parseS3SinkConfig, unescapeJava } from './s3-sink-config.js';
import { S3SinkConnector } from './s3-sink-connector.js';

const base = { 's3.bucket.name': 'bucket', 'flush.size': '100', 'format.class': 'io.confluent.connect.s3.format.avro.AvroFormat' };

describe('S3 sink config', () => {
  it('has Confluent defaults and accepts Java class names', () => {
    const c = parseS3SinkConfig(base);
    expect(c).toMatchObject({
      region: 'us-west-2', storeUrl: null, topicsDir: 'topics', directoryDelim: '/', fileDelim: '+', rotateIntervalMs: -1,
      rotateScheduleIntervalMs: -1, partitioner: 'default', format: 'avro', compression: 'none', partSize: 26_214_400,
      zeroPadWidth: 10, timestampExtractor: 'Wallclock', nullValues: 'fail', byteArrayExtension: '.bin',
    });
    expect([...c.byteArraySeparator]).toEqual([10]);
    expect(parseS3SinkConfig({ ...base, 'format.class': 'ByteArrayFormat', 'format.bytearray.separator': '\\r\\n|' }).byteArraySeparator)
      .toEqual(Buffer.from('\r\n|'));
  });
  it('names the key and value of bad input', () => {
    expect(() => parseS3SinkConfig({ ...base, 'flush.size': '0' })).toThrow('Invalid value 0 for configuration flush.size: Value must be at least 1');
    expect(() => parseS3SinkConfig({ 's3.bucket.name': 'b', 'format.class': 'JsonFormat' })).toThrow('Missing required configuration "flush.size"');
    expect(() => parseS3SinkConfig({ ...base, 'format.class': 'ParquetFormat' })).toThrow('Invalid value ParquetFormat for configuration format.class');
    expect(() => parseS3SinkConfig({ ...base, 's3.compression.type': 'zstd' })).toThrow('configuration s3.compression.type');
    expect(() => parseS3SinkConfig({ ...base, 's3.part.size': '1024' })).toThrow('Invalid value 1024 for configuration s3.part.size');
    expect(() => parseS3SinkConfig({ ...base, 'aws.access.key.id': 'AK' })).toThrow('aws.secret.access.key');
    expect(() => parseS3SinkConfig({ ...base, 'store.url': 'localhost:9000' })).toThrow('Invalid value localhost:9000 for configuration store.url');
    expect(() => parseS3SinkConfig({ ...base, 'rotate.schedule.interval.ms': '60000' })).toThrow('configuration timezone');
  });
  it('unescapes Java escapes in the separator', () => {
    expect(unescapeJava('a\\tb\\u0041\\\\')).toBe('a\tbA\\');
  });
  it('exposes the connector under its class name and the Confluent alias', async () => {
    expect(tsconnectPlugins).toHaveLength(1);
    expect(tsconnectPlugins[0]).toMatchObject({ type: 'sink', className: 'io.tsconnect.connector.s3.S3SinkConnector', aliases: ['io.confluent.connect.s3.S3SinkConnector'] });
    const connector = new S3SinkConnector();
    // Config errors are reported before any S3 request is made.
    expect(await connector.validate({ ...base, 'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner', 'partition.duration.ms': '1000', locale: 'en', timezone: 'UTC' }))
      .toEqual([{ name: 'path.format', value: '', recommended_values: [], errors: ['Invalid value  for configuration path.format: Path format cannot be empty.'], visible: true }]);
    connector.start({ ...base, 'aws.secret.access.key': 'x' });
    expect(connector.taskConfigs(2)).toEqual([{ ...base, 'aws.secret.access.key': 'x' }, { ...base, 'aws.secret.access.key': 'x' }]);
  });
});
