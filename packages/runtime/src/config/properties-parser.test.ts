import { describe, expect, it } from 'vitest';
import { parseProperties } from './properties-parser.js';

describe('parseProperties', () => {
  it('reads =, : and whitespace separators, comments and blank lines', () => {
    const text = [
      '# comment', '! also a comment', '', 'bootstrap.servers=localhost:9092', 'key.converter : org.apache.kafka.connect.json.JsonConverter',
      'rest.port 8083', '   offset.flush.interval.ms=10000', 'empty=', 'novalue',
    ].join('\n');
    expect(parseProperties(text)).toEqual({
      'bootstrap.servers': 'localhost:9092',
      'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'rest.port': '8083',
      'offset.flush.interval.ms': '10000',
      empty: '',
      novalue: '',
    });
  });

  it('joins backslash continuations and strips the next line\'s leading whitespace', () => {
    expect(parseProperties('plugin.path=a,\\\n    b,\\\n    c\nnext=1')).toEqual({ 'plugin.path': 'a,b,c', next: '1' });
  });

  it('keeps an even number of trailing backslashes as literal', () => {
    expect(parseProperties('path=C:\\\\\nx=1')).toEqual({ path: 'C:\\', x: '1' });
  });

  it('unescapes \\t \\n \\uXXXX, escaped separators in keys, and keeps = in values', () => {
    expect(parseProperties('a\\=b=c=d\nt=x\\ty\\nz\nu=caf\\u00e9\nsp\\ ace=1')).toEqual({
      'a=b': 'c=d', t: 'x\ty\nz', u: 'café', 'sp ace': '1',
    });
  });

  it('does not treat # inside a value or on a continuation line as a comment', () => {
    expect(parseProperties('a=1#2\nb=x\\\n#y')).toEqual({ a: '1#2', b: 'x#y' });
  });

  it('handles CRLF and later keys win', () => {
    expect(parseProperties('a=1\r\nb=2\r\na=3\r\n')).toEqual({ a: '3', b: '2' });
  });

  it('rejects a malformed \\u escape naming it', () => {
    expect(() => parseProperties('a=\\u12x4')).toThrow('Malformed \\uxxxx encoding in properties: "\\u12x4"');
  });
});
