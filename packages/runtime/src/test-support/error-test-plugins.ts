/**
 * Plugins (sdk only) for the error-handling, commit and restart tests: a JSON-ish converter that
 * refuses bad JSON, a transformation that throws on `"boom": true`, sinks that report, buffer or
 * request commits, and a source that fails its first starts. Not exported from the package.
 */
import {
  ConfigDef, DataException,
  type Converter, type Plugin, type SchemaAndValue, type SinkConnector, type SinkRecord, type SinkTask, type SinkTaskContext,
  type SourceConnector, type SourceRecord, type SourceTask, type Transformation, type TopicPartitionOffset,
} from '@tsconnect/sdk';

export const seen = {
  put: new Map<string, unknown[]>(),
  taskConfigs: new Map<string, Record<string, string>>(),
  flushed: new Map<string, number>(),
  starts: new Map<string, number>(),
};

/** Schema-less JSON: objects in, UTF-8 JSON out; invalid JSON is a DataException (as JsonConverter). */
class TestJsonConverter implements Converter {
  configure(): void {}
  fromConnectData(_topic: string, _schema: unknown, value: unknown): Uint8Array | null {
    return value === null || value === undefined ? null : Buffer.from(JSON.stringify(value), 'utf8');
  }
  toConnectData(_topic: string, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: null, value: null };
    try {
      return { schema: null, value: JSON.parse(Buffer.from(value).toString('utf8')) as unknown };
    } catch (e) {
      throw new DataException(`Converting byte[] to Kafka Connect data failed due to serialization error: ${(e as Error).message}`);
    }
  }
}

/** Throws when the value has `"boom": true`. */
class BoomTransform implements Transformation {
  configure(): void {}
  config(): ConfigDef { return new ConfigDef(); }
  apply<R extends { value: unknown }>(record: R): R {
    if ((record.value as { boom?: boolean } | null)?.boom) throw new DataException('boom transform refused the record');
    return record;
  }
}

const SINK_DEF = new ConfigDef()
  .define({ name: 'mode', type: 'STRING', defaultValue: 'report', documentation: 'report | buffer | deferred' })
  .define({ name: 'request.commit', type: 'BOOLEAN', defaultValue: true, documentation: 'buffer mode: requestCommit() after flushing' })
  .define({ name: 'db.password', type: 'PASSWORD', defaultValue: null, documentation: 'secret, for masking tests' });

/**
 * `report`: records with `"reject": true` go to the errant record reporter, others are kept.
 * `buffer`: put() buffers; 300 ms later the buffer is "written" and, when configured,
 * requestCommit() is called; preCommit returns only written offsets.
 * `deferred`: a batch is handled during the next put (as a sink writing in the background), and
 * its rejected records are reported as copies, so the runtime must find their originals by
 * coordinates after it consumed the next batch; preCommit returns the handled offsets.
 */
class ReportingSinkTask implements SinkTask {
  private name = '';
  private ctx!: SinkTaskContext;
  private mode = 'report';
  private requestCommit = true;
  private written = new Map<string, TopicPartitionOffset>();
  private pending: readonly SinkRecord[] = [];
  version(): string { return '1.0.0'; }
  start(props: Readonly<Record<string, string>>, context: SinkTaskContext): void {
    this.name = props['name']!;
    this.ctx = context;
    this.mode = props['mode'] ?? 'report';
    this.requestCommit = (props['request.commit'] ?? 'true') === 'true';
    seen.taskConfigs.set(this.name, { ...props });
  }
  async put(records: readonly SinkRecord[]): Promise<void> {
    if (this.mode === 'buffer') {
      const last = records[records.length - 1]!;
      setTimeout(() => {
        seen.put.set(this.name, [...(seen.put.get(this.name) ?? []), ...records.map((r) => r.value)]);
        this.written.set(`${last.topic}-${last.kafkaPartition}`, { topic: last.topic, partition: last.kafkaPartition, offset: last.kafkaOffset + 1 });
        seen.flushed.set(this.name, last.kafkaOffset + 1);
        if (this.requestCommit) this.ctx.requestCommit();
      }, 300);
      return;
    }
    if (this.mode === 'deferred') {
      const previous = this.pending;
      this.pending = records;
      seen.flushed.set(this.name, records[records.length - 1]!.kafkaOffset + 1);
      await this.handle(previous.map((r) => ({ ...r })));
      const last = previous[previous.length - 1];
      if (last) this.written.set(`${last.topic}-${last.kafkaPartition}`, { topic: last.topic, partition: last.kafkaPartition, offset: last.kafkaOffset + 1 });
      return;
    }
    await this.handle(records);
  }
  private async handle(records: readonly SinkRecord[]): Promise<void> {
    for (const r of records) {
      if ((r.value as { reject?: boolean } | null)?.reject) await this.ctx.errantRecordReporter!(r, new Error(`rejected record ${r.kafkaOffset}`));
      else seen.put.set(this.name, [...(seen.put.get(this.name) ?? []), r.value]);
    }
  }
  async preCommit(offsets: readonly TopicPartitionOffset[]): Promise<readonly TopicPartitionOffset[]> {
    return this.mode === 'report' ? offsets : [...this.written.values()];
  }
  stop(): void {}
}

class ReportingSinkConnector implements SinkConnector {
  readonly type = 'sink' as const;
  private props: Record<string, string> = {};
  version(): string { return '1.0.0'; }
  config(): ConfigDef { return SINK_DEF; }
  start(props: Readonly<Record<string, string>>): void { this.props = { ...props }; }
  taskConfigs(): Record<string, string>[] { return [{ ...this.props }]; }
  stop(): void {}
  taskClass(): new () => SinkTask { return ReportingSinkTask; }
}

const FLAKY_DEF = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', documentation: 'topic' })
  .define({ name: 'fail.starts', type: 'INT', defaultValue: 0, documentation: 'fail the first N polls after start, one per start' });

/** Fails its first poll for the first `fail.starts` starts, then emits nothing. */
class FlakySourceTask implements SourceTask {
  private fail = false;
  version(): string { return '1.0.0'; }
  start(props: Readonly<Record<string, string>>): void {
    const n = (seen.starts.get(props['name']!) ?? 0) + 1;
    seen.starts.set(props['name']!, n);
    this.fail = n <= Number(props['fail.starts'] ?? 0);
  }
  async poll(): Promise<SourceRecord[]> {
    if (this.fail) throw new Error('flaky source failed on purpose');
    await new Promise((r) => setTimeout(r, 50));
    return [];
  }
  stop(): void {}
}

class FlakySourceConnector implements SourceConnector {
  readonly type = 'source' as const;
  private props: Record<string, string> = {};
  version(): string { return '1.0.0'; }
  config(): ConfigDef { return FLAKY_DEF; }
  start(props: Readonly<Record<string, string>>): void { this.props = { ...props }; }
  taskConfigs(): Record<string, string>[] { return [{ ...this.props }]; }
  stop(): void {}
  taskClass(): new () => SourceTask { return FlakySourceTask; }
}

export const errorTestPlugins: Plugin[] = [
  { type: 'converter', className: 'test.JsonConverter', version: '1.0.0', create: () => new TestJsonConverter() },
  { type: 'transformation', className: 'test.BoomTransform', version: '1.0.0', create: () => new BoomTransform() as unknown as Transformation },
  { type: 'sink', className: 'test.ReportingSinkConnector', version: '1.0.0', create: () => new ReportingSinkConnector() },
  { type: 'source', className: 'test.FlakySourceConnector', version: '1.0.0', create: () => new FlakySourceConnector() },
];

