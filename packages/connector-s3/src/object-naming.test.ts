import { describe, expect, it } from 'vitest';
import { fileName, objectKey, parseStartOffset, topicPrefix } from './object-naming.js';

const naming = { topicsDir: 'topics', directoryDelim: '/', fileDelim: '+', zeroPadWidth: 10 };

describe('object naming', () => {
  it('builds Confluent keys with a zero-padded start offset', () => {
    const name = fileName(naming, 'orders', 3, 42, '.json.gz');
    expect(name).toBe('orders+3+0000000042.json.gz');
    expect(objectKey(naming, 'orders/partition=3', name)).toBe('topics/orders/partition=3/orders+3+0000000042.json.gz');
    expect(objectKey({ ...naming, topicsDir: '' }, 'orders/partition=3', name)).toBe('orders/partition=3/orders+3+0000000042.json.gz');
    expect(fileName({ ...naming, fileDelim: '-', zeroPadWidth: 4 }, 't', 0, 123456, '.avro')).toBe('t-0-123456.avro');
  });
  it('lists under <topics.dir>/<topic>/ so topic "a" does not match topic "ab"', () => {
    expect(topicPrefix(naming, 'a')).toBe('topics/a/');
    expect(topicPrefix({ ...naming, topicsDir: ' ' }, 'a')).toBe('a/');
  });
  it('parses the start offset of this topic partition only', () => {
    expect(parseStartOffset(naming, 'topics/orders/region=eu/orders+3+0000000042.avro', 'orders', 3)).toBe(42);
    expect(parseStartOffset(naming, 'topics/orders/partition=3/orders+3+12345678901.json.gz', 'orders', 3)).toBe(12345678901);
    expect(parseStartOffset(naming, 'topics/orders/partition=3/orders+13+0000000042.json', 'orders', 3)).toBeNull();
    expect(parseStartOffset(naming, 'topics/orders/partition=3/orders+3+abc.json', 'orders', 3)).toBeNull();
    expect(parseStartOffset(naming, 'topics/orders/partition=3/xorders+3+0000000001.json', 'orders', 3)).toBeNull();
  });
});
