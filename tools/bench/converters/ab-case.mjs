// A/B of two builds of converter-json on one JsonConverter case, in one process: short runs of A and B
// alternate, so load from other work on the machine hits both alike. Usage:
//   node tools/bench/converters/ab-case.mjs <path/to/A/index.js> <path/to/B/index.js> <size> <schemas|noschemas> <encode|decode> [rounds=20]
// Prints the median records per CPU-second of each and B/A. Paths: e.g. a saved copy of dist, and the package's dist.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { record, SCHEMAS, SIZES } from './records.mjs';

const [a, b, size = 'medium', mode = 'schemas', dir = 'encode', roundsArg = '20'] = process.argv.slice(2);
if (!a || !b || !SIZES.includes(size) || !['schemas', 'noschemas'].includes(mode) || !['encode', 'decode'].includes(dir)) {
  console.error('usage: ab-case.mjs <A index.js> <B index.js> <small|medium|large|cdc> <schemas|noschemas> <encode|decode> [rounds]');
  process.exit(2);
}
const N = 1000;
const schema = SCHEMAS[size];
const records = Array.from({ length: N }, (_, i) => record(size, i));

async function contender(path) {
  const { JsonConverter } = await import(pathToFileURL(resolve(path)).href);
  const conv = new JsonConverter();
  conv.configure({ 'schemas.enable': String(mode === 'schemas') }, false);
  const encoded = records.map((r) => conv.fromConnectData('bench', schema, r));
  const op = dir === 'encode'
    ? (i) => conv.fromConnectData('bench', schema, records[i]).length
    : (i) => { conv.toConnectData('bench', encoded[i]); return 1; };
  return { op, encoded, perCpuSecond: [] };
}

/** Runs op over the records for ~ms milliseconds; records per CPU-second. */
function run(op, ms) {
  let count = 0;
  let sink = 0;
  const cpu = process.cpuUsage();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < N; i++) sink += op(i);
    count += N;
  }
  const used = process.cpuUsage(cpu);
  if (sink < 0) console.log(sink);
  return count / ((used.user + used.system) / 1e6);
}

const A = await contender(a);
const B = await contender(b);
for (let i = 0; i < N; i++) {
  if (Buffer.compare(Buffer.from(A.encoded[i]), Buffer.from(B.encoded[i])) !== 0) throw new Error(`record ${i}: A and B write different bytes`);
}
run(A.op, 1000); run(B.op, 1000); // warm-up (JIT)
const rounds = Number(roundsArg);
for (let r = 0; r < rounds; r++) {
  A.perCpuSecond.push(run(A.op, 150));
  B.perCpuSecond.push(run(B.op, 150));
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ma = median(A.perCpuSecond);
const mb = median(B.perCpuSecond);
console.log(`${size} ${mode} ${dir}: A ${Math.round(ma)} records/cpu-s, B ${Math.round(mb)} records/cpu-s, B/A ${(mb / ma).toFixed(2)}`);
