import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c, installKafkajsCrc32c } from './crc32c.js';
import './kafka-clients.js';

const require = createRequire(import.meta.url);
// kafkajs's own byte-at-a-time implementation (the module we replace re-exports it).
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (b: Buffer) => number;

function randomBuffer(len: number, seed: number): Buffer {
  const b = Buffer.alloc(len);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

describe('crc32c', () => {
  it('matches the CRC-32C check value and empty input', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('equals kafkajs crc32C on random buffers of every alignment and length', () => {
    for (let n = 0; n < 300; n++) {
      const len = n < 100 ? n : (n * 7919) % 70_000;
      const big = randomBuffer(len + 3, n + 1);
      for (const offset of [0, 1, 2, 3]) {
        const buf = big.subarray(offset, offset + len);
        expect(crc32c(buf)).toBe(kafkajsCrc32c(buf));
      }
    }
  });

  it('is what kafkajs record batches use once kafka-clients is loaded', async () => {
    expect(installKafkajsCrc32c()).toBe(true);
    expect(require('kafkajs/src/protocol/recordBatch/crc32C/index.js')).toBe(crc32c);
    // A real batch encoded by kafkajs: its CRC field (offset 17) covers bytes 21.. of the batch.
    const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (o: object) => Promise<{ buffer: Buffer }> };
    const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (o: object) => unknown;
    const records = [Record({ offsetDelta: 0, key: Buffer.from('k'), value: randomBuffer(3000, 7) })];
    const encoded = (await RecordBatch({ records, firstTimestamp: 1, maxTimestamp: 1 })).buffer;
    const batch = encoded.subarray(12);
    expect(batch.readUInt32BE(5)).toBe(kafkajsCrc32c(batch.subarray(9)));
  });
});
