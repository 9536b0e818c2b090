/**
 * Messages/second of a topic estimated from the sum of its end offsets at different times. The
 * console polls the summary every 2 s, so consecutive samples give a rate without a consumer.
 */
export class ThroughputTracker {
  private readonly samples = new Map<string, { at: number; total: bigint }[]>();

  constructor(private readonly windowMs = 30_000, private readonly minSpanMs = 1_000) {}

  /** Records a sample and returns the rate over the window, or null until two samples are ≥ minSpanMs apart. */
  record(topic: string, total: bigint, at: number): number | null {
    const list = (this.samples.get(topic) ?? []).filter((s) => at - s.at <= this.windowMs && s.at <= at);
    // The end offsets only grow; a smaller total means the topic was recreated: start over.
    const last = list.at(-1);
    if (last && total < last.total) list.length = 0;
    list.push({ at, total });
    this.samples.set(topic, list);
    const first = list[0]!;
    const span = at - first.at;
    if (span < this.minSpanMs) return null;
    return Number(total - first.total) / (span / 1000);
  }
}
