import { type ChildProcess, spawn } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../bench/support/free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

let moto: ChildProcess | undefined;
/** How long moto may take to start before the tier fails (its Python start-up is slow on a loaded machine). */
const MOTO_START_TIMEOUT_MS = 120_000;

async function waitUntilAnswering(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  while (Date.now() < until && !exited) {
    try {
      const res = await fetch(`${url}/moto-api/data.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(exited ? 'moto exited before answering' : `moto did not answer within ${deadlineMs} ms`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  let stderr = '';
  moto = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  moto.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(endpoint, moto, MOTO_START_TIMEOUT_MS);
  } catch (error) {
    moto.kill('SIGKILL');
    throw new Error(
      `emulator tier needs moto (python3 -m moto.server): ${(error as Error).message}\n${stderr.trim()}`,
    );
  }
  project.provide('motoEndpoint', endpoint);
  return async () => {
    if (moto?.pid !== undefined && moto.exitCode === null) {
      process.kill(moto.pid, 'SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          moto?.kill('SIGKILL');
          resolve();
        }, 5000);
        moto?.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
}
