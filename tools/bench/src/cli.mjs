#!/usr/bin/env node
// npm run bench -- <name> [options]   (see ../README.md)
import { parseArgs } from 'node:util';

const BENCHES = {
  pgoutput: () => import('./pgoutput/run.mjs'),
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
