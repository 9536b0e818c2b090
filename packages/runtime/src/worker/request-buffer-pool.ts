/**
 * Produce request buffers (~1 MB at full chunks), reused once the broker answered the request
 * that used them: the answer means every byte was written to the socket, and a retry encodes
 * anew. A fresh buffer per request lives until its acks, long enough to be promoted out of
 * V8's young generation; promoted garbage Buffers are only freed by a full GC, which V8 starts
 * for external memory every 64 MB, so the worker's RSS carried tens of MB of dead request
 * buffers. Requests that fail (or get no answer) leave their buffer to the GC.
 */
export class RequestBufferPool {
  private readonly free: Buffer[] = [];
  private readonly ours = new WeakSet<ArrayBufferLike>();

  constructor(private readonly maxBuffers: number, private readonly minCapacity = 256 * 1024) {}

  /** A buffer of exactly `size` bytes (a view of a pooled allocation when one is big enough). */
  take(size: number): Buffer {
    const i = this.free.findIndex((b) => b.length >= size);
    if (i >= 0) return this.free.splice(i, 1)[0]!.subarray(0, size);
    const whole = Buffer.allocUnsafeSlow(Math.max(this.minCapacity, Math.ceil(size / 65536) * 65536));
    this.ours.add(whole.buffer);
    return whole.subarray(0, size);
  }

  /** Returns a buffer from `take` whose request is done; the smallest is dropped when full. */
  give(view: Buffer): void {
    if (!this.ours.has(view.buffer)) return;
    const whole = Buffer.from(view.buffer, 0, view.buffer.byteLength);
    if (this.free.some((b) => b.buffer === whole.buffer)) return;
    if (this.free.length < this.maxBuffers) this.free.push(whole);
    else {
      let smallest = 0;
      for (let i = 1; i < this.free.length; i++) if (this.free[i]!.length < this.free[smallest]!.length) smallest = i;
      if (this.free[smallest]!.length < whole.length) this.free[smallest] = whole;
    }
  }

  get size(): number {
    return this.free.length;
  }
}
