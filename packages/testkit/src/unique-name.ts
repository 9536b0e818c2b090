let counter = 0;

/**
 * A topic/table/connector name no other test run uses: lowercase, and only characters Kafka topic
 * names and SQL identifiers both accept, so one name can serve as both.
 */
export function uniqueName(prefix = 'tk'): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${process.pid}_${counter}`.toLowerCase();
}
