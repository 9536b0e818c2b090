import { describe, expect, it } from 'vitest';
import { DataException } from '@tsconnect/sdk';
import { frame, unframe } from './wire-format.js';

describe('wire format', () => {
  it('frames with magic byte 0 and a big-endian id', () => {
    expect([...frame(258, new Uint8Array([9]))]).toEqual([0, 0, 0, 1, 2, 9]);
    expect([...frame(-2, Buffer.from('{}', 'utf8'))]).toEqual([0, 0xff, 0xff, 0xff, 0xfe, 0x7b, 0x7d]);
    expect(unframe(new Uint8Array([0, 0, 0, 1, 2, 9]), 'p')).toEqual({ schemaId: 258, body: new Uint8Array([9]) });
  });

  it('reads the id of a view into a larger buffer', () => {
    const whole = new Uint8Array([7, 7, 0, 0, 0, 0, 5, 1, 2, 7]);
    expect(unframe(whole.subarray(2, 9), 'p')).toEqual({ schemaId: 5, body: new Uint8Array([1, 2]) });
  });

  it('starts errors with the caller\'s prefix and names the bad magic byte or length', () => {
    expect(() => unframe(new Uint8Array([1, 0, 0, 0, 1]), 'Failed for topic orders')).toThrow(DataException);
    expect(() => unframe(new Uint8Array([1, 0, 0, 0, 1]), 'Failed for topic orders')).toThrow('Failed for topic orders: Unknown magic byte 1 (expected 0)');
    expect(() => unframe(new Uint8Array([0, 1]), 'Failed for topic orders'))
      .toThrow('Failed for topic orders: 2 bytes are too few for the Confluent wire format (magic byte + 4-byte schema id)');
  });
});
