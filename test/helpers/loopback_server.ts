// A real HTTP server on 127.0.0.1 (port 0) whose answers a test scripts, recording requests.
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface Reply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A string, or a value sent as JSON. */
  readonly body?: unknown;
}

export interface LoopbackServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(handle: (req: SeenRequest, base: string) => Reply): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', base);
    const seen = { path: u.pathname, query: u.searchParams, headers: req.headers };
    requests.push(seen);
    let reply: Reply;
    try {
      reply = handle(seen, base);
    } catch (e) {
      reply = { status: 599, body: String(e) };
    }
    const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
    const type = typeof reply.body === 'string' ? 'text/html; charset=utf-8' : 'application/json';
    res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base, requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
