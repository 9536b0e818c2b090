import {
  ConfigDef, SchemaBuilder, Schemas, Struct, Validators,
  type ConnectRecord, type Header, type Schema, type Transformation,
} from '@tsconnect/sdk';
import { ExtractFieldValue } from '../extract-field.js';
import { InsertFieldValue } from '../insert-field.js';
import { ReplaceFieldKey, ReplaceFieldValue } from '../replace-field.js';
import { copySchemaBasics } from '../util/schema-util.js';
import { requireStruct } from '../util/schemaless.js';
import { FieldReference } from './field-reference.js';

export type DeleteTombstoneHandling = 'drop' | 'tombstone' | 'rewrite' | 'rewrite-with-tombstone' | 'delete-to-tombstone';
const MODES: readonly DeleteTombstoneHandling[] = ['drop', 'tombstone', 'rewrite', 'rewrite-with-tombstone', 'delete-to-tombstone'];

export const EXTRACT_NEW_RECORD_STATE_CONFIG_DEF = new ConfigDef()
  .define({
    name: 'delete.tombstone.handling.mode', type: 'STRING', defaultValue: null, width: 'MEDIUM',
    validator: Validators.in(MODES, { caseInsensitive: true }),
    documentation: 'How to handle delete records and tombstones: drop, tombstone, rewrite, rewrite-with-tombstone, delete-to-tombstone. ' +
      'Default tombstone; when unset but the deprecated drop.tombstones / delete.handling.mode are set, those apply.',
  })
  .define({
    name: 'drop.tombstones', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    documentation: 'Deprecated (use delete.tombstone.handling.mode): drop the tombstone that follows a delete.',
  })
  .define({
    name: 'delete.handling.mode', type: 'STRING', defaultValue: 'drop', validator: Validators.in(['drop', 'rewrite', 'none'], { caseInsensitive: true }),
    documentation: 'Deprecated (use delete.tombstone.handling.mode): none - records are passed, drop - records are removed (the default), rewrite - __deleted field is added to records.',
  })
  .define({ name: 'route.by.field', type: 'STRING', defaultValue: '', importance: 'LOW', documentation: 'The column which determines how the events will be routed, the value will replace the topic name.' })
  .define({ name: 'add.fields.prefix', type: 'STRING', defaultValue: '__', importance: 'LOW', documentation: 'Adds this prefix to each field listed.' })
  .define({
    name: 'add.fields', type: 'LIST', defaultValue: '', importance: 'LOW',
    documentation: "Adds each field listed, prefixed with __ (or __<struct>_ if the struct is specified), e.g. 'version,connector,source.ts_ms' or 'source.ts_ms:EVENT_TIMESTAMP'.",
  })
  .define({ name: 'add.headers.prefix', type: 'STRING', defaultValue: '__', importance: 'LOW', documentation: 'Adds this prefix listed to each header.' })
  .define({ name: 'add.headers', type: 'LIST', defaultValue: '', importance: 'LOW', documentation: 'Adds each field listed to the header, as add.fields does to the value.' })
  .define({ name: 'drop.fields.header.name', type: 'STRING', defaultValue: null, importance: 'LOW', documentation: 'Specifies the name of a header that contains a list of fields to be removed from the event value.' })
  .define({ name: 'drop.fields.from.key', type: 'BOOLEAN', defaultValue: false, importance: 'LOW', documentation: 'Whether to apply the drop fields behavior to the event key as well as the value.' })
  .define({ name: 'drop.fields.keep.schema.compatible', type: 'BOOLEAN', defaultValue: true, importance: 'LOW', documentation: 'true: only optional fields are dropped; false: dropped regardless of optionality.' })
  .define({
    name: 'replace.null.with.default', type: 'BOOLEAN', defaultValue: true, importance: 'LOW',
    documentation: 'When this option is enabled, null field values are replaced by source-defined defaults when rewriting the record.',
  });

const DELETED_FIELD = '__deleted';

