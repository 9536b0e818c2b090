import { describe, expect, it } from 'vitest';
import { testEnv } from '@tsconnect/test-support';
import {
  checkConfigValidation, checkSourceLifecycle, checkSourceOffsetsResume, checkSourceStopWhilePolling, resolveOptions,
  type SourceConformanceOptions,
} from './index.js';
import { countingSourcePlugin } from './test-support/fixture-plugins.js';

/** Options for the counting fixture: value n is the JSON text of the string "n". */
const options = (overrides: Partial<SourceConformanceOptions> = {}) => resolveOptions<SourceConformanceOptions>({
  bootstrapServers: () => testEnv('KAFKA_BOOTSTRAP'),
  config: (ctx) => ({ topic: ctx.topic }),
  expectedRecords: (_ctx, count) => Array.from({ length: count }, (_, n) => ({ value: JSON.stringify(String(n)) })),
  stopDeadlineMs: 2_000,
  ...overrides,
});

describe('the conformance checks catch broken connectors', () => {
  it('a well-behaved source passes lifecycle, stop-while-polling and offsets resume', async () => {
    const plugin = countingSourcePlugin();
    await checkSourceLifecycle(plugin, options());
    await checkSourceStopWhilePolling(plugin, options());
    await checkSourceOffsetsResume(plugin, options());
  });

  it('offsets resume: a source that ignores committed offsets is reported (duplicates)', async () => {
    await expect(checkSourceOffsetsResume(countingSourcePlugin({ ignoreOffsets: true }), options()))
      .rejects.toThrow(/after a restart from committed offsets \(duplicates or gaps\?\)/);
  });

  it('stop while polling: a poll that ignores stop() is reported with the deadline', async () => {
    await expect(checkSourceStopWhilePolling(countingSourcePlugin({ stuckPoll: true }), options()))
      .rejects.toThrow('the pending poll() after stop() did not finish within');
  });

  it('config validation: an undocumented key is reported by name', async () => {
    await expect(checkConfigValidation(countingSourcePlugin({ undocumentedKey: true }), options()))
      .rejects.toThrow('config keys without documentation: mystery');
  });
});
