import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with the n-th request (1-based). */
export type FlakyAction = 'forward' | 'slowdown' | 'reset';

export interface FlakyProxy {
  readonly url: string;
  /** One entry per request received: its number, what was done, when it arrived and what it was. */
  readonly log: { n: number; action: FlakyAction; at: number; method: string; path: string }[];
  close(): Promise<void>;
}

const SLOW_DOWN = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

/**
 * A test-only HTTP proxy in front of the real S3 server that injects transient failures: S3's
 * 503 SlowDown, or a connection reset (the socket destroyed without an answer). The request body
 * is read first either way, as a real server would have received it.
 */
export async function startFlakyProxy(target: string, plan: (n: number) => FlakyAction): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const log: FlakyProxy['log'] = [];
  let count = 0;
  const server: Server = createServer((req, res) => {
    const n = ++count;
    const action = plan(n);
    log.push({ n, action, at: Date.now(), method: req.method ?? '', path: req.url ?? '' });
    if (action === 'forward') {
      const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up: IncomingMessage) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
      return;
    }
    req.resume();
    req.on('end', () => {
      if (action === 'reset') {
        req.socket.destroy();
      } else {
        res.writeHead(503, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(SLOW_DOWN) });
        res.end(req.method === 'HEAD' ? undefined : SLOW_DOWN);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
