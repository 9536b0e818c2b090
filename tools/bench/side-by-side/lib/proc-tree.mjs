// CPU seconds and peak RSS of a process tree, read from /proc (Linux): the same measurement for a
// node worker and a JVM worker, including any children they start.
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

function readStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces and parentheses: fields start after the last ')'.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) }; // utime + stime
  } catch {
    return null; // exited meanwhile
  }
}

function readRssKb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** pid and all its descendants, by walking /proc's ppid links. */
export function processTree(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(name);
    if (!st) continue;
    const list = children.get(st.ppid) ?? [];
    list.push(Number(name));
    children.set(st.ppid, list);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

/** utime+stime of the tree in seconds (children that already exited are not counted). */
export function treeCpuSeconds(root) {
  let ticks = 0;
  for (const pid of processTree(root)) ticks += readStat(pid)?.ticks ?? 0;
  return ticks / CLK_TCK;
}

export function treeRssMb(root) {
  let kb = 0;
  for (const pid of processTree(root)) kb += readRssKb(pid);
  return kb / 1024;
}

/**
 * Samples VmRSS of the tree every `intervalMs` (100 ms) from now until stop(); `peakMb` is the
 * highest sum seen. `mark()` starts a measurement window: cpu/peak since the mark.
 */
export class TreeSampler {
  constructor(root, intervalMs = 100) {
    this.root = root;
    this.peakMb = 0;
    this.windowPeakMb = 0;
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  sample() {
    const mb = treeRssMb(this.root);
    if (mb > this.peakMb) this.peakMb = mb;
    if (mb > this.windowPeakMb) this.windowPeakMb = mb;
  }

  /** Starts a window: CPU seconds are counted from here. */
  mark() {
    this.cpuAtMark = treeCpuSeconds(this.root);
    this.windowPeakMb = 0;
    this.sample();
  }

  /** CPU seconds since mark() and peak RSS (whole life and window). */
  read() {
    this.sample();
    return { cpuSeconds: treeCpuSeconds(this.root) - this.cpuAtMark, peakRssMb: this.peakMb, windowPeakRssMb: this.windowPeakMb };
  }

  stop() {
    clearInterval(this.timer);
  }
}
