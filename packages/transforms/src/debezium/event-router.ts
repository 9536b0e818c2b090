import {
  ConfigDef, ConfigException, ConnectException, SchemaBuilder, Schemas, Struct, Validators, field,
  type ConnectRecord, type Header, type Schema, type Transformation,
} from '@tsconnect/sdk';
import { ExtractFieldValue } from '../extract-field.js';
import { RegexRouter } from '../regex-router.js';
import { javaList, TransformValidators } from '../util/config-util.js';
import { requireStruct } from '../util/schemaless.js';

type Placement = 'header' | 'envelope' | 'partition';
interface AdditionalField { placement: Placement; field: string; alias: string }

/** `column:placement[:alias]` entries; throws naming the key and the list on a malformed one. */
export function parseAdditionalFields(key: string, specs: readonly string[]): AdditionalField[] {
  return specs.map((spec) => {
    const parts = spec.split(':').map((p) => p.trim());
    if (parts.length !== 2 && parts.length !== 3) {
      throw new ConfigException(key, javaList(specs), `A comma-separated list of valid String pairs or trios is expected but got: ${javaList(specs)}`);
    }
    const placement = parts[1]!.toLowerCase();
    if (placement !== 'header' && placement !== 'envelope' && placement !== 'partition') {
      throw new ConfigException(key, javaList(specs), `Unknown placement "${parts[1]}" in "${spec}": expected header, envelope or partition`);
    }
    return { placement, field: parts[0]!, alias: parts[2] ?? parts[0]! };
  });
}

export const EVENT_ROUTER_CONFIG_DEF = new ConfigDef()
  .define({ name: 'table.field.event.id', type: 'STRING', defaultValue: 'id', importance: 'LOW', group: 'Table', documentation: 'The column which contains the event ID within the outbox table' })
  .define({ name: 'table.field.event.key', type: 'STRING', defaultValue: 'aggregateid', importance: 'LOW', group: 'Table', documentation: 'The column which contains the event key within the outbox table' })
  .define({ name: 'table.field.event.type', type: 'STRING', defaultValue: 'type', importance: 'LOW', group: 'Table', documentation: 'The column which contains the event type within the outbox table' })
  .define({ name: 'table.field.event.payload', type: 'STRING', defaultValue: 'payload', importance: 'LOW', group: 'Table', documentation: 'The column which contains the event payload within the outbox table' })
  .define({
    name: 'table.field.event.timestamp', type: 'STRING', defaultValue: null, group: 'Table',
    documentation: "Optionally override the Kafka message timestamp with a value from a chosen column, otherwise it'll be the Debezium event processed timestamp.",
  })
  .define({
    name: 'table.fields.additional.placement', type: 'LIST', defaultValue: null, importance: 'HIGH', group: 'Table',
    validator: { ensureValid: (name, value) => void parseAdditionalFields(name, (value as string[] | null) ?? []), toString: () => 'list of field:placement[:alias]' },
    documentation: 'Extra fields can be added as part of the event envelope or a message header, e.g. id:header,field_name:envelope:alias,field_name:partition',
  })
  .define({
    name: 'table.field.additional.missing', type: 'STRING', defaultValue: 'error', group: 'Table', validator: Validators.in(['error', 'ignore'], { caseInsensitive: true }),
    documentation: "Behavior when one of the 'table.fields.additional.placement' fields is missing: error (default) or ignore.",
  })
  .define({ name: 'table.field.event.schema.version', type: 'STRING', defaultValue: null, importance: 'LOW', group: 'Table', documentation: 'The column which contains the event schema version within the outbox table' })
  .define({
    name: 'table.op.invalid.behavior', type: 'STRING', defaultValue: 'warn', group: 'Table', validator: Validators.in(['warn', 'error', 'fatal'], { caseInsensitive: true }),
    documentation: "Behavior on an update of the outbox table (only creates are expected): warn, error (log and skip) or fatal (fail).",
  })
  .define({
    name: 'table.expand.json.payload', type: 'BOOLEAN', defaultValue: false, group: 'Table',
    validator: {
      ensureValid(name, value) {
        if (value === true) throw new ConfigException(name, value, 'JSON payload expansion is not supported by tsconnect yet; the payload is passed through as is');
      },
      toString: () => 'false',
    },
    documentation: 'Not supported: payloads are passed through unchanged (a JSON string stays a string).',
  })
  .define({ name: 'route.by.field', type: 'STRING', defaultValue: 'aggregatetype', importance: 'HIGH', group: 'Router', documentation: 'The column which determines how the events will be routed, the value will become part of the topic name' })
  .define({
    name: 'route.topic.regex', type: 'STRING', defaultValue: '(?<routedByValue>.*)', importance: 'LOW', group: 'Router', validator: TransformValidators.javaRegex(),
    documentation: "The regex applied to the routed field's value; its groups are available to 'route.topic.replacement'",
  })
  .define({
    name: 'route.topic.replacement', type: 'STRING', defaultValue: 'outbox.event.${routedByValue}', importance: 'HIGH', group: 'Router',
    documentation: "The name of the topic in which the events will be routed; '${routedByValue}' is the value of the 'route.by.field' column",
  })
  .define({ name: 'route.tombstone.on.empty.payload', type: 'BOOLEAN', defaultValue: false, importance: 'HIGH', group: 'Router', documentation: 'Whether or not an empty payload should cause a tombstone event.' });

