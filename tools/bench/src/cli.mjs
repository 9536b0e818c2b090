#!/usr/bin/env node
// npm run bench -- <name> [options]   (see ../README.md)
import { parseArgs } from 'node:util';

const BENCHES = {
  pgoutput: () => import('./pgoutput/run.mjs'),
  converters: () => import('../converters/run.mjs'),
  'jdbc-sink': () => import('../jdbc-sink/run.mjs'),
  's3-sink': () => import('../s3-sink/run.mjs'),
  // Side-by-side against Debezium on the Java Kafka Connect runtime (../side-by-side/README.md).
  ...Object.fromEntries(['cdc', 'snapshot', 'latency', 'sink'].map((b) => [b, () => import('../side-by-side/run.mjs').then((m) => ({ run: (o) => m.runBench(b, o) }))])),
};

const [name, ...rest] = process.argv.slice(2);
if (!name || !(name in BENCHES)) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}> [options]; got ${JSON.stringify(name ?? '')}`);
  process.exit(2);
}
const { values } = parseArgs({
  args: rest,
  options: { size: { type: 'string', multiple: true }, repeat: { type: 'string' }, profile: { type: 'boolean', default: false } },
});
const bench = await BENCHES[name]();
try {
  await bench.run(values);
} catch (err) {
  console.error(`bench ${name} FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
