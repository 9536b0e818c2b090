/**
 * A windowed statistic like Kafka's metrics Avg/Max/Rate: samples of `windowMs` (Kafka's
 * `metrics.sample.window.ms`, 30 s), the last `samples` (2) of them count.
 */
export class SampledStat {
  private buckets: { start: number; count: number; sum: number; max: number }[] = [];
  private readonly created: number;

  constructor(private readonly windowMs = 30_000, private readonly samples = 2, now = Date.now()) {
    this.created = now;
  }

  record(value: number, now = Date.now()): void {
    let b = this.buckets[this.buckets.length - 1];
    if (!b || now - b.start >= this.windowMs) {
      b = { start: now, count: 0, sum: 0, max: -Infinity };
      this.buckets.push(b);
    }
    b.count++;
    b.sum += value;
    b.max = Math.max(b.max, value);
    this.purge(now);
  }

  private purge(now: number): void {
    this.buckets = this.buckets.filter((b) => now - b.start < this.windowMs * this.samples);
  }

  /** Average of the recorded values; NaN without samples (as Kafka). */
  avg(now = Date.now()): number {
    this.purge(now);
    const count = this.buckets.reduce((n, b) => n + b.count, 0);
    return count === 0 ? NaN : this.buckets.reduce((s, b) => s + b.sum, 0) / count;
  }

  max(now = Date.now()): number {
    this.purge(now);
    return this.buckets.length === 0 ? NaN : Math.max(...this.buckets.map((b) => b.max));
  }

  /** Sum of recorded values per second over the window (the time since creation while younger). */
  rate(now = Date.now()): number {
    this.purge(now);
    const sum = this.buckets.reduce((s, b) => s + b.sum, 0);
    const elapsedMs = Math.min(now - this.created, this.windowMs * this.samples);
    return sum / Math.max(1, elapsedMs / 1000);
  }
}
