import { describe, expect, it } from 'vitest';
import { dlqHeaders, fieldErrors, matchesFilter, parseConfigText, stateCounts } from './model.js';
import { href, parseRoute } from './route.js';
import type { ConnectorStatus } from './types.js';

const status = (state: ConnectorStatus['connector']['state'], ...tasks: ConnectorStatus['connector']['state'][]): ConnectorStatus => ({
  name: 'c', type: 'sink', connector: { state, worker_id: 'w:1' }, tasks: tasks.map((s, id) => ({ id, state: s, worker_id: 'w:1' })),
});

describe('state filters', () => {
  it('counts a RUNNING connector with a FAILED task as FAILED too', () => {
    expect(matchesFilter(status('RUNNING', 'FAILED'), 'FAILED')).toBe(true);
    expect(matchesFilter(status('RUNNING', 'FAILED'), 'RUNNING')).toBe(true);
    expect(matchesFilter(status('PAUSED', 'PAUSED'), 'RUNNING')).toBe(false);
    expect(stateCounts([status('RUNNING', 'RUNNING'), status('PAUSED'), status('STOPPED'), status('RUNNING', 'FAILED'), undefined]))
      .toEqual({ ALL: 5, RUNNING: 2, PAUSED: 1, FAILED: 1, STOPPED: 1 });
  });
});

describe('config editor', () => {
  it('turns JSON scalars into strings and names bad keys', () => {
    expect(parseConfigText('{"tasks.max": 2, "a": true, "b": null, "c": "x"}')).toEqual({ config: { 'tasks.max': '2', a: 'true', c: 'x' } });
    expect(parseConfigText('{"topics": ["a"]}')).toEqual({ error: 'Invalid value ["a"] for configuration topics: values must be strings' });
    expect(parseConfigText('[1]')).toEqual({ error: 'The config must be a JSON object of "key": "value" pairs' });
    expect(parseConfigText('{')).toEqual({ error: expect.stringMatching(/^The config is not valid JSON: /) as unknown });
  });
  it('lists validation errors per field', () => {
    const v = (name: string, errors: string[]) => ({ definition: { name, type: 'STRING', required: false, default_value: null, importance: 'HIGH', documentation: '', group: null }, value: { name, value: null, recommended_values: [], errors, visible: true } });
    expect(fieldErrors({ name: 'X', error_count: 1, groups: [], configs: [v('file', []), v('topic', ['Missing required configuration "topic" which has no default value.'])] }))
      .toEqual([{ field: 'topic', errors: ['Missing required configuration "topic" which has no default value.'] }]);
  });
});

describe('routes', () => {
  it('round-trips every page through the hash', () => {
    for (const hash of ['#/', '#/new', '#/connectors', '#/connectors?state=FAILED', '#/connectors/a%2Fb', '#/connectors/x/offsets', '#/topics/t1?connector=c', '#/dlq/dlq-1']) {
      expect(href(parseRoute(hash))).toBe(hash);
    }
    expect(parseRoute('#/connectors?state=bogus')).toEqual({ page: 'connectors', filter: 'ALL' });
    expect(parseRoute('#/topics/t?dlq=1')).toEqual({ page: 'topic', topic: 't', dlq: true });
  });
});

describe('DLQ headers', () => {
  it('keeps __connect.errors.* headers in order, prefix removed', () => {
    expect(dlqHeaders({
      partition: 0, offset: '0', timestamp: 0, key: null, value: null,
      headers: [{ key: 'x', value: '1' }, { key: '__connect.errors.topic', value: 'orders' }, { key: '__connect.errors.offset', value: null, base64: 'AQ==' }],
    })).toEqual([{ name: 'topic', value: 'orders' }, { name: 'offset', value: 'base64:AQ==' }]);
  });
});