/** Debezium's `unwrap` SMT: replaces a change-event envelope by its `after` (or `before`) row state. */
export class ExtractNewRecordState implements Transformation {
  private mode: DeleteTombstoneHandling = 'drop';
  /** Only for the legacy settings: keep tombstones although deletes are dropped/rewritten. */
  private keepTombstones = false;
  private routeByField: string | null = null;
  private additionalFields: FieldReference[] = [];
  private additionalHeaders: FieldReference[] = [];
  private dropFieldsHeaderName: string | null = null;
  private dropFieldsFromKey = false;
  private dropFieldsKeepSchemaCompatible = true;
  private readonly afterDelegate = new ExtractFieldValue();
  private readonly beforeDelegate = new ExtractFieldValue();
  private readonly removedDelegate = new InsertFieldValue();
  private readonly updatedDelegate = new InsertFieldValue();
  private readonly schemaCache = new Map<Schema, Map<string, Schema>>();

  configure(props: Readonly<Record<string, unknown>>): void {
    const config = EXTRACT_NEW_RECORD_STATE_CONFIG_DEF.parse(props);
    const mode = config.optionalString('delete.tombstone.handling.mode')?.trim() ?? '';
    const legacyKeysSet = props['delete.handling.mode'] !== undefined || props['drop.tombstones'] !== undefined;
    if (mode !== '' || !legacyKeysSet) {
      // Debezium 3.2+: `tombstone` when nothing is set.
      this.mode = (mode === '' ? 'tombstone' : mode.toLowerCase()) as DeleteTombstoneHandling;
      this.keepTombstones = this.mode === 'rewrite-with-tombstone';
    } else {
      // Only the deprecated keys are set: Debezium's LegacyDeleteHandlingStrategy, in the new modes.
      const legacy = config.string('delete.handling.mode').toLowerCase();
      this.mode = legacy === 'none' ? 'tombstone' : (legacy as 'drop' | 'rewrite');
      this.keepTombstones = !config.boolean('drop.tombstones');
    }
    this.additionalFields = FieldReference.fromConfiguration(config.string('add.fields.prefix'), config.list('add.fields'), 'add.fields');
    this.additionalHeaders = FieldReference.fromConfiguration(config.string('add.headers.prefix'), config.list('add.headers'), 'add.headers');
    const route = config.string('route.by.field');
    this.routeByField = route === '' ? null : route;
    this.dropFieldsHeaderName = config.optionalString('drop.fields.header.name');
    this.dropFieldsFromKey = config.boolean('drop.fields.from.key');
    this.dropFieldsKeepSchemaCompatible = config.boolean('drop.fields.keep.schema.compatible');
    const replaceNull = String(config.boolean('replace.null.with.default'));
    this.afterDelegate.configure({ field: 'after' });
    this.beforeDelegate.configure({ field: 'before' });
    this.removedDelegate.configure({ 'static.field': DELETED_FIELD, 'static.value': 'true', 'replace.null.with.default': replaceNull });
    this.updatedDelegate.configure({ 'static.field': DELETED_FIELD, 'static.value': 'false', 'replace.null.with.default': replaceNull });
  }

  apply<R extends ConnectRecord>(input: R): R | null {
    let record = input;
    const isTombstone = record.value === null || record.value === undefined;
    const isEnvelope = !!record.valueSchema?.name?.endsWith('.Envelope');
    if ((isEnvelope || isTombstone) && this.additionalHeaders.length > 0) {
      record = { ...record, headers: [...record.headers, ...this.makeHeaders(isTombstone ? null : (record.value as Struct))] };
    }
    if (isTombstone) return this.keepTombstones ? record : null;
    if (!isEnvelope) return record;

    let unwrapped: R | null = this.afterDelegate.apply(record);
    if (unwrapped.value === null && this.beforeDelegate.apply(record).value === null) return null; // truncate
    const envelope = record.value as Struct;
    if (unwrapped.value === null) {
      unwrapped = this.handleDelete(record);
      if (unwrapped === null) return null;
      if (this.routeByField !== null) {
        const before = requireStruct(envelope.get('before'), 'Read record to set topic routing for DELETE');
        unwrapped = setTopic(before.get(this.routeByField) as string | null, unwrapped);
      }
      if (this.dropFieldsHeaderName) unwrapped = this.dropFields(unwrapped);
      if (unwrapped.value !== null) unwrapped = this.addFields(envelope, unwrapped);
    } else {
      if ((this.mode === 'rewrite' || this.mode === 'rewrite-with-tombstone') && unwrapped.value instanceof Struct) {
        unwrapped = this.updatedDelegate.apply(unwrapped);
      }
      if (this.routeByField !== null) {
        const value = requireStruct(unwrapped.value, 'Read record to set topic routing for CREATE / UPDATE');
        unwrapped = setTopic(value.get(this.routeByField) as string | null, unwrapped);
      }
      unwrapped = this.addFields(envelope, unwrapped);
      if (this.dropFieldsHeaderName) unwrapped = this.dropFields(unwrapped);
    }
    return unwrapped;
  }

