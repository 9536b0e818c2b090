import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function drain(s: LineSplitter): [string, number][] {
  const out: [string, number][] = [];
  for (let l = s.next(); l; l = s.next()) out.push([l.text, l.bytes]);
  return out;
}

describe('LineSplitter', () => {
  it('splits on LF, CRLF and a lone CR, counting terminator bytes', () => {
    const s = new LineSplitter();
    s.push(Buffer.from('a\nbb\r\nccc\rd\n\n'));
    expect(drain(s)).toEqual([['a', 2], ['bb', 4], ['ccc', 4], ['d', 2], ['', 1]]);
    expect(s.buffered).toBe(0);
  });

  it('keeps a partial line until its terminator arrives', () => {
    const s = new LineSplitter();
    s.push(Buffer.from('par'));
    expect(s.next()).toBeNull();
    expect(s.buffered).toBe(3);
    s.push(Buffer.from('tial\nnext'));
    expect(drain(s)).toEqual([['partial', 8]]);
    expect(s.buffered).toBe(4);
  });

  it('waits after a trailing CR to see whether LF follows', () => {
    const s = new LineSplitter();
    s.push(Buffer.from('x\r'));
    expect(s.next()).toBeNull();
    s.push(Buffer.from('\ny\r'));
    expect(drain(s)).toEqual([['x', 3]]);
    s.push(Buffer.from('z'));
    expect(drain(s)).toEqual([['y', 2]]);
  });

  it('decodes multibyte characters split at every byte boundary', () => {
    const text = 'Grüße 中文 😀\r\nñ\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const s = new LineSplitter();
      s.push(bytes.subarray(0, cut));
      const first = drain(s);
      s.push(bytes.subarray(cut));
      expect([...first, ...drain(s)]).toEqual([['Grüße 中文 😀', Buffer.byteLength('Grüße 中文 😀') + 2], ['ñ', 3]]);
    }
  });

  it('end() returns the unterminated rest, a trailing CR counting as terminator', () => {
    const s = new LineSplitter();
    s.push(Buffer.from('a\nlast'));
    expect(s.end()).toEqual({ text: 'a', bytes: 2 });
    expect(s.end()).toEqual({ text: 'last', bytes: 4 });
    expect(s.end()).toBeNull();
    s.push(Buffer.from('cr\r'));
    expect(s.end()).toEqual({ text: 'cr', bytes: 3 });
  });
});
