import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runSinkConformance, runSourceConformance, type ConformanceContext } from '@tsconnect/testkit';
import { logSinkPlugin, randomNumberSourcePlugin } from './plugins.js';
import { randomNumber } from './random-numbers.js';

/** The broker to test against, e.g. KAFKA_BOOTSTRAP=localhost:9092 npm test. */
function bootstrapServers(): string {
  const servers = process.env['KAFKA_BOOTSTRAP'];
  if (!servers) throw new Error('KAFKA_BOOTSTRAP is not set: export the bootstrap servers of a Kafka broker to run these tests');
  return servers;
}

const SEED = 7;

runSourceConformance(randomNumberSourcePlugin, {
  bootstrapServers,
  config: (ctx) => ({ topic: ctx.topic, seed: String(SEED), 'batch.size': '3', 'poll.interval.ms': '100' }),
  // The kit's default converters are schemaless JSON: the key "0" is the text "0" in quotes.
  expectedRecords: (_ctx, count) => Array.from({ length: count }, (_, seq) => ({
    key: JSON.stringify(String(seq)),
    value: JSON.stringify({ seq, value: randomNumber(SEED, seq) }),
  })),
});

const logFile = (ctx: ConformanceContext) => join(ctx.dir, 'log.jsonl');

runSinkConformance(logSinkPlugin, {
  bootstrapServers,
  config: (ctx) => ({ 'log.file': logFile(ctx) }),
  records: (_ctx, round) => [0, 1, 2].map((i) => ({ key: JSON.stringify(`k${round}-${i}`), value: JSON.stringify({ n: i, round }) })),
  readBack: async (ctx) => (await readFile(logFile(ctx), 'utf8').catch(() => '')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown),
  expectedReadBack: (ctx, rounds) => Array.from({ length: rounds * 3 }, (_, offset) => ({
    topic: ctx.topic, partition: 0, offset, key: `k${Math.floor(offset / 3)}-${offset % 3}`, value: { n: offset % 3, round: Math.floor(offset / 3) },
  })),
  // A log file in a directory that does not exist: flush fails, the task must be FAILED with the cause.
  failingConfig: (ctx) => ({ 'log.file': join(ctx.dir, 'no-such-dir', 'log.jsonl') }),
  expectedTrace: /ENOENT/,
});
