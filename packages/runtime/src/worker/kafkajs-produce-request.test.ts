import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import './kafka-clients.js';
import { encodeProduceV3, originalProduceV3 } from './kafkajs-produce-request.js';

const require = createRequire(import.meta.url);
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: unknown): unknown };
type Args = Parameters<typeof encodeProduceV3>[0];

async function kafkajsBytes(args: Args): Promise<Buffer> {
  const e = (await originalProduceV3()!(args).encode()) as { buffer: Buffer };
  return e.buffer;
}

function bytes(len: number, seed: number): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

describe('fast produce v3 encoding', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it('is installed in place of kafkajs produce v3', () => {
    expect(originalProduceV3()).not.toBeNull();
    expect(require('kafkajs/src/protocol/requests/produce/v3/request.js')).not.toBe(originalProduceV3());
  });

  it('writes the same bytes as kafkajs (idempotent, several topics/partitions, null keys/values, strings)', async () => {
    const messages = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ({
      key: i % 7 === 3 ? null : Buffer.from(`{"id":${i + seed}}`),
      value: i % 11 === 5 ? null : i % 13 === 1 ? `string välue ${i}` : bytes((i * 997) % 5000, i + seed),
      timestamp: String(1_732_000_000_000 + ((i * 37) % 500)),
    }));
    const args: Args = {
      acks: -1, timeout: 30000, producerId: Long.fromValue(4711) as never, producerEpoch: 3,
      topicData: [
        { topic: 'dbserver1.public.t', partitions: [{ partition: 0, firstSequence: 1234, messages: messages(300, 1) }] },
        { topic: 'tøpic-2', partitions: [{ partition: 2, firstSequence: 0, messages: messages(1, 9) }, { partition: 5, messages: messages(40, 2) }] },
      ],
    };
    const ours = encodeProduceV3(args)!;
    const theirs = await kafkajsBytes(args);
    expect(ours.length).toBe(theirs.length);
    expect(ours.equals(theirs)).toBe(true);
  });

  it('matches for transactional requests and messages without timestamps', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_732_000_123_456);
    const args: Args = {
      acks: -1, timeout: 5000, transactionalId: 'connect-cluster-src-0', producerId: Long.fromValue('9007199254740') as never, producerEpoch: 0,
      topicData: [{ topic: 't', partitions: [{ partition: 1, firstSequence: 7, messages: [
        { key: 'k1', value: 'v1' }, { key: null, value: bytes(100, 1), timestamp: 1_732_000_000_000 }, { value: null },
      ] }] }],
    };
    expect(encodeProduceV3(args)!.equals(await kafkajsBytes(args))).toBe(true);
  });

  it('frames the request in front of the body (no copy) with the same bytes as kafkajs', async () => {
    const createRequest = require('kafkajs/src/protocol/request.js') as (a: unknown) => Promise<{ buffer: Buffer }>;
    const produceV3 = require('kafkajs/src/protocol/requests/produce/v3/request.js') as typeof originalProduceV3 extends () => infer F ? NonNullable<F> : never;
    const args: Args = {
      acks: -1, timeout: 30000, producerId: Long.fromValue(12) as never, producerEpoch: 1,
      topicData: [{ topic: 'dbserver1.public.t', partitions: [{ partition: 0, firstSequence: 5, messages: [
        { key: Buffer.from('{"id":1}'), value: bytes(3000, 1), timestamp: '1732000000000' }, { key: null, value: 'v' }] }] }],
    };
    vi.spyOn(Date, 'now').mockReturnValue(1_732_000_123_456);
    const frame = (request: unknown, clientId: string | null) => createRequest({ correlationId: 77, clientId, request: { apiKey: 0, apiVersion: 3, ...(request as object) } });
    for (const clientId of ['tsconnect-worker', null, 'x'.repeat(300)]) {
      const body = (await produceV3(args).encode()) as { buf: Buffer };
      const ours = await frame({ encode: async () => body }, clientId);
      const theirs = await frame({ encode: () => originalProduceV3()!(args).encode() }, clientId);
      expect(ours.buffer.equals(theirs.buffer)).toBe(true);
      // In place: request and body share one allocation, unless the client id does not fit in front.
      expect(ours.buffer.buffer === body.buf.buffer).toBe(clientId !== 'x'.repeat(300));
    }
  });

  it('leaves records with headers to kafkajs', () => {
    const args: Args = { acks: -1, timeout: 1000, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [
      { key: null, value: 'v', headers: { h: 'x' } }] }] }] };
    expect(encodeProduceV3(args)).toBeNull();
  });
});
