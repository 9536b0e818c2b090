import { ConfigException, DataException } from '@tsconnect/sdk';
import type { SchemaType } from './schema-registry-client.js';

/**
 * What a strategy needs to know of a schema (the parts of Confluent's ParsedSchema it reads): its
 * type and its record name — an Avro record's full name, a JSON schema's top-level `title`.
 */
export interface ParsedSchema {
  readonly schemaType: SchemaType;
  readonly name: string | undefined;
}

/** Picks the registry subject of a key or value schema (Confluent's SubjectNameStrategy). */
export type SubjectNameStrategy = (topic: string, isKey: boolean, schema: ParsedSchema) => string;

// What a schema must be to have a record name, in each converter's words.
const NAMED: Record<SchemaType, string> = {
  AVRO: 'must only be a record schema',
  JSON: 'must be a schema with a title (a named, required struct)',
  PROTOBUF: 'must be a named message schema',
};

function recordName(schema: ParsedSchema, isKey: boolean, strategy: string): string {
  if (schema.name !== undefined) return schema.name;
  const side = isKey ? 'key' : 'value';
  throw new DataException(`In configuration ${side}.subject.name.strategy = ${strategy}, the message ${side} ${NAMED[schema.schemaType]}`);
}

export const TopicNameStrategy: SubjectNameStrategy = (topic, isKey) => `${topic}-${isKey ? 'key' : 'value'}`;
export const RecordNameStrategy: SubjectNameStrategy = (_topic, isKey, schema) => recordName(schema, isKey, 'RecordNameStrategy');
export const TopicRecordNameStrategy: SubjectNameStrategy = (topic, isKey, schema) =>
  `${topic}-${recordName(schema, isKey, 'TopicRecordNameStrategy')}`;

const STRATEGIES: Record<string, SubjectNameStrategy> = { TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy };

/** Accepts the Java class names (`io.confluent.kafka.serializers.subject.TopicNameStrategy`) or the short names. */
export function subjectNameStrategy(configKey: string, className: string): SubjectNameStrategy {
  const strategy = STRATEGIES[className.slice(className.lastIndexOf('.') + 1)];
  if (!strategy) throw new ConfigException(configKey, className, `known strategies are ${Object.keys(STRATEGIES).join(', ')}`);
  return strategy;
}
