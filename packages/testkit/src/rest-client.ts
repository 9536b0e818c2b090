/** Thrown for a non-2xx answer of the worker's REST API, with Kafka Connect's error body. */
export class RestError extends Error {
  constructor(readonly status: number, readonly body: unknown, method: string, path: string) {
    super(`${method} ${path} → ${status}: ${typeof body === 'object' && body !== null && 'message' in body ? String((body as { message: unknown }).message) : JSON.stringify(body)}`);
    this.name = 'RestError';
  }
}

/** Calls the worker's REST API as a user would (JSON in, JSON out). */
export async function restCall<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const parsed: unknown = text === '' ? null : JSON.parse(text);
  if (!res.ok) throw new RestError(res.status, parsed, method, path);
  return parsed as T;
}
