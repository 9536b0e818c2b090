// Runs one JsonConverter case in a loop, for `node --cpu-prof`:
//   node [--cpu-prof --cpu-prof-dir /tmp/prof] tools/bench/converters/profile-case.mjs <size> <schemas|noschemas> <encode|decode> [seconds=3]
// Prints records/s and records per CPU-second (after a warm-up of the same length). Uses the built package (dist).
import { record, SCHEMAS, SIZES } from './records.mjs';
// BENCH_CONVERTER_JSON: another build's index.js (e.g. a saved dist) instead of the package, for A/B runs.
const { JsonConverter } = await import(process.env.BENCH_CONVERTER_JSON ?? '@tsconnect/converter-json');

const [size = 'medium', mode = 'schemas', dir = 'encode', secondsArg = '3'] = process.argv.slice(2);
if (!SIZES.includes(size) || !['schemas', 'noschemas'].includes(mode) || !['encode', 'decode'].includes(dir)) {
  console.error('usage: profile-case.mjs <small|medium|large> <schemas|noschemas> <encode|decode> [seconds]');
  process.exit(2);
}
const N = 1000;
const conv = new JsonConverter();
conv.configure({ 'schemas.enable': String(mode === 'schemas') }, false);
const schema = SCHEMAS[size];
const records = Array.from({ length: N }, (_, i) => record(size, i));
const encoded = records.map((r) => conv.fromConnectData('bench', schema, r));
const op = dir === 'encode'
  ? (i) => conv.fromConnectData('bench', schema, records[i]).length
  : (i) => { conv.toConnectData('bench', encoded[i]); return 1; };
const limit = BigInt(Math.round(Number(secondsArg) * 1e9));
let sink = 0;
for (let phase = 0; phase < 2; phase++) {
  let count = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < limit) {
    for (let i = 0; i < N; i++) sink += op(i);
    count += N;
  }
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  // Per CPU-second too: steadier than wall time on a busy machine.
  if (phase === 1) console.log(`${size} ${mode} ${dir}: ${Math.round(count / s)} records/s, ${Math.round(count / cpuS)} records/cpu-s`);
}
if (sink < 0) console.log(sink);
