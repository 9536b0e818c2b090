import { describe, expect, it } from 'vitest';
import { ConfigException, DataException } from '@tsconnect/sdk';
import { RecordNameStrategy, TopicNameStrategy, TopicRecordNameStrategy, subjectNameStrategy } from './subject-name-strategy.js';

const avroRecord = { schemaType: 'AVRO', name: 'com.example.Order' } as const;

describe('subject name strategies', () => {
  it('name the subject as Confluent does', () => {
    expect(TopicNameStrategy('orders', false, avroRecord)).toBe('orders-value');
    expect(TopicNameStrategy('orders', true, { schemaType: 'AVRO', name: undefined })).toBe('orders-key');
    expect(RecordNameStrategy('orders', false, avroRecord)).toBe('com.example.Order');
    expect(TopicRecordNameStrategy('orders', true, { schemaType: 'JSON', name: 'Key' })).toBe('orders-Key');
  });

  it('a schema without a record name is a DataException in the words of its schema type', () => {
    expect(() => RecordNameStrategy('t', false, { schemaType: 'AVRO', name: undefined })).toThrow(DataException);
    expect(() => RecordNameStrategy('t', false, { schemaType: 'AVRO', name: undefined }))
      .toThrow('In configuration value.subject.name.strategy = RecordNameStrategy, the message value must only be a record schema');
    expect(() => TopicRecordNameStrategy('t', true, { schemaType: 'JSON', name: undefined }))
      .toThrow('In configuration key.subject.name.strategy = TopicRecordNameStrategy, the message key must be a schema with a title (a named, required struct)');
  });

  it('are found by Java class name or short name; an unknown one is a ConfigException naming key and value', () => {
    expect(subjectNameStrategy('value.subject.name.strategy', 'io.confluent.kafka.serializers.subject.RecordNameStrategy')).toBe(RecordNameStrategy);
    expect(subjectNameStrategy('key.subject.name.strategy', 'TopicRecordNameStrategy')).toBe(TopicRecordNameStrategy);
    expect(() => subjectNameStrategy('key.subject.name.strategy', 'com.x.Nope')).toThrow(ConfigException);
    expect(() => subjectNameStrategy('key.subject.name.strategy', 'com.x.Nope'))
      .toThrow('Invalid value com.x.Nope for configuration key.subject.name.strategy: known strategies are TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy');
  });
});
