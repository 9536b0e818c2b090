import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { testEnv } from '@tsconnect/test-support';
import { runSinkConformance, runSourceConformance, type ConformanceContext } from '@tsconnect/testkit';
import type { SinkConnectorPlugin, SourceConnectorPlugin } from '@tsconnect/sdk';
import { tsconnectPlugins } from './plugins.js';

const source = tsconnectPlugins.find((p): p is SourceConnectorPlugin => p.type === 'source')!;
const sink = tsconnectPlugins.find((p): p is SinkConnectorPlugin => p.type === 'sink')!;
const bootstrapServers = () => testEnv('KAFKA_BOOTSTRAP');

const input = (ctx: ConformanceContext) => join(ctx.dir, 'in.txt');
const line = (round: number, i: number) => `round ${round} line ${i} – ü`;

runSourceConformance(source, {
  bootstrapServers,
  config: (ctx) => ({ file: input(ctx), topic: ctx.topic, 'batch.size': '2' }),
  produceSomeData: (ctx, round) => appendFile(input(ctx), [0, 1, 2, 3, 4].map((i) => `${line(round, i)}\n`).join('')),
  // Lines as schemaless JSON strings, no key (as Kafka's FileStreamSourceTask); 5 lines per round.
  expectedRecords: async (ctx) => (await readFile(input(ctx), 'utf8')).split('\n').filter((l) => l !== '')
    .map((l) => ({ key: null, value: JSON.stringify(l) })),
});

const output = (ctx: ConformanceContext) => join(ctx.dir, 'out.txt');

runSinkConformance(sink, {
  bootstrapServers,
  config: (ctx) => ({ file: output(ctx) }),
  records: (_ctx, round) => [0, 1, 2].map((i) => ({ value: JSON.stringify(line(round, i)) })),
  readBack: async (ctx) => (await readFile(output(ctx), 'utf8').catch(() => '')).split('\n').filter((l) => l !== ''),
  expectedReadBack: (_ctx, rounds) => Array.from({ length: rounds * 3 }, (_, n) => line(Math.floor(n / 3), n % 3)),
  // The task opens the file in start(): a missing directory must show up as a FAILED task with the cause.
  failingConfig: (ctx) => ({ file: join(ctx.dir, 'no-such-dir', 'out.txt') }),
  expectedTrace: /ENOENT/,
});
