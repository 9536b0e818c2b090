import type { Kafka } from 'kafkajs';
import type { OffsetMap } from '@tsconnect/sdk';
import { BadRequestException } from '../herder/errors.js';
import type { Herder } from '../herder/herder.js';
import { offsetKey, offsetValue, parseOffsetKey, type OffsetBackingStore } from '../storage/offset-backing-store.js';

/** One entry of KIP-875's `{"offsets": [...]}`. */
export interface ConnectorOffset {
  readonly partition: Record<string, unknown>;
  readonly offset: Record<string, unknown> | null;
}

export interface ConnectorOffsetsBody {
  readonly offsets: ConnectorOffset[];
}

export const KAFKA_TOPIC_KEY = 'kafka_topic';
export const KAFKA_PARTITION_KEY = 'kafka_partition';
export const KAFKA_OFFSET_KEY = 'kafka_offset';

/** Our connectors have no alterOffsets hook, so Kafka's answer for a connector that did not override it. */
const modified = (kind: 'altered' | 'reset'): { message: string } => ({
  message: `The Connect framework-managed offsets for this connector have been ${kind} successfully. However, if this connector manages offsets externally, they will need to be manually ${kind} in the system that the connector uses.`,
});

/**
 * KIP-875 offsets of a connector (`GET/PATCH/DELETE /connectors/{c}/offsets`). Source offsets live
 * in the offset store (`["<connector>",{partition}]` keys); sink offsets are the committed
 * offsets of consumer group `connect-<connector>`, shown as Kafka does
 * (`{"kafka_topic","kafka_partition"}` → `{"kafka_offset"}`). Changes need the STOPPED state.
 */
export class ConnectorOffsetsService {
  constructor(
    private readonly herder: Herder,
    private readonly offsetStore: OffsetBackingStore,
    private readonly kafka: Kafka,
  ) {}

