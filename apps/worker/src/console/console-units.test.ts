import { describe, expect, it } from 'vitest';
import { Struct, SchemaBuilder, Schemas, type Converter } from '@tsconnect/sdk';
import { connectToJson, decodeData, decodeHeaders } from './message-decoder.js';
import { formatPositions, parseIntParam, parseReadPosition, startOffsets } from './read-position.js';
import { ThroughputTracker } from './throughput.js';

describe('read positions', () => {
  const ranges = new Map([[0, { low: 0n, high: 10n }], [1, { low: 5n, high: 7n }]]);
  it('starts each partition where `from` says, clamped into [low, high]', () => {
    expect(startOffsets(parseReadPosition('beginning'), ranges, 3)).toEqual(new Map([[0, 0n], [1, 5n]]));
    expect(startOffsets(parseReadPosition('end'), ranges, 3)).toEqual(new Map([[0, 7n], [1, 5n]]));
    expect(startOffsets(parseReadPosition('6'), ranges, 3)).toEqual(new Map([[0, 6n], [1, 6n]]));
    expect(startOffsets(parseReadPosition('0:9,1:100'), ranges, 3)).toEqual(new Map([[0, 9n], [1, 7n]]));
    expect(startOffsets(parseReadPosition('0:9'), ranges, 3)).toEqual(new Map([[0, 9n], [1, 5n]]));
    expect(formatPositions(new Map([[1, 7n], [0, 9n]]))).toBe('0:9,1:7');
  });
  it('rejects bad parameters naming them', () => {
    expect(() => parseReadPosition('yesterday')).toThrow('Invalid value yesterday for parameter from: expected beginning, end, an offset or partition:offset[,partition:offset]');
    expect(() => parseIntParam('limit', '0', 50, 500)).toThrow('Invalid value 0 for parameter limit: expected a positive integer');
    expect(parseIntParam('limit', '9999', 50, 500)).toBe(500);
    expect(parseIntParam('limit', undefined, 50, 500)).toBe(50);
  });
});

describe('throughput', () => {
  it('is the end-offset growth per second over the window', () => {
    const t = new ThroughputTracker(30_000, 1_000);
    expect(t.record('a', 100n, 0)).toBeNull();
    expect(t.record('a', 110n, 500)).toBeNull();
    expect(t.record('a', 140n, 2_000)).toBe(20);
    expect(t.record('a', 10n, 3_000)).toBeNull(); // recreated topic: start over
    expect(t.record('b', 5n, 3_000)).toBeNull();
  });
});

describe('message decoding', () => {
  const failing: Converter = { configure() {}, fromConnectData: () => null, toConnectData: () => { throw new Error('bad magic byte'); } };
  const echo: Converter = { configure() {}, fromConnectData: () => null, toConnectData: (_t, v) => ({ schema: null, value: { n: 1n, s: Buffer.from(v!).toString() } }) };
  it('uses the converter, else UTF-8, else base64', async () => {
    expect(await decodeData('t', Buffer.from('hi'), { name: 'Echo', converter: echo }, [])).toEqual({ format: 'converter', converter: 'Echo', json: { n: 1, s: 'hi' }, text: '{\n  "n": 1,\n  "s": "hi"\n}' });
    expect(await decodeData('t', Buffer.from('hi'), { name: 'Avro', converter: failing }, [])).toEqual({ format: 'utf8', text: 'hi', error: 'Avro: bad magic byte' });
    expect(await decodeData('t', Buffer.from([0xff, 0x00]), null, [])).toEqual({ format: 'base64', base64: '/wA=' });
    expect(await decodeData('t', null, null, [])).toBeNull();
  });
  it('renders structs, bytes and nested values as JSON', () => {
    const schema = SchemaBuilder.struct().field('id', Schemas.INT64).field('raw', Schemas.OPTIONAL_BYTES).build();
    const s = new Struct(schema).put('id', 7n).put('raw', Buffer.from([1, 2]));
    expect(connectToJson({ big: 2n ** 60n, s, list: [new Map([['k', 1]])], d: new Date(0) })).toEqual({ big: '1152921504606846976', s: { id: 7, raw: 'AQI=' }, list: [{ k: 1 }], d: '1970-01-01T00:00:00.000Z' });
  });
  it('keeps repeated header keys and shows binary ones as base64', () => {
    expect(decodeHeaders({ a: [Buffer.from('1'), Buffer.from('2')], b: Buffer.from([0xc3]), c: 'x' }))
      .toEqual([{ key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'b', value: null, base64: 'ww==' }, { key: 'c', value: 'x' }]);
  });
});
