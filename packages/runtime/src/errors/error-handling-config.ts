/** The `errors.*` keys of a connector config (Kafka's ConnectorConfig / SinkConnectorConfig). */
export interface ErrorHandlingConfig {
  /** `errors.retry.timeout`: ms to retry a RetriableException; 0 = no retry, -1 = forever. */
  readonly retryTimeoutMs: number;
  /** `errors.retry.delay.max.ms`: cap of the exponential backoff; above it the delay is random (jitter). */
  readonly retryDelayMaxMs: number;
  /** `errors.tolerance`: none fails the task on the first error; all skips bad records. */
  readonly tolerance: 'none' | 'all';
  readonly logEnable: boolean;
  readonly logIncludeMessages: boolean;
  /** `errors.deadletterqueue.topic.name`; '' = no DLQ. Sink connectors only, as in Kafka. */
  readonly dlqTopicName: string;
  readonly dlqReplicationFactor: number;
  readonly dlqContextHeadersEnable: boolean;
}

/** Reads the keys (already validated by the connector ConfigDef; bad values name the key anyway). */
export function errorHandlingConfig(props: Readonly<Record<string, string>>, isSink: boolean): ErrorHandlingConfig {
  const num = (key: string, dflt: number): number => {
    const raw = props[key];
    if (raw === undefined || raw.trim() === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error(`Invalid value ${raw} for configuration ${key}: Not a number of type LONG`);
    return n;
  };
  const bool = (key: string): boolean => (props[key] ?? 'false').trim().toLowerCase() === 'true';
  const tolerance = (props['errors.tolerance'] ?? 'none').trim().toLowerCase();
  if (tolerance !== 'none' && tolerance !== 'all') {
    throw new Error(`Invalid value ${props['errors.tolerance']} for configuration errors.tolerance: String must be one of: none, all`);
  }
  return {
    retryTimeoutMs: num('errors.retry.timeout', 0),
    retryDelayMaxMs: num('errors.retry.delay.max.ms', 60_000),
    tolerance,
    logEnable: bool('errors.log.enable'),
    logIncludeMessages: bool('errors.log.include.messages'),
    dlqTopicName: isSink ? (props['errors.deadletterqueue.topic.name'] ?? '').trim() : '',
    dlqReplicationFactor: num('errors.deadletterqueue.topic.replication.factor', 3),
    dlqContextHeadersEnable: bool('errors.deadletterqueue.context.headers.enable'),
  };
}
