import { describe, expect, it } from 'vitest';
import { RequestBufferPool } from './request-buffer-pool.js';

describe('RequestBufferPool', () => {
  it('hands out exact-size views and reuses a returned allocation that is big enough', () => {
    const pool = new RequestBufferPool(2, 1024);
    const a = pool.take(900);
    expect(a.length).toBe(900);
    expect(a.buffer.byteLength).toBe(65536); // rounded up to 64 KiB
    pool.give(a);
    expect(pool.size).toBe(1);
    const b = pool.take(70_000); // too big for the pooled one: a new allocation
    expect(b.buffer).not.toBe(a.buffer);
    const c = pool.take(1000);
    expect(c.buffer).toBe(a.buffer);
    expect(c.length).toBe(1000);
    expect(pool.size).toBe(0);
  });

  it('ignores foreign buffers and double returns; keeps the biggest when full', () => {
    const pool = new RequestBufferPool(1, 1024);
    pool.give(Buffer.allocUnsafe(100_000));
    expect(pool.size).toBe(0);
    const small = pool.take(10);
    const big = pool.take(200_000);
    pool.give(small);
    pool.give(small);
    expect(pool.size).toBe(1);
    pool.give(big);
    expect(pool.take(150_000).buffer).toBe(big.buffer);
  });
});
