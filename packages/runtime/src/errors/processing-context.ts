import type { IHeaders } from 'kafkajs';
import type { SourceRecord } from '@tsconnect/sdk';
import type { Stage } from './stage.js';

/** A message as the sink consumer read it: the raw bytes the DLQ receives. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders | undefined;
}

/** What was being processed when an error happened (Kafka's ProcessingContext). */
export interface ProcessingContext {
  /** The consumed message (sink) or the polled record (source). */
  readonly original: { readonly kind: 'sink'; readonly record: ConsumedRecord } | { readonly kind: 'source'; readonly record: SourceRecord };
  stage: Stage;
  /** Class name of the plugin that ran (converter, transformation, task). */
  executingClass: string;
  error: Error | null;
  attempt: number;
}

export function sinkContext(record: ConsumedRecord): ProcessingContext {
  return { original: { kind: 'sink', record }, stage: 'KAFKA_CONSUME', executingClass: '', error: null, attempt: 0 };
}

export function sourceContext(record: SourceRecord): ProcessingContext {
  return { original: { kind: 'source', record }, stage: 'TASK_POLL', executingClass: '', error: null, attempt: 0 };
}
