import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy on 127.0.0.1 that forwards to `target` or cuts every connection, as the test says. */
export interface ToggleProxy {
  readonly url: string;
  /** Connections are cut at once (the service looks unreachable). */
  cut(): void;
  /** Connections reach the target again. */
  forward(): void;
  close(): Promise<void>;
}

export async function startToggleProxy(target: URL, startCut = true): Promise<ToggleProxy> {
  let cutting = startCut;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (cutting) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut: () => {
      cutting = true;
      for (const s of sockets) s.destroy();
    },
    forward: () => {
      cutting = false;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
