let counter = 0;

/** A name no other test run uses (topics, slots, tables) — lowercase, SQL- and Kafka-safe. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${process.pid}_${counter}`.toLowerCase();
}
