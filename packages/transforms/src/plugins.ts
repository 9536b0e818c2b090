import type { Plugin, Predicate, PredicatePlugin, Transformation, TransformationPlugin } from '@tsconnect/sdk';
import { CastKey, CastValue } from './cast.js';
import { ExtractNewRecordState } from './debezium/extract-new-record-state.js';
import { EventRouter } from './debezium/event-router.js';
import { DropHeaders } from './drop-headers.js';
import { ExtractFieldKey, ExtractFieldValue } from './extract-field.js';
import { Filter } from './filter.js';
import { FlattenKey, FlattenValue } from './flatten.js';
import { HeaderFromKey, HeaderFromValue } from './header-from.js';
import { HoistFieldKey, HoistFieldValue } from './hoist-field.js';
import { InsertFieldKey, InsertFieldValue } from './insert-field.js';
import { InsertHeader } from './insert-header.js';
import { MaskFieldKey, MaskFieldValue } from './mask-field.js';
import { HasHeaderKey } from './predicates/has-header-key.js';
import { RecordIsTombstone } from './predicates/record-is-tombstone.js';
import { TopicNameMatches } from './predicates/topic-name-matches.js';
import { RegexRouter } from './regex-router.js';
import { ReplaceFieldKey, ReplaceFieldValue } from './replace-field.js';
import { SetSchemaMetadataKey, SetSchemaMetadataValue } from './set-schema-metadata.js';
import { TimestampConverterKey, TimestampConverterValue } from './timestamp-converter.js';
import { TimestampRouter } from './timestamp-router.js';
import { ValueToKey } from './value-to-key.js';
import { VERSION } from './version.js';

const KAFKA = 'org.apache.kafka.connect.transforms';
const OURS = 'io.tsconnect.transforms';

function transformation(simpleName: string, create: () => Transformation, javaName = `${KAFKA}.${simpleName}`): TransformationPlugin {
  return { type: 'transformation', className: `${OURS}.${simpleName}`, aliases: [javaName], version: VERSION, create };
}

function predicate(simpleName: string, create: () => Predicate): PredicatePlugin {
  return { type: 'predicate', className: `${OURS}.predicates.${simpleName}`, aliases: [`${KAFKA}.predicates.${simpleName}`], version: VERSION, create };
}

/** Key and Value variants, named `Name$Key` / `Name$Value` as the Java nested classes. */
function keyValue(simpleName: string, key: () => Transformation, value: () => Transformation): TransformationPlugin[] {
  return [transformation(`${simpleName}$Key`, key), transformation(`${simpleName}$Value`, value)];
}

export const tsconnectPlugins: Plugin[] = [
  ...keyValue('InsertField', () => new InsertFieldKey(), () => new InsertFieldValue()),
  ...keyValue('ReplaceField', () => new ReplaceFieldKey(), () => new ReplaceFieldValue()),
  ...keyValue('MaskField', () => new MaskFieldKey(), () => new MaskFieldValue()),
  transformation('ValueToKey', () => new ValueToKey()),
  ...keyValue('ExtractField', () => new ExtractFieldKey(), () => new ExtractFieldValue()),
  ...keyValue('HoistField', () => new HoistFieldKey(), () => new HoistFieldValue()),
  ...keyValue('Cast', () => new CastKey(), () => new CastValue()),
  ...keyValue('Flatten', () => new FlattenKey(), () => new FlattenValue()),
  transformation('RegexRouter', () => new RegexRouter()),
  transformation('TimestampRouter', () => new TimestampRouter()),
  ...keyValue('TimestampConverter', () => new TimestampConverterKey(), () => new TimestampConverterValue()),
  ...keyValue('SetSchemaMetadata', () => new SetSchemaMetadataKey(), () => new SetSchemaMetadataValue()),
  transformation('Filter', () => new Filter()),
  ...keyValue('HeaderFrom', () => new HeaderFromKey(), () => new HeaderFromValue()),
  transformation('InsertHeader', () => new InsertHeader()),
  transformation('DropHeaders', () => new DropHeaders()),
  predicate('TopicNameMatches', () => new TopicNameMatches()),
  predicate('HasHeaderKey', () => new HasHeaderKey()),
  predicate('RecordIsTombstone', () => new RecordIsTombstone()),
  transformation('debezium.ExtractNewRecordState', () => new ExtractNewRecordState(), 'io.debezium.transforms.ExtractNewRecordState'),
  transformation('debezium.outbox.EventRouter', () => new EventRouter(), 'io.debezium.transforms.outbox.EventRouter'),
];
