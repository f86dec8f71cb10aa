import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleetConfig } from '../../../shared/config/fleet-config.js';
import { runProbe } from '../../../shared/probe/run-probe.js';
import { probeUserAgent } from '../../../shared/probe/user-agent.js';

let server: Server;
let base: string;
const seen: { path: string; agent: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', agent: req.headers['user-agent'] });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('probe User-Agent on the wire', () => {
  it('sends the region-naming agent to the target and to the control URL', async () => {
    const config = parseFleetConfig({
      controlUrl: `${base}/control`,
      targets: [{ id: 'plain', name: 'Plain', url: `${base}/target`, check: 'http' }],
    });
    const [result] = await runProbe(config, 'ap-southeast-3', {
      userAgent: probeUserAgent('ap-southeast-3'),
    });
    expect(result?.status).toBe('up');
    expect(seen.map((s) => [s.path, s.agent]).sort()).toEqual([
      ['/control', probeUserAgent('ap-southeast-3')],
      ['/target', probeUserAgent('ap-southeast-3')],
    ]);
  });
});
