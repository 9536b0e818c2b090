import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const GNU_TIME = '/usr/bin/time';

/** Parses GNU time -v output: CPU seconds and peak RSS. */
function parseGnuTime(text) {
  const num = (label) => {
    const m = new RegExp(`${label}:\\s*([0-9.]+)`).exec(text);
    if (!m) throw new Error(`/usr/bin/time -v output lacks "${label}"`);
    return Number(m[1]);
  };
  return {
    cpuSeconds: num('User time \\(seconds\\)') + num('System time \\(seconds\\)'),
    userSeconds: num('User time \\(seconds\\)'),
    systemSeconds: num('System time \\(seconds\\)'),
    peakRssMb: num('Maximum resident set size \\(kbytes\\)') / 1024,
  };
}

/**
 * Runs a command under `/usr/bin/time -v` (same measurement for every contender): wall time
 * from spawn to exit, CPU seconds (user + system) and peak RSS of the process, stdout captured.
 */
export function runTimed(cmd, args, { timeoutMs, env } = {}) {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing (Debian: apt-get install time)`);
  const statsFile = join(tmpdir(), `bench-time-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(GNU_TIME, ['-v', '-o', statsFile, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      let stats;
      try {
        stats = parseGnuTime(readFileSync(statsFile, 'utf8'));
      } catch (e) {
        stats = null;
        if (code === 0) return reject(e);
      } finally {
        rmSync(statsFile, { force: true });
      }
      if (code !== 0 || signal) {
        return reject(new Error(`${cmd} exited with ${signal ?? code} after ${wallSeconds.toFixed(1)} s: ${stderr.trim().slice(-2000)}`));
      }
      resolve({ wallSeconds, stdout, stderr, ...stats });
    });
  });
}
