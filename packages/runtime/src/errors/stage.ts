/** Where in the pipeline an error happened (Kafka's errors.Stage); the DLQ `__connect.errors.stage` header. */
export const STAGES = [
  'TASK_POLL', 'TASK_PUT', 'TRANSFORMATION', 'KEY_CONVERTER', 'VALUE_CONVERTER', 'HEADER_CONVERTER', 'KAFKA_PRODUCE', 'KAFKA_CONSUME',
] as const;
export type Stage = (typeof STAGES)[number];
