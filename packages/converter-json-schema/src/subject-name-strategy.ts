import { ConfigException, DataException } from '@tsconnect/sdk';

/**
 * Picks the registry subject of a key or value schema (Confluent's SubjectNameStrategy). For JSON
 * Schema the record name is the top-level `title` (JsonSchema.name()).
 */
export type SubjectNameStrategy = (topic: string, isKey: boolean, recordName: string | undefined) => string;

function required(recordName: string | undefined, isKey: boolean, strategy: string): string {
  if (recordName !== undefined) return recordName;
  const side = isKey ? 'key' : 'value';
  throw new DataException(
    `In configuration ${side}.subject.name.strategy = ${strategy}, the message ${side} must be a schema with a title (a named, required struct)`,
  );
}

export const TopicNameStrategy: SubjectNameStrategy = (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`;
export const RecordNameStrategy: SubjectNameStrategy = (_topic, isKey, name) => required(name, isKey, 'RecordNameStrategy');
export const TopicRecordNameStrategy: SubjectNameStrategy = (topic, isKey, name) =>
  `${topic}-${required(name, isKey, 'TopicRecordNameStrategy')}`;

const STRATEGIES: Record<string, SubjectNameStrategy> = { TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy };

/** Accepts the Java class names (`io.confluent.kafka.serializers.subject.TopicNameStrategy`) or the short names. */
export function subjectNameStrategy(configKey: string, className: string): SubjectNameStrategy {
  const strategy = STRATEGIES[className.slice(className.lastIndexOf('.') + 1)];
  if (!strategy) throw new ConfigException(configKey, className, `known strategies are ${Object.keys(STRATEGIES).join(', ')}`);
  return strategy;
}
