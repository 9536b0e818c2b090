import { describe, expect, it } from 'vitest';
import { builtinPlugins } from './builtin-plugins.js';

describe('builtinPlugins', () => {
  const registry = builtinPlugins();

  it.each([
    ['io.debezium.connector.postgresql.PostgresConnector', 'source', 'io.tsconnect.connector.postgres.PostgresConnector'],
    ['io.confluent.connect.jdbc.JdbcSinkConnector', 'sink', 'io.tsconnect.connector.jdbc.JdbcSinkConnector'],
    ['io.debezium.connector.jdbc.JdbcSinkConnector', 'sink', 'io.tsconnect.connector.jdbc.JdbcSinkConnector'],
    ['org.apache.kafka.connect.file.FileStreamSourceConnector', 'source', 'io.tsconnect.connector.file.FileStreamSourceConnector'],
    ['FileStreamSink', 'sink', 'io.tsconnect.connector.file.FileStreamSinkConnector'],
    ['org.apache.kafka.connect.json.JsonConverter', 'converter', 'io.tsconnect.converters.JsonConverter'],
    ['io.confluent.connect.avro.AvroConverter', 'converter', 'io.tsconnect.converters.AvroConverter'],
    ['io.confluent.connect.json.JsonSchemaConverter', 'converter', 'io.tsconnect.converters.JsonSchemaConverter'],
    ['org.apache.kafka.connect.storage.StringConverter', 'converter', 'io.tsconnect.converters.StringConverter'],
    ['io.debezium.transforms.ExtractNewRecordState', 'transformation', 'io.tsconnect.transforms.debezium.ExtractNewRecordState'],
    ['io.confluent.connect.s3.S3SinkConnector', 'sink', 'io.tsconnect.connector.s3.S3SinkConnector'],
    ['org.apache.kafka.connect.transforms.RegexRouter', 'transformation', 'io.tsconnect.transforms.RegexRouter'],
  ] as const)('resolves the Java name %s to our %s plugin', (name, type, className) => {
    expect(registry.resolve(name, [type]).className).toBe(className);
  });

  it('lists the connectors as GET /connector-plugins does', () => {
    expect(registry.list().map((p) => `${p.type} ${p.class}`)).toEqual([
      'source io.tsconnect.connector.file.FileStreamSourceConnector',
      'sink io.tsconnect.connector.file.FileStreamSinkConnector',
      'sink io.tsconnect.connector.jdbc.JdbcSinkConnector',
      'source io.tsconnect.connector.postgres.PostgresConnector',
      'sink io.tsconnect.connector.s3.S3SinkConnector',
    ].sort((a, b) => (a.split(' ')[1]! < b.split(' ')[1]! ? -1 : 1)));
  });
});
