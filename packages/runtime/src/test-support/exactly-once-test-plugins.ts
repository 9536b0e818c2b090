/**
 * A source for the exactly-once tests (sdk only): task t emits "t:<seq>" for seq 0…count.max-1
 * with source partition {task: t} and offset {seq}, resuming after the committed offset. Keys
 * spread records over the topic's partitions. `boundary.every` > 0 (transaction.boundary=connector)
 * commits after every n-th record, and `abort.every` > 0 aborts the transaction holding every
 * n-th record instead (its records must never become visible; the task moves past them, as Kafka).
 */
import {
  ConfigDef, Validators, sourceRecord,
  type Plugin, type SourceConnector, type SourceRecord, type SourceTask, type SourceTaskContext,
} from '@tsconnect/sdk';

const DEF = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(), documentation: 'Topic to write to.' })
  .define({ name: 'tasks.max', type: 'INT', defaultValue: 1, documentation: 'Tasks.' })
  .define({ name: 'count.max', type: 'INT', defaultValue: 1000, documentation: 'Records per task.' })
  .define({ name: 'batch.size', type: 'INT', defaultValue: 20, documentation: 'Records per poll.' })
  .define({ name: 'poll.delay.ms', type: 'INT', defaultValue: 0, documentation: 'Sleep before each poll.' })
  .define({ name: 'boundary.every', type: 'INT', defaultValue: 0, documentation: 'Connector boundary: commit after every n-th record.' })
  .define({ name: 'abort.every', type: 'INT', defaultValue: 0, documentation: 'Connector boundary: abort the transaction of every n-th record.' })
  .define({ name: 'task.id', type: 'INT', defaultValue: 0, documentation: 'Set by the connector.' });

class SequenceSourceTask implements SourceTask {
  private next = 0;
  private c!: ReturnType<typeof DEF.parse>;
  private context!: SourceTaskContext;
  private task = 0;

  version(): string { return '1.0.0'; }

  async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
    this.c = DEF.parse(props);
    this.context = context;
    this.task = this.c.int('task.id');
    const stored = await context.offsetStorageReader.offset({ task: this.task });
    this.next = stored ? Number(stored['seq']) + 1 : 0;
  }

  async poll(): Promise<SourceRecord[] | null> {
    const delay = this.c.int('poll.delay.ms');
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const max = this.c.int('count.max');
    if (this.next >= max) {
      await new Promise((r) => setTimeout(r, 50));
      return [];
    }
    const every = this.c.int('boundary.every');
    const abortEvery = this.c.int('abort.every');
    const out: SourceRecord[] = [];
    while (out.length < this.c.int('batch.size') && this.next < max) {
      const n = this.next++;
      const r = sourceRecord({
        topic: this.c.string('topic'), sourcePartition: { task: this.task }, sourceOffset: { seq: n },
        key: `${this.task}-${n}`, value: `${this.task}:${n}`,
      });
      out.push(r);
      const tc = this.context.transactionContext;
      if (tc && abortEvery > 0 && n % abortEvery === abortEvery - 1) tc.abortTransaction(r);
      else if (tc && every > 0 && n % every === every - 1) tc.commitTransaction(r);
    }
    return out;
  }

  stop(): void {}
}

class SequenceSourceConnector implements SourceConnector {
  readonly type = 'source' as const;
  private props: Record<string, string> = {};
  version(): string { return '1.0.0'; }
  config(): ConfigDef { return DEF; }
  start(props: Readonly<Record<string, string>>): void { this.props = { ...props }; }
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, t) => ({ ...this.props, 'task.id': String(t) }));
  }
  stop(): void {}
  taskClass(): new () => SourceTask { return SequenceSourceTask; }
}

export const exactlyOnceTestPlugins: Plugin[] = [
  { type: 'source', className: 'test.SequenceSourceConnector', version: '1.0.0', create: () => new SequenceSourceConnector() },
];
