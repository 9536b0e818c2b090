/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` with
 * the last observed state in the message (bounded waits instead of sleeps).
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}` +
        (lastError ? `; last error: ${(lastError as Error).message}` : ''));
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
