import { ConnectRestException } from '../herder/errors.js';

/**
 * Sends a REST request on to another worker (the leader, or the worker running a task), as
 * Kafka's RestClient does for forwarded requests, and turns its error body back into the same
 * ConnectRestException so the caller answers with the leader's status code and message.
 */
export async function forwardRequest<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, baseUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(90_000),
    });
  } catch (e) {
    throw new ConnectRestException(500, `IO Error trying to forward REST request: ${method} ${baseUrl}${path}: ${(e as Error).message}`, { cause: e });
  }
  const text = await res.text();
  const parsed: unknown = text === '' ? undefined : JSON.parse(text);
  if (res.status >= 400) {
    const message = (parsed as { message?: string } | undefined)?.message ?? `${method} ${path} failed with status ${res.status}`;
    throw new ConnectRestException(res.status, message);
  }
  return { status: res.status, body: parsed as T };
}
