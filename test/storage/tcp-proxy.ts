/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL, to cut the database away from a store (an outage)
 * and bring it back, through the real driver and network stack.
 */
import { createConnection, createServer, type Socket } from 'node:net';

/** A running proxy: `url` reaches the target through it while it is up. */
export interface TcpProxy {
  url: string;
  /** Cuts every open connection and resets new ones until `up()`. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

/** Starts a proxy for the host and port of `targetUrl`; returns the same URL pointing at the proxy. */
export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let isUp = true;
  const server = createServer((incoming) => {
    if (!isUp) {
      incoming.destroy();
      return;
    }
    const outgoing = createConnection({ host: target.hostname, port: Number(target.port || 5432) });
    for (const s of [incoming, outgoing]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url: url.toString(),
    down() {
      isUp = false;
      for (const s of sockets) s.destroy();
    },
    up() {
      isUp = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