const SCHEMA_NAMES = {
  Timestamp: 'io.debezium.time.Timestamp',
  MicroTimestamp: 'io.debezium.time.MicroTimestamp',
  NanoTimestamp: 'io.debezium.time.NanoTimestamp',
};

/** Debezium's outbox EventRouter: turns inserts into an outbox table into events on `outbox.event.<aggregatetype>`. */
export class EventRouter implements Transformation {
  private fieldEventId = 'id';
  private fieldEventKey = 'aggregateid';
  private fieldPayload = 'payload';
  private fieldEventTimestamp: string | null = null;
  private fieldSchemaVersion: string | null = null;
  private routeByField = 'aggregatetype';
  private routeTombstoneOnEmptyPayload = false;
  private invalidOperationBehavior = 'warn';
  private additionalFields: AdditionalField[] = [];
  private ignoreMissing = false;
  private onlyHeaders = true;
  private readonly afterExtractor = new ExtractFieldValue();
  private readonly regexRouter = new RegexRouter();
  private readonly valueSchemas = new Map<string, Schema>();
  private schemaIds = new WeakMap<Schema, number>();
  private nextSchemaId = 0;

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = EVENT_ROUTER_CONFIG_DEF.parse(props);
    this.fieldEventId = config.string('table.field.event.id');
    this.fieldEventKey = config.string('table.field.event.key');
    this.fieldPayload = config.string('table.field.event.payload');
    this.fieldEventTimestamp = config.optionalString('table.field.event.timestamp');
    this.fieldSchemaVersion = config.optionalString('table.field.event.schema.version');
    this.routeByField = config.string('route.by.field');
    this.routeTombstoneOnEmptyPayload = config.boolean('route.tombstone.on.empty.payload');
    this.invalidOperationBehavior = config.string('table.op.invalid.behavior').toLowerCase();
    this.additionalFields = parseAdditionalFields('table.fields.additional.placement', config.list('table.fields.additional.placement'));
    this.ignoreMissing = config.string('table.field.additional.missing').toLowerCase() === 'ignore';
    this.onlyHeaders = !this.additionalFields.some((f) => f.placement === 'envelope');
    this.afterExtractor.configure({ field: 'after' });
    this.regexRouter.configure({ regex: config.string('route.topic.regex'), replacement: config.string('route.topic.replacement') });
  }

  apply<R extends ConnectRecord>(record: R): R | null {
    if (record.value === null || record.value === undefined) return null;
    if (!record.valueSchema?.name?.endsWith('.Envelope')) return record;
    const envelope = requireStruct(record.value, 'Detect Debezium Operation');
    const op = envelope.get('op') as string;
    if (op === 'd') return null;
    if (op === 'u') {
      if (this.invalidOperationBehavior === 'fatal') throw new ConnectException(`Unexpected update message received ${String(record.key)}, fail.`);
      return null;
    }
    const after = this.afterExtractor.apply(record);
    const event = requireStruct(after.value, 'Read Outbox Event');
    const eventSchema = after.valueSchema!;
    const payloadField = field(eventSchema, this.fieldPayload);
    if (!payloadField) throw new ConnectException(`Unable to find payload field ${this.fieldPayload} in event`);
    const timestamp = this.eventTimestamp(envelope, event);
    const idField = field(eventSchema, this.fieldEventId);
    if (!idField) throw new ConnectException(`Unable to find event-id field ${this.fieldEventId} in event`);
    const payload = event.get(this.fieldPayload);
    const headers: Header[] = [...record.headers, { key: 'id', schema: idField.schema, value: event.get(this.fieldEventId) }];
    const routedTopic = event.get(this.routeByField) as string;

    let structValue: Struct | null = null;
    if (!this.onlyHeaders) {
      const version = this.fieldSchemaVersion === null ? null : (event.get(this.fieldSchemaVersion) as number | null);
      structValue = new Struct(this.valueSchema(payloadField.schema, eventSchema, routedTopic, version)).put('payload', payload);
    }
    let partition: number | null = null;
    for (const extra of this.additionalFields) {
      const f = field(eventSchema, extra.field);
      if (!f) {
        if (this.ignoreMissing) continue;
        throw new ConnectException(`Unable to find field ${extra.field} in event`);
      }
      if (extra.placement === 'envelope') structValue!.put(extra.alias, event.get(extra.field));
      else if (extra.placement === 'header') headers.push({ key: extra.alias, schema: f.schema, value: event.get(extra.field) });
      else partition = event.get(extra.field) as number | null;
    }

    const isDelete = payload === null || (typeof payload === 'string' && payload.trim() === '');
    let valueSchema: Schema | null;
    let value: unknown;
    if (isDelete && this.routeTombstoneOnEmptyPayload) {
      valueSchema = null;
      value = null;
    } else if (this.onlyHeaders) {
      valueSchema = payloadField.schema;
      value = payload;
    } else {
      valueSchema = structValue!.schema;
      value = structValue;
    }
    const key = event.get(this.fieldEventKey);
    const keySchema = field(eventSchema, this.fieldEventKey)?.schema ?? Schemas.STRING;
    const routed: R = { ...record, topic: routedTopic, kafkaPartition: partition, keySchema, key, valueSchema, value, timestamp, headers };
    return this.regexRouter.apply(routed);
  }

  private eventTimestamp(envelope: Struct, event: Struct): number | null {
    const tsMs = () => toMillis(envelope.get('ts_ms'), 1n);
    if (this.fieldEventTimestamp === null) return tsMs();
    const f = field(event.schema, this.fieldEventTimestamp);
    if (!f) throw new ConnectException(`Unable to find timestamp field ${this.fieldEventTimestamp} in event`);
    const raw = event.get(this.fieldEventTimestamp);
    if (raw === null) return tsMs();
    if (!f.schema.name) throw new ConnectException(`Unsupported field type ${f.schema.type.toUpperCase()} (without logical schema name) for event timestamp`);
    switch (f.schema.name) {
      case SCHEMA_NAMES.Timestamp: return toMillis(raw, 1n);
      case SCHEMA_NAMES.MicroTimestamp: return toMillis(raw, 1000n);
      case SCHEMA_NAMES.NanoTimestamp: return toMillis(raw, 1_000_000n);
      default: throw new ConnectException(`Unsupported field type ${f.schema.name} for event timestamp`);
    }
  }

  /**
   * Struct `{payload, <envelope fields>}` named `<prefix>.<routedTopic>.<Value>`. Debezium caches by payload
   * schema (or version) alone, so the first topic's name sticks; here the topic is part of the key.
   */
  private valueSchema(payloadSchema: Schema, eventSchema: Schema, routedTopic: string, version: number | null): Schema {
    let id = this.schemaIds.get(payloadSchema);
    if (id === undefined) this.schemaIds.set(payloadSchema, (id = this.nextSchemaId++));
    const cacheKey = `${version === null ? `p${id}` : `v${version}`}\u0000${routedTopic}`;
    const cached = this.valueSchemas.get(cacheKey);
    if (cached) return cached;
    const builder = SchemaBuilder.struct().name(schemaName(eventSchema, routedTopic)).field('payload', payloadSchema);
    if (version !== null) builder.version(version);
    for (const extra of this.additionalFields) {
      if (extra.placement !== 'envelope') continue;
      const f = field(eventSchema, extra.field);
      if (!f) {
        if (!this.ignoreMissing) throw new ConnectException(`Unable to find field ${extra.field} in event`);
        continue;
      }
      builder.field(extra.alias, f.schema);
    }
    const schema = builder.build();
    this.valueSchemas.set(cacheKey, schema);
    return schema;
  }

  config(): ConfigDef {
    return EVENT_ROUTER_CONFIG_DEF;
  }

  close(): void {
    this.valueSchemas.clear();
    this.schemaIds = new WeakMap();
  }
}

function toMillis(raw: unknown, divisor: bigint): number | null {
  if (raw === null || raw === undefined) return null;
  return Number(BigInt(raw as number | bigint) / divisor);
}

function schemaName(eventSchema: Schema, routedTopic: string): string {
  const original = eventSchema.name;
  if (original === undefined) return routedTopic;
  const lastDot = original.lastIndexOf('.');
  return lastDot === -1 ? `${routedTopic}.${original}` : `${original.slice(0, lastDot + 1)}${routedTopic}.${original.slice(lastDot + 1)}`;
}
