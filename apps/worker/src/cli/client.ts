import { CliError } from './io.js';

/** Which Kafka Connect REST endpoint to talk to, and how. */
export interface ConnectTarget {
  readonly url: string;
  readonly user?: string;
  readonly password?: string;
  /** The context it came from, for error messages. */
  readonly context?: string;
}

export interface RestResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** A non-2xx answer: Kafka's `{"error_code","message"}` (or whatever the proxy sent). */
export class ConnectApiError extends CliError {
  constructor(readonly status: number, readonly errorMessage: string) {
    super(`${errorMessage} (HTTP ${status})`);
  }
}

/**
 * A thin client for the documented Kafka Connect REST API (works against the Java worker too):
 * global fetch, JSON bodies, HTTP basic auth when the context has credentials.
 */
export class ConnectClient {
  private readonly base: string;

  constructor(readonly target: ConnectTarget) {
    this.base = target.url.replace(/\/+$/, '');
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<RestResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.target.user !== undefined) {
      headers['authorization'] = `Basic ${Buffer.from(`${this.target.user}:${this.target.password ?? ''}`).toString('base64')}`;
    }
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (e) {
      throw new CliError(connectionMessage(this.target, e));
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text.trim() !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!res.ok) throw new ConnectApiError(res.status, errorMessage(res, parsed));
    return { status: res.status, body: parsed as T };
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.request<T>('GET', path).then((r) => r.body);
  }
}

/** `/connectors/{name}` with the name escaped (names may hold spaces, '.', '#'…). */
export const connectorPath = (name: string, rest = ''): string => `/connectors/${encodeURIComponent(name)}${rest}`;

function errorMessage(res: Response, body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 200) : '';
  return `${res.statusText || 'HTTP error'}${text ? `: ${text}` : ''}`;
}

function connectionMessage(target: ConnectTarget, e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (e as { code?: string }).code;
  const why = code === 'ECONNREFUSED' ? 'connection refused'
    : code === 'ENOTFOUND' ? 'host not found'
    : code === 'ECONNRESET' ? 'connection reset'
    // undici refuses the fetch spec's "bad ports" (1, 9, 25, 6000…) before connecting.
    : cause?.message === 'bad port' || (e as Error).message === 'bad port' ? `port ${new URL(target.url).port} is one fetch refuses to use ("bad port")`
    : cause?.message ?? (e as Error).message;
  const where = target.context ? ` (context "${target.context}")` : '';
  return `Could not connect to Kafka Connect at ${target.url}${where}: ${why}. Is the worker running? Set another URL with --url or 'tsconnect config set-context'.`;
}
