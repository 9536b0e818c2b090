import type { SinkRecord, TopicPartitionOffset } from '@tsconnect/sdk';

/** A map key for one topic partition (NUL cannot occur in a topic name). */
export const tpKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** The lowest original offset per partition of `records`. */
export function lowestOffsets(records: readonly SinkRecord[]): TopicPartitionOffset[] {
  const low = new Map<string, TopicPartitionOffset>();
  let last: TopicPartitionOffset | undefined;
  for (const r of records) {
    // Records of one partition come in runs: skip the map for the common case.
    if (last && last.partition === r.originalKafkaPartition && last.topic === r.originalTopic && last.offset <= r.originalKafkaOffset) continue;
    const k = tpKey(r.originalTopic, r.originalKafkaPartition);
    const seen = low.get(k);
    if (!seen || r.originalKafkaOffset < seen.offset) low.set(k, { topic: r.originalTopic, partition: r.originalKafkaPartition, offset: r.originalKafkaOffset });
    last = low.get(k);
  }
  return [...low.values()];
}

/** `a` with `b` merged in, keeping the higher offset per partition. */
export function mergeForward(a: readonly TopicPartitionOffset[], b: readonly TopicPartitionOffset[]): TopicPartitionOffset[] {
  const m = new Map<string, TopicPartitionOffset>();
  for (const o of [...a, ...b]) {
    const k = tpKey(o.topic, o.partition);
    if ((m.get(k)?.offset ?? -1) < o.offset) m.set(k, o);
  }
  return [...m.values()];
}
