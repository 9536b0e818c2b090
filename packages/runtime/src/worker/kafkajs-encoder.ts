import { createRequire } from 'node:module';

/**
 * Cheaper kafkajs protocol `Encoder` primitives (same bytes). A produce request copies every
 * record through ~8 growing encoders (record → batch body → batch → partition → topic →
 * request); kafkajs grows each with a zero-filled `Buffer.alloc` and writes every varint through
 * a temporary array + `Buffer.from`, and every varlong through long.js objects. Profiles of a
 * busy source task show these as the top allocation/GC source after the CRC. We patch the
 * prototype (and one static), which every kafkajs module shares whenever it was loaded.
 */
interface EncoderProto {
  buf: Buffer;
  offset: number;
  ensureAvailable(length: number): void;
  writeUVarInt(value: number): EncoderProto;
  writeVarLong(value: unknown): EncoderProto;
  writeEncoder(value: unknown): EncoderProto;
  /** Set on encoders whose bytes have free room in front of them (see writeEncoder below). */
  tsconnectFrame?: Frame;
}
/** `buf` is `whole.subarray(start)`: the bytes before `start` are free. */
interface Frame { readonly whole: Buffer; readonly start: number }
interface EncoderClass {
  prototype: EncoderProto;
  nextPowerOfTwo(value: number): number;
  sizeOfVarLong(value: unknown): number;
}

const require = createRequire(import.meta.url);
const Encoder = require('kafkajs/src/protocol/encoder.js') as EncoderClass;

/** kafkajs's own methods, kept for the fallbacks and for tests comparing bytes. */
export const kafkajsEncoderOriginals = {
  ensureAvailable: Encoder.prototype.ensureAvailable,
  writeUVarInt: Encoder.prototype.writeUVarInt,
  writeVarLong: Encoder.prototype.writeVarLong,
  sizeOfVarLong: Encoder.sizeOfVarLong,
  writeEncoder: Encoder.prototype.writeEncoder,
};

/**
 * Room left in front of a produce request body for kafkajs's framing (protocol/request.js):
 * int32 size, int16 apiKey, int16 apiVersion, int32 correlationId, string clientId.
 */
export const FRAME_HEADROOM = 256;

/** Marks `e` (whose `buf` is `body`, allocated FRAME_HEADROOM bytes into its ArrayBuffer) as framable in place. */
export function withFrameHeadroom<T extends object>(e: T, body: Buffer): T {
  const whole = Buffer.from(body.buffer, body.byteOffset - FRAME_HEADROOM, FRAME_HEADROOM + body.length);
  (e as unknown as EncoderProto).tsconnectFrame = { whole, start: FRAME_HEADROOM };
  return e;
}

/**
 * kafkajs frames every request as `new Encoder().writeInt32(size).writeEncoder(header
 * .writeEncoder(body))`: two more copies of a ~1 MB produce body, each into a buffer grown to the
 * next power of two, allocated and freed per request (CPU, and malloc churn that keeps the
 * worker's RSS up). When the body has free room in front of it, the bytes written so far (the
 * header, then the size) are put there instead and the encoder adopts the body's buffer: the
 * same bytes, no copy of the body. Anything else takes kafkajs's path.
 */
function writeEncoder(this: EncoderProto, value: unknown): EncoderProto {
  const v = value as EncoderProto | null;
  const f = v?.tsconnectFrame;
  if (!f || this.offset > f.start || v.buf.length !== v.offset || f.whole.length - f.start !== v.offset) {
    return kafkajsEncoderOriginals.writeEncoder.call(this, value);
  }
  const begin = f.start - this.offset;
  this.buf.copy(f.whole, begin, 0, this.offset);
  this.buf = f.whole.subarray(begin);
  this.offset = this.buf.length;
  this.tsconnectFrame = { whole: f.whole, start: begin };
  v.tsconnectFrame = undefined; // used up: framing the same body twice takes the copying path
  return this;
}

/** Integers whose zig-zag form fits 31 bits: the 64-bit varlong equals the 32-bit loop's bytes. */
function smallInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= -0x40000000 && value < 0x40000000;
}

function ensureAvailable(this: EncoderProto, length: number): void {
  if (this.offset + length > this.buf.length) {
    // Bytes past `offset` are never read (`buffer` is a slice up to it): no need to zero them.
    const next = Buffer.allocUnsafe(Encoder.nextPowerOfTwo(this.offset + length));
    this.buf.copy(next, 0, 0, this.offset);
    this.buf = next;
  }
}

function writeUVarInt(this: EncoderProto, value: number): EncoderProto {
  this.ensureAvailable(5);
  const buf = this.buf;
  let offset = this.offset;
  // The same loop as kafkajs's, writing in place.
  while ((value & 0xffffff80) !== 0) {
    buf[offset++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[offset++] = value & 0x7f;
  this.offset = offset;
  return this;
}

function writeVarLong(this: EncoderProto, value: unknown): EncoderProto {
  if (!smallInt(value)) return kafkajsEncoderOriginals.writeVarLong.call(this, value);
  return this.writeUVarInt(((value << 1) ^ (value >> 31)) >>> 0);
}

function sizeOfVarLong(this: unknown, value: unknown): number {
  if (!smallInt(value)) return kafkajsEncoderOriginals.sizeOfVarLong.call(Encoder, value);
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while ((v & 0xffffff80) !== 0) {
    bytes++;
    v >>>= 7;
  }
  return bytes;
}

/** Installs the faster primitives on kafkajs's Encoder (idempotent). */
export function installKafkajsFastEncoder(): void {
  Encoder.prototype.ensureAvailable = ensureAvailable;
  Encoder.prototype.writeUVarInt = writeUVarInt;
  Encoder.prototype.writeVarLong = writeVarLong;
  Encoder.prototype.writeEncoder = writeEncoder;
  Encoder.sizeOfVarLong = sizeOfVarLong;
}
