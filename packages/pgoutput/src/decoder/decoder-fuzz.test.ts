import { describe, expect, it } from 'vitest';
import { PgoutputDecoder } from './pgoutput-decoder.js';
import { PgoutputDecodeError } from '../errors.js';
import { MessageBuilder as M, relationMessage } from '../test-support/message-builder.js';

/** One valid buffer per message type (the relation first: changes refer to it). */
function corpus(): Buffer[] {
  return [
    relationMessage(),
    M.tag('B').u64(1n).i64(2n).u32(3).build(),
    M.tag('C').u8(0).u64(1n).u64(2n).i64(3n).build(),
    M.tag('O').u64(1n).str('origin').build(),
    M.tag('Y').u32(1).str('s').str('t').build(),
    M.tag('I').u32(16384).char('N').tuple(['1', 'text', '\\x0102']).build(),
    M.tag('I').u32(16384).char('N').tuple(['1', null, Buffer.from([9])]).build(),
    M.tag('U').u32(16384).char('O').tuple(['1', 'a', null]).char('N').tuple(['1', { u: true }, null]).build(),
    M.tag('U').u32(16384).char('K').tuple(['1', null, null]).char('N').tuple(['2', 'b', null]).build(),
    M.tag('D').u32(16384).char('K').tuple(['1', null, null]).build(),
    M.tag('T').i32(1).u8(1).u32(16384).build(),
    M.tag('M').u8(1).u64(1n).str('p').i32(2).raw(Buffer.from('hi')).build(),
    M.tag('S').u32(5).u8(1).build(),
    M.tag('E').build(),
    M.tag('c').u32(5).u8(0).u64(1n).u64(2n).i64(3n).build(),
    M.tag('A').u32(5).u32(6).build(),
    M.tag('A').u32(5).u32(6).u64(1n).i64(2n).build(),
    M.tag('b').u64(1n).u64(2n).i64(3n).u32(4).str('g').build(),
    M.tag('P').u8(0).u64(1n).u64(2n).i64(3n).u32(4).str('g').build(),
    M.tag('p').u8(0).u64(1n).u64(2n).i64(3n).u32(4).str('g').build(),
    M.tag('K').u8(0).u64(1n).u64(2n).i64(3n).u32(4).str('g').build(),
    M.tag('r').u8(0).u64(1n).u64(2n).i64(3n).i64(4n).u32(5).str('g').build(),
  ];
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decodeOnlyThrowsDecodeErrors(d: PgoutputDecoder, buf: Buffer): void {
  try {
    d.decode(buf);
  } catch (e) {
    if (!(e instanceof PgoutputDecodeError)) {
      throw new Error(`non-decode error for ${buf.toString('hex')}: ${String(e)}`);
    }
  }
}

describe('decoder fuzzing', () => {
  it('decodes the whole corpus', () => {
    const d = new PgoutputDecoder();
    for (const b of corpus()) expect(() => d.decode(b)).not.toThrow();
  });

  it('every truncation of every valid message throws PgoutputDecodeError', () => {
    for (const buf of corpus()) {
      for (let n = 0; n < buf.length; n++) {
        const d = new PgoutputDecoder();
        d.decode(relationMessage());
        const cut = buf.subarray(0, n);
        // stream_abort's optional v4 tail makes its 9-byte prefix valid on its own
        if (buf[0] === 0x41 && n === 9) continue;
        expect(() => d.decode(cut), `${buf.toString('hex')} cut at ${n}`).toThrow(PgoutputDecodeError);
      }
    }
  });

  it('random mutations and random bytes only ever throw PgoutputDecodeError', () => {
    const rand = rng(42);
    const seeds = corpus();
    const tags = 'BCORYIUDTMSEcAbPpKr';
    const started = Date.now();
    for (let i = 0; i < 30_000; i++) {
      const d = new PgoutputDecoder();
      d.decode(relationMessage());
      let buf: Buffer;
      if (i % 3 === 0) {
        buf = Buffer.alloc(Math.floor(rand() * 64));
        for (let j = 0; j < buf.length; j++) buf[j] = Math.floor(rand() * 256);
        if (buf.length > 0 && rand() < 0.8) buf[0] = tags.charCodeAt(Math.floor(rand() * tags.length));
      } else {
        buf = Buffer.from(seeds[Math.floor(rand() * seeds.length)]!);
        const flips = 1 + Math.floor(rand() * 4);
        for (let f = 0; f < flips && buf.length > 0; f++) {
          const at = Math.floor(rand() * buf.length);
          buf[at] = rand() < 0.5 ? Math.floor(rand() * 256) : buf[at]! ^ (1 << Math.floor(rand() * 8));
        }
        if (rand() < 0.3) buf = Buffer.concat([buf, Buffer.from([Math.floor(rand() * 256)])]);
      }
      decodeOnlyThrowsDecodeErrors(d, buf);
    }
    expect(Date.now() - started).toBeLessThan(20_000); // no pathological slowness
  });
});
