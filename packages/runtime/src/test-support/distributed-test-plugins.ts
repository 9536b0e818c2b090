/**
 * A source with many tasks for the distributed-mode tests (sdk only): task i emits "i:0",
 * "i:1", … (key "t<i>", source partition {task: i}, offset {position: n}) and resumes after the
 * stored offset, so a gap in a task's numbers in the topic means a lost record. With
 * `events.file` set, every start/stop is appended there as a JSON line (pid, task, time).
 */
import { appendFileSync } from 'node:fs';
import { ConfigDef, sourceRecord, type Plugin, type SourceConnector, type SourceRecord, type SourceTask, type SourceTaskContext } from '@tsconnect/sdk';

const DEF = new ConfigDef()
  .define({ name: 'topic', type: 'STRING', importance: 'HIGH', documentation: 'Topic to write to.' })
  .define({ name: 'poll.interval.ms', type: 'INT', defaultValue: 20, documentation: 'Pause between records.' })
  .define({ name: 'events.file', type: 'STRING', defaultValue: '', documentation: 'Where start/stop events go.' });

function event(file: string, what: string, task: string): void {
  if (file) appendFileSync(file, JSON.stringify({ event: what, task, pid: process.pid, t: Date.now() }) + '\n');
}

class MultiCountingSourceTask implements SourceTask {
  private index = 0;
  private next = 0;
  private topic = '';
  private interval = 20;
  private file = '';
  private id = '';
  version(): string { return '1.0.0'; }

  async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
    const c = DEF.parse(props);
    this.index = Number(props['task.index']);
    this.topic = c.string('topic');
    this.interval = c.int('poll.interval.ms');
    this.file = c.string('events.file');
    this.id = `${props['name']}-${this.index}`;
    const stored = await context.offsetStorageReader.offset({ task: this.index });
    this.next = stored ? Number(stored['position']) + 1 : 0;
    event(this.file, 'start', this.id);
  }

  async poll(): Promise<SourceRecord[]> {
    await new Promise((r) => setTimeout(r, this.interval));
    const n = this.next++;
    return [sourceRecord({ topic: this.topic, sourcePartition: { task: this.index }, sourceOffset: { position: n }, key: `t${this.index}`, value: `${this.index}:${n}` })];
  }

  stop(): void {
    event(this.file, 'stop', this.id);
  }
}

class MultiCountingSourceConnector implements SourceConnector {
  readonly type = 'source' as const;
  private props: Record<string, string> = {};
  version(): string { return '1.0.0'; }
  config(): ConfigDef { return DEF; }
  start(props: Readonly<Record<string, string>>): void { this.props = { ...props }; }
  taskConfigs(maxTasks: number): Record<string, string>[] {
    return Array.from({ length: maxTasks }, (_, i) => ({ ...this.props, 'task.index': String(i) }));
  }
  stop(): void {}
  taskClass(): new () => SourceTask { return MultiCountingSourceTask; }
}

export const distributedTestPlugins: Plugin[] = [
  { type: 'source', className: 'test.MultiCountingSourceConnector', version: '1.0.0', create: () => new MultiCountingSourceConnector() },
];
