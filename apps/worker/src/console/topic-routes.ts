import type { FastifyInstance, FastifyRequest } from 'fastify';
import { connectHeaders, decodeData, decodeHeaders, type DecodedData, type DecodedHeader, type NamedConverter } from './message-decoder.js';
import { formatPositions, parseIntParam, parseReadPosition, startOffsets } from './read-position.js';
import { ThroughputTracker } from './throughput.js';
import type { TopicReader } from './topic-reader.js';

export interface BrowsedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: number;
  readonly key: DecodedData | null;
  readonly value: DecodedData | null;
  readonly headers: readonly DecodedHeader[];
}

/** Key and value converters for a topic: the worker's, or a connector's own when it sets them. */
export type ConvertersFor = (connectorConfig: Readonly<Record<string, string>> | null) => { key: NamedConverter | null; value: NamedConverter | null };

type Req = FastifyRequest<{ Params: { topic: string }; Querystring: Record<string, string | undefined> }>;

const MAX_LIMIT = 500;

/**
 * The two console endpoints that need Kafka itself (everything else is the Connect REST API):
 * a message browser and a topic summary with an end-offset based throughput estimate and,
 * given `group`, the consumer lag (a sink connector's group is `connect-<name>`).
 */
export function registerTopicRoutes(app: FastifyInstance, reader: TopicReader, convertersFor: ConvertersFor, now: () => number = Date.now): void {
  const throughput = new ThroughputTracker();

  app.get('/ui/api/topics/:topic/summary', async (req: Req) => {
    const { topic } = req.params;
    const group = req.query['group'];
    const ranges = await reader.ranges(topic);
    const committed = group ? await reader.committed(group, topic) : null;
    const total = ranges.reduce((s, r) => s + r.high, 0n);
    let lag: bigint | null = committed ? 0n : null;
    const partitions = ranges.map((r) => {
      const c = committed?.get(r.partition);
      // No committed offset yet: everything retained is still to be consumed.
      const l = committed ? r.high - (c ?? r.low) : null;
      if (l !== null && lag !== null) lag += l;
      return {
        partition: r.partition, leader: r.leader, earliest: String(r.low), latest: String(r.high), messages: String(r.high - r.low),
        ...(committed ? { committed: c === undefined ? null : String(c), lag: String(l) } : {}),
      };
    });
    return {
      topic, partitions,
      messages: String(ranges.reduce((s, r) => s + (r.high - r.low), 0n)),
      endOffsetSum: String(total),
      messagesPerSecond: throughput.record(topic, total, now()),
      ...(group ? { group, lag: String(lag) } : {}),
    };
  });

  app.get('/ui/api/topics/:topic/messages', async (req: Req) => {
    const { topic } = req.params;
    const limit = parseIntParam('limit', req.query['limit'], 50, MAX_LIMIT);
    const position = parseReadPosition(req.query['from']);
    const partitionParam = req.query['partition'];
    let ranges = await reader.ranges(topic);
    if (partitionParam !== undefined && partitionParam !== '') {
      const p = Number(partitionParam);
      ranges = ranges.filter((r) => r.partition === p);
      if (!/^\d+$/.test(partitionParam) || ranges.length === 0) {
        throw Object.assign(new Error(`Invalid value ${partitionParam} for parameter partition: topic ${topic} has no such partition`), { statusCode: 400 });
      }
    }
    const rangeMap = new Map(ranges.map((r) => [r.partition, { low: r.low, high: r.high }]));
    const starts = startOffsets(position, rangeMap, limit);
    const ends = new Map(ranges.map((r) => [r.partition, r.high]));
    const raw = await reader.read(topic, starts, ends, limit);
    // Oldest first; `end` keeps the newest `limit`, the others the first `limit`.
    raw.sort((a, b) => a.timestamp - b.timestamp || a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
    const picked = position.kind === 'end' ? raw.slice(-limit) : raw.slice(0, limit);
    const next = new Map(starts);
    for (const m of picked) if (m.offset + 1n > (next.get(m.partition) ?? 0n)) next.set(m.partition, m.offset + 1n);

    const connector = req.query['connector'];
    const config = connector ? await connectorConfig(app, req, connector) : null;
    const { key, value } = convertersFor(config);
    const messages: BrowsedMessage[] = [];
    for (const m of picked) {
      const headers = decodeHeaders(m.headers);
      const ch = connectHeaders(headers);
      messages.push({
        partition: m.partition, offset: String(m.offset), timestamp: m.timestamp,
        key: await decodeData(topic, m.key, key, ch), value: await decodeData(topic, m.value, value, ch), headers,
      });
    }
    return {
      topic, messages, next: formatPositions(next),
      partitions: ranges.map((r) => ({ partition: r.partition, earliest: String(r.low), latest: String(r.high) })),
    };
  });
}

/** The connector's config through the REST API itself (so basic auth and forwarding apply). */
async function connectorConfig(app: FastifyInstance, req: Req, connector: string): Promise<Record<string, string>> {
  const res = await app.inject({
    method: 'GET', url: `/connectors/${encodeURIComponent(connector)}/config`,
    headers: req.headers.authorization ? { authorization: req.headers.authorization } : {},
  });
  if (res.statusCode !== 200) {
    throw Object.assign(new Error(`Invalid value ${connector} for parameter connector: ${(res.json() as { message?: string }).message ?? res.statusMessage}`), { statusCode: 400 });
  }
  return res.json() as Record<string, string>;
}

