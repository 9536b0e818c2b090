import type { Logger } from 'pino';
import type { ConnectorTaskId } from '../herder/herder-types.js';
import type { ErrorHandlingMetrics } from '../metrics/task-metrics.js';
import type { ErrorHandlingConfig } from './error-handling-config.js';
import type { ErrorReporter } from './error-reporter.js';
import type { ProcessingContext } from './processing-context.js';

/**
 * Logs each failure at ERROR when `errors.log.enable` (Kafka's LogReporter), with the record's
 * coordinates when `errors.log.include.messages` — never its key or value bytes.
 */
export class LogReporter implements ErrorReporter {
  constructor(
    private readonly id: ConnectorTaskId,
    private readonly config: ErrorHandlingConfig,
    private readonly metrics: ErrorHandlingMetrics,
    private readonly log: Logger,
  ) {}

  async report(context: ProcessingContext): Promise<void> {
    if (!this.config.logEnable || !context.error) return;
    this.log.error({ err: context.error }, this.message(context));
    this.metrics.recordErrorLogged();
  }

  message(context: ProcessingContext): string {
    let text = `Error encountered in task ${this.id.connector}-${this.id.task}. Executing stage '${context.stage}' with class '${context.executingClass}'`;
    if (this.config.logIncludeMessages) {
      if (context.original.kind === 'sink') {
        const m = context.original.record;
        text += `, where consumed record is {topic='${m.topic}', partition=${m.partition}, offset=${m.offset}`;
        if (Number(m.timestamp) >= 0) text += `, timestamp=${m.timestamp}, timestampType=CreateTime`;
        text += '}';
      } else {
        const r = context.original.record;
        text += `, where source record is = SourceRecord{sourcePartition=${JSON.stringify(r.sourcePartition)}, sourceOffset=${JSON.stringify(r.sourceOffset)}} ConnectRecord{topic='${r.topic}', kafkaPartition=${r.kafkaPartition ?? null}}`;
      }
    }
    return `${text}.`;
  }

  async close(): Promise<void> {}
}
