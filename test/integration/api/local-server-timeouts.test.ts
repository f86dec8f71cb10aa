import type { Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createLocalApiServer,
  type LocalServerTimeouts,
} from '../../../shared/adapters/node/local-server.js';
import { createStatusApi } from '../../../shared/api/status-api.js';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { config, makeDeps } from '../../unit/api/fixtures.js';

let server: Server | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function start(timeouts: LocalServerTimeouts): Promise<number> {
  const { statusUrl: _none, ...rest } = config;
  server = createLocalApiServer(createStatusApi(makeDeps({ config: parseFleetConfig(rest) })), { timeouts });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Opens a raw socket, writes `text`, and resolves with everything the server sent once it closes the socket. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    if (text !== '') socket.write(text);
  });
}

describe('local-mode HTTP server', () => {
  it('sets timeouts well below Node’s defaults (60 s for headers, 300 s a request)', async () => {
    await start({});
    expect(server!.headersTimeout).toBe(10_000);
    expect(server!.requestTimeout).toBe(15_000);
    expect(server!.keepAliveTimeout).toBe(5_000);
    expect(server!.timeout).toBe(15_000);
  });

  it('closes a socket that never sends a request', async () => {
    const port = await start({ idleMs: 100 });
    expect(await rawExchange(port, '')).toBe('');
  });

  it('closes a socket whose headers never end', async () => {
    const port = await start({ headersMs: 200, requestMs: 200, idleMs: 60_000 });
    const received = await rawExchange(port, 'GET /status HTTP/1.1\r\nHost: x\r\nX-Slow: 1');
    // Node answers 408 on a request that timed out, or just closes a socket that sent too little to answer.
    expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('builds page.url from the listener’s own address, not from Host or X-Forwarded-Proto', async () => {
    const port = await start({});
    const res = await fetch(`http://127.0.0.1:${port}/summary.json`, {
      headers: { 'x-forwarded-proto': 'javascript:alert(1)//', 'x-forwarded-host': 'evil.example' },
    });
    expect(((await res.json()) as { page: { url: string } }).page.url).toBe(`http://127.0.0.1:${port}`);
  });
});
