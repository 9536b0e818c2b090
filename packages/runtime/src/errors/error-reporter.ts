import type { ProcessingContext } from './processing-context.js';

/** Records a failed operation somewhere (Kafka's ErrorReporter): the log, a dead letter queue. */
export interface ErrorReporter {
  /** Resolves once the report is durable (the DLQ write acknowledged). */
  report(context: ProcessingContext): Promise<void>;
  close(): Promise<void>;
}
