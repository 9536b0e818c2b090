import type { Admin, IHeaders, Kafka } from 'kafkajs';
import { NotFoundException } from '@tsconnect/runtime';

/** One record as read from a partition (bytes untouched). */
export interface RawMessage {
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

export interface PartitionRange {
  readonly partition: number;
  readonly leader: number;
  readonly low: bigint;
  readonly high: bigint;
}

// The slices of kafkajs's internal Cluster/Broker we use (kafkajs 2.2.4, pinned).
interface FetchedMessage {
  offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers?: IHeaders; isControlRecord?: boolean;
}
interface FetchResponse {
  responses: { topicName: string; partitions: { partition: number; errorCode: number; messages: FetchedMessage[] }[] }[];
}
interface InternalBroker {
  fetch(req: {
    isolationLevel: number; maxWaitTime: number; minBytes: number; maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<FetchResponse>;
}
interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(b: { nodeId: string }): Promise<InternalBroker>;
}

const READ_COMMITTED = 1;
const PARTITION_FETCH_BYTES = 1024 * 1024;

/**
 * Reads any topic from given offsets without joining a consumer group. kafkajs only offers group
 * consumers: a throwaway group per request costs a join (and `group.initial.rebalance.delay.ms`,
 * 3 s by default) and leaves groups behind, which is too slow for a browser polling every 2 s.
 * So we send Fetch requests to the partition leaders through kafkajs's own cluster client, as its
 * consumer does internally.
 */
export class TopicReader {
  private admin: Promise<Admin> | null = null;
  private cluster: Promise<InternalCluster> | null = null;

  constructor(private readonly kafka: Kafka) {}

  private adminClient(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })().catch((e: unknown) => { this.admin = null; throw e; });
    return this.admin;
  }

  private clusterClient(): Promise<InternalCluster> {
    this.cluster ??= (async () => {
      const sym = Object.getOwnPropertySymbols(this.kafka).find((s) => s.description === 'private:Kafka:createCluster');
      const create = sym ? (this.kafka as unknown as Record<symbol, unknown>)[sym] : undefined;
      if (typeof create !== 'function') throw new Error('This kafkajs version has no internal cluster factory: the message browser needs kafkajs 2.2.x');
      const cluster = (create as (o: object) => InternalCluster)({ metadataMaxAge: 60_000, allowAutoTopicCreation: false });
      await cluster.connect();
      return cluster;
    })().catch((e: unknown) => { this.cluster = null; throw e; });
    return this.cluster;
  }

  /** Partitions with leader and [low, high) offsets; 404 when the topic does not exist. */
  async ranges(topic: string): Promise<PartitionRange[]> {
    const admin = await this.adminClient();
    const topics = new Set(await admin.listTopics());
    if (!topics.has(topic)) throw new NotFoundException(`Topic ${topic} not found`);
    const [meta, offsets] = await Promise.all([admin.fetchTopicMetadata({ topics: [topic] }), admin.fetchTopicOffsets(topic)]);
    const leaders = new Map(meta.topics[0]?.partitions.map((p) => [p.partitionId, p.leader]) ?? []);
    return offsets
      .map((o) => ({ partition: o.partition, leader: leaders.get(o.partition) ?? -1, low: BigInt(o.low), high: BigInt(o.high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  /** Committed offsets of a consumer group on the topic (partition → offset; absent: none). */
  async committed(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const admin = await this.adminClient();
    const res = await admin.fetchOffsets({ groupId, topics: [topic] });
    const out = new Map<number, bigint>();
    for (const p of res[0]?.partitions ?? []) if (p.offset !== '-1') out.set(p.partition, BigInt(p.offset));
    return out;
  }

  /**
   * Up to `limit` records per partition from the start offsets, stopping at `ends` (the
   * high-water marks seen by the caller), so a request never waits for new data.
   */
  async read(topic: string, starts: ReadonlyMap<number, bigint>, ends: ReadonlyMap<number, bigint>, limit: number): Promise<RawMessage[]> {
    const cluster = await this.clusterClient();
    await cluster.addTargetTopic(topic);
    const out: RawMessage[] = [];
    const next = new Map([...starts].filter(([p, o]) => o < (ends.get(p) ?? 0n)));
    const counts = new Map<number, number>();
    // Each round fetches every unfinished partition once; a round returns at least one batch each.
    for (let round = 0; next.size > 0 && round < 50; round++) {
      const byLeader = cluster.findLeaderForPartitions(topic, [...next.keys()]);
      await Promise.all(Object.entries(byLeader).map(async ([nodeId, partitions]) => {
        const broker = await cluster.findBroker({ nodeId });
        const res = await broker.fetch({
          isolationLevel: READ_COMMITTED, maxWaitTime: 100, minBytes: 1, maxBytes: 10 * PARTITION_FETCH_BYTES,
          topics: [{ topic, partitions: partitions.map((p) => ({ partition: p, fetchOffset: String(next.get(p)!), maxBytes: PARTITION_FETCH_BYTES })) }],
        });
        for (const pr of res.responses.flatMap((r) => r.partitions)) {
          const from = next.get(pr.partition);
          const end = ends.get(pr.partition) ?? 0n;
          if (from === undefined) continue;
          let pos = from;
          let n = counts.get(pr.partition) ?? 0;
          for (const m of pr.messages) {
            const offset = BigInt(m.offset);
            // A fetch returns whole batches: skip what precedes the start, stop at the end mark.
            if (offset < from || offset >= end || m.isControlRecord) continue;
            if (n >= limit) break;
            out.push({ partition: pr.partition, offset, timestamp: Number(m.timestamp), key: m.key, value: m.value, headers: m.headers ?? {} });
            n++;
            pos = offset + 1n;
          }
          counts.set(pr.partition, n);
          const last = pr.messages.at(-1);
          // Control records and compacted gaps still advance the position.
          if (last && BigInt(last.offset) + 1n > pos) pos = BigInt(last.offset) + 1n;
          if (n >= limit || pos >= end || pr.messages.length === 0) next.delete(pr.partition);
          else next.set(pr.partition, pos);
        }
      }));
    }
    return out;
  }

  async close(): Promise<void> {
    const admin = this.admin;
    const cluster = this.cluster;
    this.admin = null;
    this.cluster = null;
    await (await admin?.catch(() => null))?.disconnect().catch(() => undefined);
    await (await cluster?.catch(() => null))?.disconnect().catch(() => undefined);
  }
}
