import { createRequire } from 'node:module';
import { crc32c } from './crc32c.js';
import { FRAME_HEADROOM, withFrameHeadroom } from './kafkajs-encoder.js';
import { RequestBufferPool } from './request-buffer-pool.js';

/**
 * A one-buffer encoder for kafkajs's Produce request (v3, which v4–v7 reuse), byte-identical to
 * kafkajs's. kafkajs builds every record in its own growable Encoder and copies it through the
 * batch body, batch, partition, topic and request encoders (six copies of each value plus the
 * reallocations while they grow): the largest CPU and GC cost of a busy source task. Here sizes
 * are computed first and each record is written once into a buffer of the exact size.
 * Compressed batches and records with headers keep kafkajs's encoder.
 */
const require = createRequire(import.meta.url);

interface LongLike { getHighBits(): number; getLowBits(): number }
const Long = require('kafkajs/src/utils/long.js') as { fromInt(v: number): LongLike; fromValue(v: unknown): LongLike };
const Encoder = require('kafkajs/src/protocol/encoder.js') as new (size?: number) => { buf: Buffer; offset: number };
const { Types } = require('kafkajs/src/protocol/message/compression/index.js') as { Types: { None: number } };
interface ProtocolRequest { request: unknown }
const Connection = require('kafkajs/src/network/connection.js') as { prototype: { send(p: ProtocolRequest): Promise<unknown> } };

type Bytes = Buffer | string | null | undefined;
interface ProduceMessage { key?: Bytes; value?: Bytes; timestamp?: string | number | null; headers?: Record<string, unknown> }
interface PartitionData { partition: number; firstSequence?: number; messages: ProduceMessage[] }
interface TopicData { topic: string; partitions: PartitionData[] }
interface ProduceArgs {
  acks: number; timeout: number; transactionalId?: string | null; producerId?: LongLike; producerEpoch?: number;
  compression?: number; topicData: TopicData[];
}
interface ProduceRequest { encode(): Promise<unknown> }
type ProduceRequestFactory = (args: ProduceArgs) => ProduceRequest;

const TRANSACTIONAL_MASK = 16;
const MAGIC_BYTE = 2;
/** attributes … firstSequence (the CRC covers from attributes on) + the record count. */
const BATCH_HEADER_AFTER_CRC = 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4;

const zigzag = (v: number): number => ((v << 1) ^ (v >> 31)) >>> 0;
function uvarintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}
const smallInt = (v: number): boolean => Number.isInteger(v) && v >= -0x40000000 && v < 0x40000000;
const bytesLength = (b: Bytes): number => (b == null ? -1 : typeof b === 'string' ? Buffer.byteLength(b, 'utf8') : b.length);
const fieldSize = (len: number): number => (len < 0 ? 1 : uvarintSize(zigzag(len)) + len);

interface PartitionPlan {
  readonly data: PartitionData;
  readonly firstTimestamp: unknown;
  readonly maxTimestamp: unknown;
  readonly deltas: number[];
  readonly keyLens: number[];
  readonly valueLens: number[];
  readonly bodySizes: number[];
  /** Bytes from partitionLeaderEpoch to the end (the batch's Length field). */
  readonly batchLength: number;
}

/** Sizes of one partition's batch; null when kafkajs's encoder must be used (headers, odd values). */
function planPartition(data: PartitionData, dateNow: number): PartitionPlan | null {
  const messages = data.messages;
  if (messages.length === 0) return null;
  // kafkajs: timestamps.filter(t => t != null).sort() (string order), first and last.
  let first: unknown = undefined;
  let max: unknown = undefined;
  for (const m of messages) {
    const t = m.timestamp;
    if (t == null) continue;
    if (first === undefined || String(t) < String(first)) first = t;
    if (max === undefined || String(t) >= String(max)) max = t;
  }
  if (first === undefined) first = max = dateNow;
  const deltas: number[] = new Array(messages.length);
  const keyLens: number[] = new Array(messages.length);
  const valueLens: number[] = new Array(messages.length);
  const bodySizes: number[] = new Array(messages.length);
  let recordsBytes = 0;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.headers && Object.keys(m.headers).length > 0) return null;
    const { key, value } = m;
    if ((key != null && typeof key !== 'string' && !Buffer.isBuffer(key)) || (value != null && typeof value !== 'string' && !Buffer.isBuffer(value))) return null;
    const delta = Number(m.timestamp || dateNow) - Number(first);
    if (!smallInt(delta)) return null;
    const kl = bytesLength(key);
    const vl = bytesLength(value);
    // attributes, timestampDelta, offsetDelta, key, value, header count (0).
    const body = 1 + uvarintSize(zigzag(delta)) + uvarintSize(zigzag(i)) + fieldSize(kl) + fieldSize(vl) + 1;
    deltas[i] = delta;
    keyLens[i] = kl;
    valueLens[i] = vl;
    bodySizes[i] = body;
    recordsBytes += uvarintSize(zigzag(body)) + body;
  }
  const batchLength = 4 + 1 + 4 + BATCH_HEADER_AFTER_CRC + recordsBytes;
  return { data, firstTimestamp: first, maxTimestamp: max, deltas, keyLens, valueLens, bodySizes, batchLength };
}

