/**
 * Small sdk-only source connectors for the kit's own tests: one that honours the contract and
 * three that each break one rule, to prove the checks catch it. Not exported from the package.
 */
import {
  ConfigDef, Validators, sourceRecord, type SourceConnector, type SourceConnectorPlugin, type SourceRecord, type SourceTask,
  type SourceTaskContext,
} from '@tsconnect/sdk';

export interface Flaws {
  /** Ignore committed offsets: every start begins at 0 again (duplicates after a restart). */
  readonly ignoreOffsets?: boolean;
  /** A poll that waits 20 s and ignores stop() and the abort signal. */
  readonly stuckPoll?: boolean;
  /** Declare a key without documentation. */
  readonly undocumentedKey?: boolean;
}

function configDef(flaws: Flaws): ConfigDef {
  const def = new ConfigDef()
    .define({ name: 'topic', type: 'STRING', importance: 'HIGH', validator: Validators.nonEmptyString(), documentation: 'Topic to write to.' })
    .define({ name: 'batch.size', type: 'INT', defaultValue: 2, validator: Validators.atLeast(1), documentation: 'Records per poll.' });
  return flaws.undocumentedKey ? def.define({ name: 'mystery', type: 'STRING', defaultValue: '' }) : def;
}

/** Writes "0", "1", … (value = position), 50 ms apart, source offset {position}. */
function taskClass(flaws: Flaws): new () => SourceTask {
  return class CountingTask implements SourceTask {
    private next = 0;
    private topic = '';
    private batch = 2;
    private signal!: AbortSignal;
    version(): string { return '1.0.0'; }
    async start(props: Readonly<Record<string, string>>, context: SourceTaskContext): Promise<void> {
      const c = configDef(flaws).parse(props);
      this.topic = c.string('topic');
      this.batch = c.int('batch.size');
      this.signal = context.signal;
      const stored = flaws.ignoreOffsets ? null : await context.offsetStorageReader.offset({ counter: 'c' });
      this.next = stored ? Number(stored['position']) + 1 : 0;
    }
    async poll(): Promise<SourceRecord[]> {
      if (flaws.stuckPoll && this.next > 0) await new Promise((r) => setTimeout(r, 20_000).unref());
      else await new Promise((r) => setTimeout(r, 50));
      if (this.signal.aborted) return [];
      return Array.from({ length: this.batch }, () => {
        const n = this.next++;
        return sourceRecord({ topic: this.topic, sourcePartition: { counter: 'c' }, sourceOffset: { position: n }, value: String(n) });
      });
    }
    stop(): void {}
  };
}

export function countingSourcePlugin(flaws: Flaws = {}): SourceConnectorPlugin {
  const def = configDef(flaws);
  const cls = taskClass(flaws);
  class CountingConnector implements SourceConnector {
    readonly type = 'source' as const;
    private props: Record<string, string> = {};
    version(): string { return '1.0.0'; }
    config(): ConfigDef { return def; }
    start(props: Readonly<Record<string, string>>): void { this.props = { ...props }; }
    taskConfigs(): Record<string, string>[] { return [{ ...this.props }]; }
    stop(): void {}
    taskClass(): new () => SourceTask { return cls; }
  }
  return { type: 'source', className: 'test.kit.CountingSourceConnector', version: '1.0.0', create: () => new CountingConnector() };
}