  private handleDelete<R extends ConnectRecord>(record: R): R | null {
    switch (this.mode) {
      case 'drop':
        return null;
      case 'tombstone':
        return this.afterDelegate.apply(record);
      case 'delete-to-tombstone':
        return { ...record, valueSchema: null, value: null };
      case 'rewrite':
      case 'rewrite-with-tombstone': {
        const old = this.beforeDelegate.apply(record);
        return old.value instanceof Struct ? this.removedDelegate.apply(old) : old;
      }
    }
  }

  private makeHeaders(envelope: Struct | null): Header[] {
    const headers: Header[] = [];
    for (const ref of this.additionalHeaders) {
      if (envelope === null) {
        if (ref.field === 'op') headers.push({ key: ref.newField, schema: Schemas.STRING, value: 'd' });
        continue;
      }
      const schema = ref.schemaIn(envelope.schema);
      if (schema) headers.push({ key: ref.newField, schema, value: ref.valueIn(envelope) });
    }
    return headers;
  }

  private addFields<R extends ConnectRecord>(envelope: Struct, unwrapped: R): R {
    const value = requireStruct(unwrapped.value, 'source field insertion');
    const op = String(envelope.get('op'));
    let byOp = this.schemaCache.get(value.schema);
    if (!byOp) this.schemaCache.set(value.schema, (byOp = new Map()));
    let schema = byOp.get(op);
    if (!schema) {
      const builder = copySchemaBasics(value.schema, SchemaBuilder.struct());
      for (const f of value.schema.fields ?? []) builder.field(f.name, f.schema);
      for (const ref of this.additionalFields) {
        const s = ref.schemaIn(envelope.schema);
        if (s) builder.field(ref.newField, s);
      }
      byOp.set(op, (schema = builder.build()));
    }
    const updated = new Struct(schema);
    for (const f of value.schema.fields ?? []) updated.put(f.name, value.getWithoutDefault(f.name));
    for (const ref of this.additionalFields) {
      if (ref.schemaIn(envelope.schema)) updated.put(ref.newField, ref.valueIn(envelope));
    }
    return { ...unwrapped, valueSchema: schema, value: updated };
  }

  private dropFields<R extends ConnectRecord>(record: R): R {
    const header = record.headers.find((h) => h.key === this.dropFieldsHeaderName);
    const names = header?.value;
    if (!Array.isArray(names) || names.length === 0) return record;
    let out = record;
    if (this.dropFieldsFromKey && out.key !== null && out.key !== undefined) {
      const keyDrops = this.fieldsToDrop(out.keySchema, names as string[]);
      if (keyDrops.length > 0) out = excluding(new ReplaceFieldKey(), keyDrops, out);
    }
    const valueDrops = this.fieldsToDrop(out.valueSchema, names as string[]);
    if (valueDrops.length > 0) out = excluding(new ReplaceFieldValue(), valueDrops, out);
    return out;
  }

  private fieldsToDrop(schema: Schema | null, names: string[]): string[] {
    if (!this.dropFieldsKeepSchemaCompatible) return names;
    return (schema?.fields ?? []).filter((f) => f.schema.optional && names.includes(f.name)).map((f) => f.name);
  }

  config(): ConfigDef {
    return EXTRACT_NEW_RECORD_STATE_CONFIG_DEF;
  }

  close(): void {
    this.schemaCache.clear();
  }
}

function excluding<R extends ConnectRecord>(delegate: ReplaceFieldKey | ReplaceFieldValue, names: string[], record: R): R {
  delegate.configure({ exclude: names.join(',') });
  return delegate.apply(record);
}

function setTopic<R extends ConnectRecord>(topic: string | null, record: R): R {
  return topic === null || topic.trim() === '' ? record : { ...record, topic };
}

