import { describe, expect, it } from 'vitest';
import { RegexRouter } from './regex-router.js';
import { TimestampRouter } from './timestamp-router.js';
import { configured, sourceRec } from './records.test-support.js';

const route = (regex: string, replacement: string, topic: string) =>
  configured(new RegexRouter(), { regex, replacement }).apply(sourceRec({ topic })).topic;

describe('RegexRouter', () => {
  it('rewrites topics that fully match, with Java replacement syntax', () => {
    expect(route('(.*)', 'prefix-$1', 'orig')).toBe('prefix-orig');
    expect(route('(?<name>.*)', 'x.${name}', 'orig')).toBe('x.orig');
    expect(route('dbserver1\\.public\\.(.*)', '$1', 'dbserver1.public.orders')).toBe('orders');
    expect(route('(.*)\\.(.*)', '$2\\$1', 'a.b')).toBe('b$1');
    expect(route('(?i)ORIG', 'x', 'orig')).toBe('x');
    expect(route('\\Qa.b\\E', 'x', 'a.b')).toBe('x');
    // $12 with only one group means group 1 then "2", as Java reads it
    expect(route('(a)', '$12', 'a')).toBe('a2');
  });

  it('leaves non-matching (or partially matching) topics alone', () => {
    expect(route('orig', 'x', 'origin')).toBe('origin');
    const r = sourceRec({ topic: 'nomatch' });
    expect(configured(new RegexRouter(), { regex: 'a', replacement: 'b' }).apply(r)).toBe(r);
  });

  it('reports bad regex and replacement', () => {
    expect(() => new RegexRouter().configure({ regex: '(', replacement: 'x' })).toThrow(/^Invalid value \( for configuration regex: Invalid regex: /);
    expect(() => new RegexRouter().configure({ regex: 'a' })).toThrow('Missing required configuration "replacement" which has no default value.');
    expect(() => route('(a)', '$2', 'a')).toThrow('No group 2');
  });
});

describe('TimestampRouter', () => {
  it('formats ${topic}-${timestamp} in UTC', () => {
    const rec = sourceRec({ topic: 'test', timestamp: 1_483_425_001_864 });
    expect(configured(new TimestampRouter(), {}).apply(rec).topic).toBe('test-20170103');
    expect(configured(new TimestampRouter(), { 'topic.format': '${timestamp}_${topic}', 'timestamp.format': 'yyyy-MM-dd_HH' }).apply(rec).topic)
      .toBe('2017-01-03_06_test');
  });

  it('needs a timestamp and a valid pattern', () => {
    expect(() => configured(new TimestampRouter(), {}).apply(sourceRec({ topic: 't' }))).toThrow(/Timestamp missing on record/);
    expect(() => new TimestampRouter().configure({ 'timestamp.format': 'yyyyMMddq' })).toThrow(
      "Invalid value yyyyMMddq for configuration timestamp.format: Illegal pattern character 'q'",
    );
  });
});