  async get(connector: string): Promise<ConnectorOffsetsBody> {
    const info = await this.herder.connectorInfo(connector);
    if (info.type === 'sink') {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        const topics = await admin.fetchOffsets({ groupId: groupId(connector) });
        const offsets: ConnectorOffset[] = [];
        for (const t of [...topics].sort((a, b) => a.topic.localeCompare(b.topic))) {
          for (const p of [...t.partitions].sort((a, b) => a.partition - b.partition)) {
            if (Number(p.offset) < 0) continue;
            offsets.push({ partition: { [KAFKA_TOPIC_KEY]: t.topic, [KAFKA_PARTITION_KEY]: p.partition }, offset: { [KAFKA_OFFSET_KEY]: Number(p.offset) } });
          }
        }
        return { offsets };
      } finally {
        await admin.disconnect();
      }
    }
    const offsets: ConnectorOffset[] = [];
    for (const [key, value] of await this.offsetStore.entries()) {
      const parsed = parseOffsetKey(key);
      if (parsed?.connector === connector) offsets.push({ partition: parsed.partition, offset: JSON.parse(value) as Record<string, unknown> });
    }
    offsets.sort((a, b) => JSON.stringify(a.partition).localeCompare(JSON.stringify(b.partition)));
    return { offsets };
  }

  async alter(connector: string, body: unknown): Promise<{ message: string }> {
    const offsets = (body as { offsets?: unknown } | null | undefined)?.offsets;
    if (!Array.isArray(offsets) || offsets.length === 0) throw new BadRequestException('Partitions / offsets need to be provided for an alter offsets request');
    const type = await this.requireStopped(connector);
    if (type === 'sink') await this.alterSink(connector, offsets as ConnectorOffset[]);
    else await this.alterSource(connector, offsets as ConnectorOffset[]);
    return modified('altered');
  }

  async reset(connector: string): Promise<{ message: string }> {
    const type = await this.requireStopped(connector);
    if (type === 'sink') {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await admin.deleteGroups([groupId(connector)]).catch((e: unknown) => {
          // A group that never committed does not exist: nothing to reset.
          const errors = (e as { groups?: { errorCode?: number }[] }).groups;
          if (!errors?.every((g) => g.errorCode === 69)) throw e;
        });
      } finally {
        await admin.disconnect();
      }
    } else {
      const entries = new Map<string, string | null>();
      for (const key of (await this.offsetStore.entries()).keys()) if (parseOffsetKey(key)?.connector === connector) entries.set(key, null);
      if (entries.size > 0) await this.offsetStore.set(entries);
    }
    return modified('reset');
  }

  private async requireStopped(connector: string): Promise<'source' | 'sink'> {
    const info = await this.herder.connectorInfo(connector);
    const status = await this.herder.connectorStatus(connector);
    if (status.connector.state !== 'STOPPED' || info.tasks.length !== 0) {
      throw new BadRequestException(`Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/${connector}/stop' endpoint`);
    }
    if (info.type === 'unknown') throw new BadRequestException(`Connector ${connector} has an unknown type; its offsets cannot be modified`);
    return info.type;
  }

  private async alterSource(connector: string, offsets: readonly ConnectorOffset[]): Promise<void> {
    const entries = new Map<string, string | null>();
    for (const o of offsets) {
      if (!isObject(o?.partition)) throw new BadRequestException('Source partitions may not be null');
      if (o.offset !== null && !isObject(o.offset)) throw new BadRequestException(`Invalid offset ${JSON.stringify(o.offset)} for source partition ${JSON.stringify(o.partition)}: must be an object or null`);
      entries.set(offsetKey(connector, o.partition as OffsetMap), offsetValue(o.offset as OffsetMap | null));
    }
    await this.offsetStore.set(entries);
  }

  private async alterSink(connector: string, offsets: readonly ConnectorOffset[]): Promise<void> {
    const byTopic = new Map<string, { partition: number; offset: number | null }[]>();
    for (const o of offsets) {
      const p = o?.partition;
      if (!isObject(p)) throw new BadRequestException('The partition for a sink connector offset cannot be null or missing');
      if (!(KAFKA_TOPIC_KEY in p) || !(KAFKA_PARTITION_KEY in p)) {
        throw new BadRequestException(`The partition for a sink connector offset must contain the keys '${KAFKA_TOPIC_KEY}' and '${KAFKA_PARTITION_KEY}'`);
      }
      if (p[KAFKA_TOPIC_KEY] === null || p[KAFKA_TOPIC_KEY] === undefined) throw new BadRequestException('Kafka topic names must be valid strings and may not be null');
      if (p[KAFKA_PARTITION_KEY] === null || p[KAFKA_PARTITION_KEY] === undefined) throw new BadRequestException('Kafka partitions must be valid numbers and may not be null');
      const partition = toInt(p[KAFKA_PARTITION_KEY]);
      if (partition === null) throw new BadRequestException(`Failed to parse the following Kafka partition value in the provided offsets: '${String(p[KAFKA_PARTITION_KEY])}'. Partition values for sink connectors need to be integers.`);
      let offset: number | null = null;
      if (o.offset !== null && o.offset !== undefined) {
        if (!isObject(o.offset) || !(KAFKA_OFFSET_KEY in o.offset)) throw new BadRequestException(`The offset for a sink connector should either be null or contain the key '${KAFKA_OFFSET_KEY}'`);
        offset = toInt(o.offset[KAFKA_OFFSET_KEY]);
        if (offset === null) throw new BadRequestException(`Failed to parse the following Kafka offset value in the provided offsets: '${String(o.offset[KAFKA_OFFSET_KEY])}'. Offset values for sink connectors need to be integers.`);
      }
      const topic = String(p[KAFKA_TOPIC_KEY]);
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), { partition, offset }]);
    }
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      for (const [topic, parts] of byTopic) {
        // A null offset removes the committed one in Kafka; kafkajs cannot delete a single
        // partition's offset, so it is set to the log start (what auto.offset.reset=earliest reads).
        const low = parts.some((x) => x.offset === null) ? new Map((await admin.fetchTopicOffsets(topic)).map((t) => [t.partition, t.low])) : new Map<number, string>();
        await admin.setOffsets({ groupId: groupId(connector), topic, partitions: parts.map((x) => ({ partition: x.partition, offset: x.offset === null ? low.get(x.partition) ?? '0' : String(x.offset) })) });
      }
    } finally {
      await admin.disconnect();
    }
  }
}

function groupId(connector: string): string {
  return `connect-${connector}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function toInt(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
}
