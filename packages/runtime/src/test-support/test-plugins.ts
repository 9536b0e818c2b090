/**
 * Tiny plugins written against the sdk only, for the runtime's own tests: a counting source, a
 * collecting sink and a UTF-8 string converter. Not exported from the package.
 */
import {
  ConfigDef, DataException, RetriableException, Validators, sourceRecord,
  type Converter, type Plugin, type SchemaAndValue, type SinkConnector, type SinkRecord, type SinkTask,
  type SourceConnector, type SourceRecord, type SourceTask, type SourceTaskContext, type TopicPartition,
} from '@tsconnect/sdk';

/** What the test plugins observed, per connector name. */
export const observed = {
  committedRecords: new Map<string, { value: string; offset: string | null }[]>(),
  commits: new Map<string, number>(),
  sinkRecords: new Map<string, SinkRecord[]>(),
  opened: new Map<string, TopicPartition[][]>(),
  pollFailures: new Map<string, number>(),
};

function push<T>(m: Map<string, T[]>, k: string, ...v: T[]): void {
  m.set(k, [...(m.get(k) ?? []), ...v]);
}

const SOURCE_DEF = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(), documentation: 'Topic to write to.' })
  .define({ name: 'count.max', type: 'INT', defaultValue: 10, validator: Validators.atLeast(0), documentation: 'Stop after this many records.' })
  .define({ name: 'batch.size', type: 'INT', defaultValue: 3, validator: Validators.atLeast(1), documentation: 'Records per poll.' })
  .define({ name: 'retriable.failures', type: 'INT', defaultValue: 0, documentation: 'Throw RetriableException on the first N polls.' })
  .define({ name: 'fail.at', type: 'INT', defaultValue: -1, documentation: 'Throw a fatal error when reaching this number.' })
  .define({ name: 'secret.password', type: 'PASSWORD', defaultValue: null, documentation: 'Only here to test masking.' });

/** Emits "0", "1", … with source offset {position: n}; resumes after the stored offset. */
class CountingSourceTask implements SourceTask {
  private next = 0;
  private max = 0;
  private batch = 1;
  private name = '';
  private retriable = 0;
  private failAt = -1;
  private topic = '';
  private signal!: AbortSignal;

  version(): string { return '1.0.0'; }

  async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
    const c = SOURCE_DEF.parse(props);
    this.name = props['name']!;
    this.topic = c.string('topic');
    this.max = c.int('count.max');
    this.batch = c.int('batch.size');
    this.retriable = c.int('retriable.failures');
    this.failAt = c.int('fail.at');
    this.signal = context.signal;
    const stored = await context.offsetStorageReader.offset({ source: 'counter' });
    this.next = stored ? Number(stored['position']) + 1 : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    if (this.retriable > 0) {
      this.retriable--;
      observed.pollFailures.set(this.name, (observed.pollFailures.get(this.name) ?? 0) + 1);
      throw new RetriableException('transient failure for the test');
    }
    if (this.next >= this.max) {
      await new Promise((r) => setTimeout(r, 50));
      return [];
    }
    if (this.failAt >= 0 && this.next >= this.failAt) throw new Error(`counting source failed at ${this.next}`);
    const out: SourceRecord[] = [];
    while (out.length < this.batch && this.next < this.max && !this.signal.aborted) {
      const n = this.next++;
      out.push(sourceRecord({
        topic: this.topic, sourcePartition: { source: 'counter' }, sourceOffset: { position: n },
        key: `k${n}`, value: String(n), headers: [{ key: 'n', schema: null, value: String(n) }],
      }));
    }
    return out;
  }

  commitRecord(record: SourceRecord, metadata: { offset: string } | null): void {
    push(observed.committedRecords, this.name, { value: String(record.value), offset: metadata ? metadata.offset : null });
  }

  commit(): void {
    observed.commits.set(this.name, (observed.commits.get(this.name) ?? 0) + 1);
  }

  stop(): void {}
}

class CountingSourceConnector implements SourceConnector {
  readonly type = 'source' as const;
  private props: Record<string, string> = {};
  version(): string { return '1.0.0'; }
  config(): ConfigDef { return SOURCE_DEF; }
  start(props: Readonly<Record<string, string>>): void { this.props = { ...props }; }
  taskConfigs(): Record<string, string>[] { return [{ ...this.props }]; }
  stop(): void {}
  taskClass(): new () => SourceTask { return CountingSourceTask; }
}

const SINK_DEF = new ConfigDef()
  .define({ name: 'fail.on.value', type: 'STRING', defaultValue: '', documentation: 'put() throws when a record has this value.' });

/** Collects every record handed to `put` into `observed.sinkRecords`. */
class CollectingSinkTask implements SinkTask {
  private name = '';
  private failOn = '';
  version(): string { return '1.0.0'; }
  start(props: Readonly<Record<string, string>>): void {
    this.name = props['name']!;
    this.failOn = props['fail.on.value'] ?? '';
  }
  put(records: readonly SinkRecord[]): void {
    if (this.failOn !== '' && records.some((r) => r.value === this.failOn)) throw new Error(`collecting sink refused value ${this.failOn}`);
    push(observed.sinkRecords, this.name, ...records);
  }
  open(partitions: readonly TopicPartition[]): void {
    push(observed.opened, this.name, [...partitions]);
  }
  stop(): void {}
}

class CollectingSinkConnector implements SinkConnector {
  readonly type = 'sink' as const;
  private props: Record<string, string> = {};
  version(): string { return '2.0.0'; }
  config(): ConfigDef { return SINK_DEF; }
  start(props: Readonly<Record<string, string>>): void { this.props = { ...props }; }
  taskConfigs(): Record<string, string>[] { return [{ ...this.props }]; }
  stop(): void {}
  taskClass(): new () => SinkTask { return CollectingSinkTask; }
}

/** Strings as UTF-8 (schema-less); refuses bytes starting with "bad" (DataException). */
class TestStringConverter implements Converter {
  configure(): void {}
  fromConnectData(_topic: string, _schema: unknown, value: unknown): Uint8Array | null {
    return value === null || value === undefined ? null : Buffer.from(String(value), 'utf8');
  }
  toConnectData(_topic: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: null, value: null };
    const text = Buffer.from(value).toString('utf8');
    if (text.startsWith('bad')) throw new DataException(`cannot convert "${text}"`);
    return { schema: null, value: text };
  }
}

export const testPlugins: Plugin[] = [
  { type: 'source', className: 'test.CountingSourceConnector', version: '1.0.0', create: () => new CountingSourceConnector() },
  { type: 'sink', className: 'test.CollectingSinkConnector', version: '2.0.0', create: () => new CollectingSinkConnector() },
  { type: 'converter', className: 'test.StringConverter', aliases: ['org.apache.kafka.connect.storage.StringConverter'], version: '1.0.0',
    create: () => new TestStringConverter() },
];
