import type { ErrantRecordReporter, SinkRecord, SinkTaskContext, TopicPartitionOffset } from '@tsconnect/sdk';

/** A SinkTaskContext that records what the task asks of the runtime: seeks and reported records. */
export interface FakeContext extends SinkTaskContext {
  readonly seeks: TopicPartitionOffset[];
  readonly reported: { record: SinkRecord; error: Error }[];
}

export function fakeContext(options: { reporter?: boolean } = {}): FakeContext {
  const seeks: TopicPartitionOffset[] = [];
  const reported: { record: SinkRecord; error: Error }[] = [];
  const errantRecordReporter: ErrantRecordReporter = async (record, error) => {
    reported.push({ record, error });
  };
  return {
    seeks, reported,
    configs: {},
    signal: new AbortController().signal,
    offset: (offsets) => { seeks.push(...offsets); },
    assignment: () => [],
    pause: () => undefined,
    resume: () => undefined,
    requestCommit: () => undefined,
    ...(options.reporter === false ? {} : { errantRecordReporter }),
  };
}
