#!/usr/bin/env node
// Prints the newest side-by-side result of each benchmark as a Markdown table (for the README).
//   node tools/bench/side-by-side/report.mjs [results-dir]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SBS } from './lib/workers.mjs';

const dir = process.argv[2] ?? join(SBS, '../results');
const newest = new Map();
for (const f of readdirSync(dir).filter((f) => /^side-by-side-.*\.json$/.test(f)).sort()) {
  const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  if (r.profiles) continue; // profiled runs carry the profiler's overhead: not for the table
  newest.set(r.bench, { ...r, file: f });
}
const n = (v) => (v === undefined || Number.isNaN(v) ? '-' : Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(2));
const ratio = (x, y) => (y ? (x / y).toFixed(2) : '-');
let machine;
for (const bench of ['cdc', 'snapshot', 'latency', 'sink']) {
  const r = newest.get(bench);
  if (!r) continue;
  machine ??= r.machine;
  console.log(`\n**${bench}** (${r.file}${r.loadavg ? `, load avg before ${r.loadavg.before.map((x) => x.toFixed(1)).join('/')}` : ''})\n`);
  if (bench === 'latency') {
    console.log('| rows/s offered | p50 ms ours / dbz | p99 ms ours / dbz | max ms ours / dbz | CPU s ours / dbz (ratio) | peak RSS MB ours / dbz |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    for (const x of r.runs) {
      const [o, d] = [x.ours, x.debezium];
      console.log(`| ${n(x.size)} | ${n(o.p50Ms)} / ${n(d.p50Ms)} | ${n(o.p99Ms)} / ${n(d.p99Ms)} | ${n(o.maxMs)} / ${n(d.maxMs)} | ${n(o.cpuSeconds)} / ${n(d.cpuSeconds)} (${ratio(o.cpuSeconds, d.cpuSeconds)}) | ${n(o.peakRssMb)} / ${n(d.peakRssMb)} |`);
    }
    continue;
  }
  console.log(`| rows | ours rows/s | debezium rows/s | ratio | limit rows/s (${r.runs[0]?.limit?.name ?? '-'}) | ours CPU s | debezium CPU s | ratio | ours µs CPU/row | debezium µs CPU/row | ours peak RSS MB | debezium peak RSS MB |`);
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of r.runs) {
    const [o, d] = [x.ours, x.debezium];
    console.log(`| ${n(x.size)} | ${n(o.rowsPerSecond)} | ${n(d.rowsPerSecond)} | ${ratio(o.rowsPerSecond, d.rowsPerSecond)} | ${n(x.limit?.rowsPerSecond)} | ${n(o.cpuSeconds)} | ${n(d.cpuSeconds)} | ${ratio(o.cpuSeconds, d.cpuSeconds)} | ${n((o.cpuSeconds / x.size) * 1e6)} | ${n((d.cpuSeconds / x.size) * 1e6)} | ${n(o.peakRssMb)} | ${n(d.peakRssMb)} |`);
  }
}
if (machine) console.log(`\nMachine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryMb} MB; ${machine.os}; node ${machine.node}; ${machine.java}; Kafka ${machine.kafkaBroker} (Connect ${machine.connectRuntime}); Debezium ${machine.debezium}; ${machine.postgres}`);
