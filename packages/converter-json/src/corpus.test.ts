/** Our converter against Java's recorded output (compat/java-expected.json), no JVM needed. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPAT_DIR, loadCorpus, readTs, runTs, type JavaResult } from './compat-corpus.test-support.js';

const java = new Map(
  (JSON.parse(readFileSync(`${COMPAT_DIR}java-expected.json`, 'utf8')) as JavaResult[]).map((r) => [r.id, r]),
);

describe('corpus against recorded Java JsonConverter output', () => {
  for (const c of loadCorpus()) {
    const j = java.get(c.id);
    it(`${c.read === undefined ? 'writes' : 'reads'} ${c.id}`, () => {
      expect(j, `no recorded Java result for ${c.id}`).toBeDefined();
      if (c.read === undefined) {
        const ts = runTs(c);
        expect(ts.bytes ?? null).toBe(j!.bytes ?? null);
        expect(ts.error !== undefined).toBe(j!.error !== undefined);
      } else {
        const ts = readTs(c);
        expect(ts.readAs ?? null).toBe(c.tsReadAs ?? j!.readAs ?? null);
        expect(ts.readError !== undefined).toBe(j!.readError !== undefined);
      }
    });
  }
});
