import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Folders this process holds: the pid file alone cannot tell two holders in one process apart. */
const heldHere = new Set<string>();

/** Another running local fleet holds the data folder: two writers would corrupt its database. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `${dataDir} is in use by another local fleet (pid ${pid}); stop it, or pass --data-dir or --memory`,
    );
    this.name = 'DataDirLockedError';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the folder's pid file, or throws `DataDirLockedError` while the process named in it still runs.
 * A pid file left by a crashed run names a dead process and is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const key = resolve(dataDir);
  if (heldHere.has(key)) throw new DataDirLockedError(dataDir, process.pid);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'fleet.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(key);
      return () => {
        heldHere.delete(key);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone: nothing to release
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      // removed meanwhile: try again
    }
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
      throw new DataDirLockedError(dataDir, holder);
    }
    try {
      unlinkSync(file);
    } catch {
      // another process took it over first; the next attempt finds out who
    }
  }
  throw new Error(`cannot take ${file}`);
}
