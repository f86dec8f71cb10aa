import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../infra/constructs/fleet-function.js';

const created: string[] = [];

/** Removes the folders `standInEntry` created (the `node_modules` link, not what it points to). */
export function removeStandInEntries(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A tiny handler file in a fresh temporary folder, for construct tests that need something to bundle. The folder
 * gets the lock file and `node_modules` (a link to the repository's, for esbuild) that bundling looks for.
 */
export function standInEntry(
  source = 'export const handler = async (event) => ({ received: event });\n',
): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-entry-'));
  created.push(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const entry = join(dir, 'handler.ts');
  writeFileSync(entry, source);
  return entry;
}