class Writer {
  constructor(readonly buf: Buffer, public offset = 0) {}
  int8(v: number): void { this.buf.writeInt8(v, this.offset); this.offset += 1; }
  int16(v: number): void { this.buf.writeInt16BE(v, this.offset); this.offset += 2; }
  int32(v: number): void { this.buf.writeInt32BE(v, this.offset); this.offset += 4; }
  int64(v: unknown): void {
    const l = Long.fromValue(v);
    this.buf.writeInt32BE(l.getHighBits(), this.offset);
    this.buf.writeInt32BE(l.getLowBits(), this.offset + 4);
    this.offset += 8;
  }
  uvarint(v: number): void {
    const buf = this.buf;
    while ((v & 0xffffff80) !== 0) {
      buf[this.offset++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.offset++] = v & 0x7f;
  }
  string(s: string | null): void {
    if (s == null) { this.int16(-1); return; }
    const len = Buffer.byteLength(s, 'utf8');
    this.int16(len);
    this.buf.write(s, this.offset, len, 'utf8');
    this.offset += len;
  }
  varBytes(b: Bytes, len: number): void {
    this.uvarint(zigzag(len));
    if (len <= 0) return;
    if (typeof b === 'string') this.buf.write(b, this.offset, len, 'utf8');
    else b!.copy(this.buf, this.offset);
    this.offset += len;
  }
}

/**
 * The request body as kafkajs's v3 `encode()` would produce it, or null to let kafkajs encode it.
 * `headroom` bytes are left free in front of it (in the same allocation) for the request framing.
 */
export function encodeProduceV3(args: ProduceArgs, dateNow = Date.now(), headroom = 0, alloc: (size: number) => Buffer = Buffer.allocUnsafe): Buffer | null {
  const { acks, timeout, transactionalId = null, producerId = Long.fromInt(-1), producerEpoch = 0, topicData } = args;
  const plans: PartitionPlan[][] = [];
  let total = (transactionalId == null ? 2 : 2 + Buffer.byteLength(transactionalId, 'utf8')) + 2 + 4 + 4;
  for (const t of topicData) {
    const parts: PartitionPlan[] = [];
    total += 2 + Buffer.byteLength(t.topic, 'utf8') + 4;
    for (const p of t.partitions) {
      const plan = planPartition(p, dateNow);
      if (!plan) return null;
      parts.push(plan);
      // partition, record set size, firstOffset, batch length, batch.
      total += 4 + 4 + 8 + 4 + plan.batchLength;
    }
    plans.push(parts);
  }
  const w = new Writer(alloc(headroom + total), headroom);
  w.string(transactionalId);
  w.int16(acks);
  w.int32(timeout);
  w.int32(topicData.length);
  for (let ti = 0; ti < topicData.length; ti++) {
    w.string(topicData[ti]!.topic);
    w.int32(plans[ti]!.length);
    for (const plan of plans[ti]!) {
      const { data } = plan;
      w.int32(data.partition);
      w.int32(8 + 4 + plan.batchLength);
      w.int64(0); // firstOffset
      w.int32(plan.batchLength);
      w.int32(0); // partitionLeaderEpoch
      w.int8(MAGIC_BYTE);
      const crcAt = w.offset;
      w.offset += 4;
      const bodyStart = w.offset;
      w.int16(transactionalId ? TRANSACTIONAL_MASK : 0); // attributes: no compression
      w.int32(data.messages.length - 1); // lastOffsetDelta
      w.int64(plan.firstTimestamp);
      w.int64(plan.maxTimestamp);
      w.int64(producerId);
      w.int16(producerEpoch);
      w.int32(data.firstSequence ?? 0);
      w.int32(data.messages.length);
      for (let i = 0; i < data.messages.length; i++) {
        const m = data.messages[i]!;
        w.uvarint(zigzag(plan.bodySizes[i]!));
        w.int8(0);
        w.uvarint(zigzag(plan.deltas[i]!));
        w.uvarint(zigzag(i));
        w.varBytes(m.key, plan.keyLens[i]!);
        w.varBytes(m.value, plan.valueLens[i]!);
        w.uvarint(0); // no headers
      }
      w.buf.writeUInt32BE(crc32c(w.buf.subarray(bodyStart, w.offset)), crcAt);
    }
  }
  if (w.offset !== headroom + total) throw new Error(`Produce request encoding wrote ${w.offset - headroom} bytes, planned ${total}`);
  return headroom === 0 ? w.buf : w.buf.subarray(headroom);
}

/** Wraps kafkajs's v3 request factory: same request object, our `encode` when it applies. */
export function fastProduceV3(original: ProduceRequestFactory): ProduceRequestFactory {
  return (args) => {
    const request = original(args);
    if ((args.compression ?? Types.None) !== Types.None) return request;
    const slow = request.encode.bind(request);
    request.encode = async () => {
      let lease: Buffer | null = null;
      const buf = encodeProduceV3(args, Date.now(), FRAME_HEADROOM, (size) => (lease = produceBuffers.take(size)));
      if (!buf) return slow();
      (request as Leased).tsconnectLease = lease;
      // kafkajs's request framing takes an Encoder (`.buf`, `.offset`); the headroom lets it
      // write its header and size in front of the body instead of copying the body twice.
      const e = new Encoder(0);
      e.buf = buf;
      e.offset = buf.length;
      return withFrameHeadroom(e, buf);
    };
    return request;
  };
}

/** A produce request's buffer, handed back to the pool once its response arrived. */
interface Leased { tsconnectLease?: Buffer | null }

/** Shared by the worker's producers: each has one request in flight, so a few buffers suffice. */
export const produceBuffers = new RequestBufferPool(4);

/** Hands a produce request's buffer back after its response (kafkajs's Connection#send resolved). */
function installBufferRelease(): void {
  const proto = Connection.prototype as typeof Connection.prototype & { tsconnectRelease?: boolean };
  if (proto.tsconnectRelease) return;
  const send = proto.send;
  proto.send = async function (this: unknown, p: ProtocolRequest) {
    const result = await send.call(this, p);
    const r = p.request as Leased;
    if (r.tsconnectLease) {
      produceBuffers.give(r.tsconnectLease);
      r.tsconnectLease = null;
    }
    return result;
  };
  proto.tsconnectRelease = true;
}

const PRODUCE_V3 = 'kafkajs/src/protocol/requests/produce/v3/request.js';
let kafkajsProduceV3: ProduceRequestFactory | null = null;

/** kafkajs's own v3 request factory (once installed; for tests comparing bytes). */
export function originalProduceV3(): ProduceRequestFactory | null {
  return kafkajsProduceV3;
}

/**
 * Puts the fast encoder in place of kafkajs's produce v3 request module in Node's require cache
 * (kafkajs requires it lazily, when a broker's API versions are known). Returns false if a
 * produce request module was already loaded with the original.
 */
export function installKafkajsFastProduce(): boolean {
  installBufferRelease();
  const path = require.resolve(PRODUCE_V3);
  const v4 = require.resolve('kafkajs/src/protocol/requests/produce/v4/request.js');
  const mod = require.cache[path];
  if (mod && (mod as { tsconnectFast?: boolean }).tsconnectFast) return true;
  if (mod && require.cache[v4]) return false;
  const original = require(path) as ProduceRequestFactory;
  kafkajsProduceV3 = original;
  const cached = require.cache[path]! as typeof require.cache[string] & { tsconnectFast?: boolean };
  cached.exports = fastProduceV3(original);
  cached.tsconnectFast = true;
  return true;
}
