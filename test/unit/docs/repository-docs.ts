import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import type { DocsWorld } from './docs-check.js';

/** Markdown files at the root and under `docs/`, repository-relative. */
function markdownFiles(): string[] {
  const root = readdirSync('.').filter((name) => name.endsWith('.md'));
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = posix.join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.md') ? [path] : [];
    });
  return [...root, ...walk('docs')];
}

/** The repository's own files a script's entry file imports, transitively (bounded). */
function sourcesFrom(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0 && seen.size < 1000) {
    const file = queue.shift() ?? '';
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = posix.normalize(posix.join(posix.dirname(file), match[1] ?? ''));
      queue.push(target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'));
    }
  }
  return [...seen];
}

/** The flags a script's CLI names (every `--flag` in its sources, its usage text included). */
function flagsOfCommand(command: string): ReadonlySet<string> | null {
  const entry = command.split(/\s+/).find((word) => /\.tsx?$/.test(word));
  if (entry === undefined) return null;
  const flags = new Set<string>();
  for (const file of sourcesFrom(entry)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/--([a-z][a-z0-9-]*)/g))
      flags.add(match[1] ?? '');
  }
  return flags;
}

/** Whether a path is (under) a folder `.gitignore` names, such as generated screenshots: it may not exist yet. */
function ignoredFolder(path: string): boolean {
  return readFileSync('.gitignore', 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.endsWith('/') && !line.startsWith('#'))
    .some((folder) => `${path}/`.startsWith(folder) || `${path}/`.includes(`/${folder}`));
}

/** The repository as the docs checker sees it; run from the repository root (as vitest does). */
export function repositoryDocs(): DocsWorld {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  return {
    markdown: new Map(markdownFiles().map((file) => [file, readFileSync(file, 'utf8')])),
    exists: (path) => existsSync(path) || ignoredFolder(path),
    scripts: new Set(Object.keys(scripts)),
    hasBinary: (name) => existsSync(posix.join('node_modules/.bin', name)),
    flagsOf: (script) => {
      const command = scripts[script];
      return command === undefined ? null : flagsOfCommand(command);
    },
  };
}

/** Every TypeScript file under `test/`, for the citations check. */
export function testSources(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = posix.join(dir, name);
      if (name === 'node_modules' || name === 'screenshots') return [];
      if (statSync(path).isDirectory()) return walk(path);
      return /\.tsx?$/.test(name) ? [path] : [];
    });
  return walk('test');
}
