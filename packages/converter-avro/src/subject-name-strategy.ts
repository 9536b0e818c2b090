import { ConfigException, DataException } from '@tsconnect/sdk';
import type { AvroNode } from './avro-node.js';
import { fullName } from './avro-node.js';

/** Picks the registry subject of a key or value schema (Confluent's SubjectNameStrategy). */
export type SubjectNameStrategy = (topic: string, isKey: boolean, schema: AvroNode) => string;

function recordName(schema: AvroNode, isKey: boolean, strategy: string): string {
  if (schema.type === 'record') return fullName(schema);
  throw new DataException(
    `In configuration ${isKey ? 'key' : 'value'}.subject.name.strategy = ${strategy}, the message ${isKey ? 'key' : 'value'} must only be a record schema`,
  );
}

export const TopicNameStrategy: SubjectNameStrategy = (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`;
export const RecordNameStrategy: SubjectNameStrategy = (_topic, isKey, schema) => recordName(schema, isKey, 'RecordNameStrategy');
export const TopicRecordNameStrategy: SubjectNameStrategy = (topic, isKey, schema) =>
  `${topic}-${recordName(schema, isKey, 'TopicRecordNameStrategy')}`;

const STRATEGIES: Record<string, SubjectNameStrategy> = {
  TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy,
};

/** Accepts the Java class names (`io.confluent.kafka.serializers.subject.TopicNameStrategy`) or the short names. */
export function subjectNameStrategy(configKey: string, className: string): SubjectNameStrategy {
  const short = className.slice(className.lastIndexOf('.') + 1);
  const strategy = STRATEGIES[short];
  if (!strategy) {
    throw new ConfigException(configKey, className, `known strategies are ${Object.keys(STRATEGIES).join(', ')}`);
  }
  return strategy;
}
