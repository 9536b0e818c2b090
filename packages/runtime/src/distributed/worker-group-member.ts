import { AssignerProtocol, type Consumer, type Kafka, type PartitionAssigner } from 'kafkajs';
import type { Logger } from 'pino';

/** The assigner's protocol name; every tsconnect worker of a group must use the same. */
export const PROTOCOL_NAME = 'tsconnect-v1';

export interface GroupMemberOptions {
  readonly groupId: string;
  /** The group subscribes to this topic (the config topic) but nobody is assigned a partition. */
  readonly topic: string;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly workerId: string;
  readonly url: string;
  readonly log: Logger;
}

/** A completed join, once its generation is known. */
export interface JoinedGeneration {
  readonly generation: number;
  readonly isLeader: boolean;
  /** Live members (worker id → REST URL); only known to the leader, empty on followers. */
  readonly members: ReadonlyMap<string, string>;
}

export interface GroupMemberListener {
  /** The previous generation is over (rebalance, crash, stop): its assignment must not start more work. */
  onRevoked(): void;
  onJoined(joined: JoinedGeneration): void;
}

/**
 * Membership in the workers' group through a kafkajs consumer (Kafka's WorkerGroupMember).
 * kafkajs keeps only topic→partitions of an assignment, so the group is used for membership,
 * leader election and the generation number only; the leader publishes the real assignment
 * in the config topic. Each member's `protocol()` metadata carries its worker id and REST URL
 * (as userData of a regular consumer subscription, so the broker sees a well-formed one).
 * kafkajs reports no generation on join: it is taken from the first heartbeat after the join.
 */
export class WorkerGroupMember {
  private consumer: Consumer | null = null;
  private lastMembers = new Map<string, string>();
  private pendingJoin: { isLeader: boolean; members: Map<string, string> } | null = null;
  private stopped = false;

  constructor(private readonly kafka: Kafka, private readonly o: GroupMemberOptions, private readonly listener: GroupMemberListener) {}

  async start(): Promise<void> {
    const assigner: PartitionAssigner = () => ({
      name: PROTOCOL_NAME,
      version: 1,
      protocol: ({ topics }) => ({
        name: PROTOCOL_NAME,
        metadata: AssignerProtocol.MemberMetadata.encode({
          version: 1, topics,
          userData: Buffer.from(JSON.stringify({ version: 1, workerId: this.o.workerId, url: this.o.url })),
        }),
      }),
      assign: async ({ members }) => {
        const found = new Map<string, string>();
        for (const m of members) {
          const meta = AssignerProtocol.MemberMetadata.decode(m.memberMetadata);
          const info = meta?.userData && meta.userData.length > 0 ? (JSON.parse(meta.userData.toString('utf8')) as { workerId: string; url: string }) : null;
          if (info) found.set(info.workerId, info.url);
        }
        this.lastMembers = found;
        return members.map((m) => ({
          memberId: m.memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: {}, userData: Buffer.alloc(0) }),
        }));
      },
    });
    const consumer = this.kafka.consumer({
      groupId: this.o.groupId,
      partitionAssigners: [assigner],
      sessionTimeout: this.o.sessionTimeoutMs,
      heartbeatInterval: this.o.heartbeatIntervalMs,
      rebalanceTimeout: this.o.rebalanceTimeoutMs,
      maxWaitTimeInMs: Math.min(250, this.o.heartbeatIntervalMs),
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const { GROUP_JOIN, HEARTBEAT, REBALANCING, CRASH, STOP } = consumer.events;
    consumer.on(REBALANCING, () => this.revoke('rebalancing'));
    consumer.on(CRASH, (e) => {
      this.o.log.warn({ err: (e.payload as { error: Error }).error }, 'Group membership consumer crashed; kafkajs restarts it');
      this.revoke('crash');
    });
    consumer.on(STOP, () => this.revoke('stop'));
    consumer.on(GROUP_JOIN, (e) => {
      // A join always ends the previous generation (also the UNKNOWN_MEMBER_ID path, which has no REBALANCING event).
      this.revoke('join');
      const isLeader = e.payload.isLeader;
      this.pendingJoin = { isLeader, members: isLeader ? this.lastMembers : new Map() };
    });
    consumer.on(HEARTBEAT, (e) => {
      const join = this.pendingJoin;
      if (!join || this.stopped) return;
      this.pendingJoin = null;
      const generation = (e.payload as { groupGenerationId: number }).groupGenerationId;
      this.o.log.info({ generation, isLeader: join.isLeader, members: [...join.members.keys()] }, 'Joined group');
      this.listener.onJoined({ generation, isLeader: join.isLeader, members: join.members });
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.o.topic] });
    await consumer.run({ autoCommit: false, eachMessage: async () => {} });
  }

  private revoke(why: string): void {
    this.pendingJoin = null;
    this.o.log.debug({ why }, 'Group generation ended');
    this.listener.onRevoked();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.disconnect().catch((e: unknown) => this.o.log.warn({ err: e }, 'Error leaving the group'));
    this.consumer = null;
  }
}
