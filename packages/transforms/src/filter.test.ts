import { describe, expect, it } from 'vitest';
import { Schemas } from '@tsconnect/sdk';
import { Filter } from './filter.js';
import { HasHeaderKey } from './predicates/has-header-key.js';
import { RecordIsTombstone } from './predicates/record-is-tombstone.js';
import { TopicNameMatches } from './predicates/topic-name-matches.js';
import { configured, sourceRec } from './records.test-support.js';

describe('Filter', () => {
  it('drops every record it is given', () => {
    const f = new Filter();
    f.configure();
    expect(f.apply(sourceRec({ value: 'x' }))).toBeNull();
    expect(f.config().names()).toEqual([]);
  });
});

describe('predicates', () => {
  it('TopicNameMatches matches the whole topic name', () => {
    const p = configured(new TopicNameMatches(), { pattern: 'my-prefix-.*' });
    expect(p.test(sourceRec({ topic: 'my-prefix-a' }))).toBe(true);
    expect(p.test(sourceRec({ topic: 'x-my-prefix-a' }))).toBe(false);
    expect(String(p)).toBe('TopicNameMatches{pattern=my-prefix-.*}');
    expect(() => new TopicNameMatches().configure({ pattern: '' })).toThrow('Invalid value  for configuration pattern: String must be non-empty');
    expect(() => new TopicNameMatches().configure({ pattern: '[' })).toThrow(/^Invalid value \[ for configuration pattern: Invalid regex/);
    expect(() => new TopicNameMatches().configure({})).toThrow('Missing required configuration "pattern" which has no default value.');
  });

  it('HasHeaderKey looks for a header key', () => {
    const p = configured(new HasHeaderKey(), { name: 'h' });
    expect(p.test(sourceRec({ headers: [{ key: 'h', schema: Schemas.STRING, value: null }] }))).toBe(true);
    expect(p.test(sourceRec({ headers: [{ key: 'other', schema: null, value: 1 }] }))).toBe(false);
    expect(() => new HasHeaderKey().configure({ name: ' ' })).toThrow('Invalid value   for configuration name: String must be non-empty');
  });

  it('RecordIsTombstone is true for null values', () => {
    const p = new RecordIsTombstone();
    p.configure();
    expect(p.test(sourceRec({ key: 1, value: null }))).toBe(true);
    expect(p.test(sourceRec({ value: 0 }))).toBe(false);
  });
});
