import { describe, expect, it } from 'vitest';
import { ReaderSchemaCache } from './reader-schemas.js';

describe('ReaderSchemaCache', () => {
  it('loads each (topic, id) once, shares concurrent loads and retries after a failure', async () => {
    const loads: string[] = [];
    let fail = true;
    const cache = new ReaderSchemaCache(async (topic, id) => {
      loads.push(`${topic}/${id}`);
      if (fail && id === 2) throw new Error('registry down');
      return `${topic}:${id}`;
    });
    const [a, b] = await Promise.all([cache.get('t', 1), cache.get('t', 1)]);
    expect([a, b]).toEqual(['t:1', 't:1']);
    expect(await cache.get('u', 1)).toBe('u:1');
    await expect(cache.get('t', 2)).rejects.toThrow('registry down');
    fail = false;
    expect(await cache.get('t', 2)).toBe('t:2');
    expect(await cache.get('t', 2)).toBe('t:2');
    expect(loads).toEqual(['t/1', 'u/1', 't/2', 't/2']);
  });
});
