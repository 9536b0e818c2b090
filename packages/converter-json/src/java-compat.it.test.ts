/**
 * Byte-for-byte comparison with the real Java JsonConverter (Kafka connect-json 4.3.1) over
 * compat/corpus.json: same bytes for every write, same reading of hand-written JSON, and each side
 * re-serialises the other's bytes identically.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPAT_DIR, loadCorpus, readTs, rereadTs, runTs, type JavaResult } from './compat-corpus.test-support.js';

const CACHE = `${COMPAT_DIR}.cache/`;
/** Kafka 4 runs on Java 17+; prefer a JDK >= 19, whose Double.toString gives the shortest digits as we do. */
const JDK_BIN = ['/usr/lib/jvm/temurin-25-jdk-amd64/bin/', process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/` : '', '']
  .find((dir) => dir === '' || existsSync(`${dir}java`))!;

const corpus = loadCorpus();

function sortedJson(b64: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)]))
      : v;
  return JSON.stringify(sort(JSON.parse(Buffer.from(b64, 'base64').toString('utf8'))));
}
let java: Map<string, JavaResult>;

beforeAll(() => {
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(`${CACHE}lib/connect-json-4.3.1.jar`)) {
    execFileSync('mvn', ['-q', `-Dmaven.repo.local=${CACHE}m2`, 'dependency:copy-dependencies', `-DoutputDirectory=${CACHE}lib`], {
      cwd: COMPAT_DIR, stdio: 'inherit',
    });
  }
  execFileSync(`${JDK_BIN}javac`, ['-d', `${CACHE}classes`, '-cp', `${CACHE}lib/*`, `${COMPAT_DIR}Compat.java`]);
  const tsOutput = Object.fromEntries(corpus.filter((c) => c.read === undefined).map((c) => [c.id, runTs(c)]));
  writeFileSync(`${CACHE}ts-output.json`, JSON.stringify(tsOutput));
  const out = execFileSync(`${JDK_BIN}java`, ['-cp', `${CACHE}lib/*:${CACHE}classes`, 'Compat', `${COMPAT_DIR}corpus.json`, `${CACHE}ts-output.json`], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'],
  });
  const results = JSON.parse(out) as JavaResult[];
  java = new Map(results.map((r) => [r.id, r]));
  // The recording the unit tests use: Java's own output, without the rereads of our bytes.
  const recording = results.map(({ reread: _r, rereadError: _e, ...rest }) => rest);
  if (process.env.UPDATE_JAVA_EXPECTED) writeFileSync(`${COMPAT_DIR}java-expected.json`, `${JSON.stringify(recording, null, 1)}\n`);
  java.set('__recording__', { id: JSON.stringify(recording) });
}, 600_000);

describe('JsonConverter vs Java JsonConverter 4.3.1', () => {
  it('the corpus has at least 50 write cases and the recording is current', () => {
    expect(corpus.filter((c) => c.read === undefined).length).toBeGreaterThanOrEqual(50);
    const recorded = JSON.parse(readFileSync(`${COMPAT_DIR}java-expected.json`, 'utf8')) as unknown;
    expect(recorded).toEqual(JSON.parse(java.get('__recording__')!.id));
  });

  for (const c of corpus.filter((x) => x.read === undefined)) {
    it(`writes ${c.id} exactly as Java, and each side re-reads the other's bytes alike`, () => {
      const j = java.get(c.id)!;
      const ts = runTs(c);
      expect(ts.bytes ?? null).toBe(j.bytes ?? null);
      expect(ts.error !== undefined).toBe(j.error !== undefined);
      if (j.bytes) {
        // Java read our bytes and wrote them again; we read Java's and write them again.
        const ours = rereadTs(c, j.bytes);
        if (c.config?.['schemas.enable'] === 'false' && ours.reread && j.reread) {
          // Java reads schemaless objects into a HashMap, so it re-writes their keys in hash order.
          expect(sortedJson(ours.reread)).toBe(sortedJson(j.reread));
        } else {
          expect(ours.reread ?? null).toBe(j.reread ?? null);
        }
        expect(ours.rereadError !== undefined).toBe(j.rereadError !== undefined);
      }
    });
  }

  for (const c of corpus.filter((x) => x.read !== undefined)) {
    it(`reads ${c.id} as Java does${c.tsDeviation ? ' (known deviation)' : ''}`, () => {
      const j = java.get(c.id)!;
      const ts = readTs(c);
      expect(ts.readAs ?? null).toBe(c.tsReadAs ?? j.readAs ?? null);
      expect(ts.readError !== undefined).toBe(j.readError !== undefined);
      if (c.tsReadAs !== undefined) expect(j.readAs).not.toBe(c.tsReadAs); // the deviation is still real
    });
  }
});
