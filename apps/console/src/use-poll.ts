import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export const POLL_MS = 2000;

/**
 * Calls `load` now and every `intervalMs` (live updates by polling: works against any Connect
 * worker). `deps` restart it; `refresh` reloads at once (after a button press).
 */
export function usePoll<T>(load: () => Promise<T>, deps: readonly unknown[], intervalMs: number | null = POLL_MS) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const loadRef = useRef(load);
  loadRef.current = load;
  const seq = useRef(0);
  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const value = await loadRef.current();
      if (mine === seq.current) { setData(value); setError(undefined); }
    } catch (e) {
      if (mine === seq.current) setError(e as Error);
    }
  }, []);
  useEffect(() => {
    setData(undefined);
    void refresh();
    if (intervalMs === null) return undefined;
    const t = setInterval(() => void refresh(), intervalMs);
    return () => clearInterval(t);
  }, [...deps, intervalMs]);
  return { data, error, refresh };
}
