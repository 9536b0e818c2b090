import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installKafkajsFastEncoder, kafkajsEncoderOriginals } from './kafkajs-encoder.js';

const require = createRequire(import.meta.url);
type Enc = { buffer: Buffer; writeVarInt(v: number): Enc; writeVarLong(v: unknown): Enc; writeBytes(b: Buffer): Enc; writeInt64(v: unknown): Enc };
const Encoder = require('kafkajs/src/protocol/encoder.js') as { new (size?: number): Enc; sizeOfVarLong(v: unknown): number; prototype: Enc };
const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => { readVarInt(): number; readVarLong(): { toString(): string } };

/** Runs `fn` on an Encoder with kafkajs's original methods. */
function original(fn: (e: Enc) => void): Buffer {
  const e = new Encoder(1) as Enc & Record<string, unknown>;
  Object.assign(e, { ensureAvailable: kafkajsEncoderOriginals.ensureAvailable, writeUVarInt: kafkajsEncoderOriginals.writeUVarInt,
    writeVarLong: kafkajsEncoderOriginals.writeVarLong });
  fn(e);
  return e.buffer;
}

const ints = [0, 1, -1, 63, 64, -64, -65, 127, 128, 300, -300, 8191, 8192, 2 ** 20, -(2 ** 20), 2 ** 29, -(2 ** 30), 2 ** 30 - 1,
  2 ** 31 - 1, -(2 ** 31)];
const longs = [...ints, 2 ** 30, -(2 ** 30) - 1, 2 ** 40, -(2 ** 45), Number.MAX_SAFE_INTEGER, '12345678901234'];

describe('kafkajs fast encoder', () => {
  installKafkajsFastEncoder();

  it('writes the same varint and varlong bytes as kafkajs, and they decode back', () => {
    for (const v of ints) {
      const fast = new Encoder(1).writeVarInt(v).buffer;
      expect(fast).toEqual(original((e) => e.writeVarInt(v)));
      expect(new Decoder(fast).readVarInt()).toBe(v);
    }
    for (const v of longs) {
      const fast = new Encoder(1).writeVarLong(v).buffer;
      expect(fast).toEqual(original((e) => e.writeVarLong(v)));
      expect(Encoder.sizeOfVarLong(v)).toBe(kafkajsEncoderOriginals.sizeOfVarLong.call(Encoder, v));
    }
    expect(new Decoder(new Encoder(1).writeVarLong(-12345).buffer).readVarLong().toString()).toBe('-12345');
  });

  it('grows without losing bytes', () => {
    const payload = Buffer.alloc(70_000, 7);
    const write = (e: Enc): void => { for (let i = 0; i < 50; i++) e.writeVarInt(i * 977).writeBytes(payload.subarray(0, i * 1300)).writeInt64(i); };
    const fast = new Encoder(1);
    write(fast);
    const expected = original(write);
    expect(fast.buffer.length).toBe(expected.length);
    expect(fast.buffer.equals(expected)).toBe(true);
  });
});
