import { posix } from 'node:path';

/** One thing wrong in the documentation, where a reader would find it. */
export interface DocsProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** What the checker may ask about the repository; the test passes the real one, fixtures a small one. */
export interface DocsWorld {
  /** Markdown files by repository-relative path (`README.md`, `docs/api.md`). */
  readonly markdown: ReadonlyMap<string, string>;
  /** Whether a repository-relative path names a file or folder. */
  readonly exists: (path: string) => boolean;
  /** package.json's script names. */
  readonly scripts: ReadonlySet<string>;
  /** Whether `npx <name>` finds a local binary. */
  readonly hasBinary: (name: string) => boolean;
  /** The flags a script's CLI knows (without `--`), or `null` when the script is not checked for flags. */
  readonly flagsOf: (script: string) => ReadonlySet<string> | null;
}

/** GitHub's heading slug: lower case, punctuation dropped (but `-` and `_`), each space a `-`. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

interface Line {
  readonly number: number;
  readonly text: string;
}

/** The lines outside fenced blocks, and the fenced blocks with their info string. */
function splitFences(markdown: string): { prose: Line[]; blocks: { info: string; lines: Line[] }[] } {
  const prose: Line[] = [];
  const blocks: { info: string; lines: Line[] }[] = [];
  let open: { info: string; lines: Line[]; fence: string } | null = null;
  markdown.split(/\r?\n/).forEach((text, index) => {
    const line = { number: index + 1, text };
    const fence = /^\s*(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
    if (open === null && fence) {
      open = { info: fence[2] ?? '', lines: [], fence: fence[1] ?? '```' };
    } else if (open !== null && text.trim().startsWith(open.fence)) {
      blocks.push({ info: open.info, lines: open.lines });
      open = null;
    } else if (open !== null) {
      open.lines.push(line);
    } else {
      prose.push(line);
    }
  });
  return { prose, blocks };
}

/** Every anchor a link may point at: heading slugs (GitHub numbers repeats) and explicit `id`/`name` anchors. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of splitFences(markdown).prose) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading) {
      const slug = slugOf(heading[1] ?? '');
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const match of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] ?? '');
  }
  return anchors;
}

/** Relative links and image sources of the prose, code spans left out. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  for (const { number, text } of splitFences(markdown).prose) {
    const prose = text.replace(/`[^`]*`/g, '');
    const targets = [
      ...[...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ''),
      ...[...prose.matchAll(/\bsrc="([^"]+)"/g)].map((m) => m[1] ?? ''),
    ];
    for (const target of targets) {
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) links.push({ line: number, target });
    }
  }
  return links;
}

const REPOSITORY_FOLDERS = /^(?:shared|functions|local|infra|test|cli|bench|cost|docs|examples|types|\.ci)\//;

/** Repository paths quoted in code spans of the prose (`shared/types.ts`), placeholders and anchors left out. */
export function quotedPathsOf(markdown: string): { line: number; path: string }[] {
  return splitFences(markdown).prose.flatMap(({ number, text }) =>
    [...text.matchAll(/`([^`\s]+)`/g)]
      .map((m) => (m[1] ?? '').replace(/#.*$/, ''))
      .filter((path) => REPOSITORY_FOLDERS.test(path) && !/[<>*{}…]/.test(path))
      .map((path) => ({ line: number, path: path.replace(/\/$/, '') })),
  );
}

/** Problems with one file's quoted paths: a file or folder the text names that is not there (moved, renamed). */
export function checkQuotedPaths(file: string, world: DocsWorld): DocsProblem[] {
  return quotedPathsOf(world.markdown.get(file) ?? '')
    .filter(({ path }) => !world.exists(path))
    .map(({ line, path }) => ({ file, line, message: `quoted path ${path} does not exist` }));
}

/** Where a link leads from `file`: the repository-relative path (the file itself for `#x`) and the anchor. */
export function resolveLink(file: string, target: string): { path: string; anchor: string | null } {
  const hash = target.indexOf('#');
  const rawPath = hash < 0 ? target : target.slice(0, hash);
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  const path = rawPath === '' ? file : posix.normalize(posix.join(posix.dirname(file), decodeURI(rawPath)));
  return { path: path.replace(/\/$/, ''), anchor };
}

/** Problems with one file's links: a missing file, or an anchor its Markdown target does not have. */
export function checkLinks(file: string, world: DocsWorld): DocsProblem[] {
  const problems: DocsProblem[] = [];
  for (const { line, target } of linksOf(world.markdown.get(file) ?? '')) {
    const { path, anchor } = resolveLink(file, target);
    if (path.startsWith('..')) {
      problems.push({ file, line, message: `link ${target} leaves the repository` });
    } else if (!world.exists(path)) {
      problems.push({ file, line, message: `link ${target}: ${path} does not exist` });
    } else if (anchor !== null && path.endsWith('.md')) {
      const text = world.markdown.get(path);
      if (text !== undefined && !anchorsOf(text).has(anchor)) {
        problems.push({ file, line, message: `link ${target}: ${path} has no anchor #${anchor}` });
      }
    }
  }
  return problems;
}

/** A runnable command: a line of a `sh`/`bash`/`shell` block, prompts and comments stripped, `\` joined. */
export interface RunnableCommand {
  readonly line: number;
  readonly text: string;
}

const SHELL_INFOS = new Set(['sh', 'bash', 'shell', 'console']);

export function runnableCommandsOf(markdown: string): RunnableCommand[] {
  const commands: RunnableCommand[] = [];
  for (const block of splitFences(markdown).blocks.filter((b) => SHELL_INFOS.has(b.info))) {
    let pending: RunnableCommand | null = null;
    for (const { number, text } of block.lines) {
      const bare = text.replace(/^\s*\$\s+/, '').replace(/(^|\s)#.*$/, '');
      const joined: RunnableCommand = pending
        ? { line: pending.line, text: `${pending.text} ${bare}` }
        : { line: number, text: bare };
      const last = commands.at(-1);
      if (
        pending === null &&
        /^\s+\[/.test(bare) &&
        last !== undefined &&
        last.line >= (block.lines[0]?.number ?? 0)
      ) {
        // A synopsis's options continued on the next lines: `[--flag N]`.
        commands[commands.length - 1] = { line: last.line, text: `${last.text} ${bare}` };
      } else if (/\\\s*$/.test(bare)) {
        pending = { line: joined.line, text: joined.text.replace(/\\\s*$/, '') };
      } else {
        pending = null;
        if (joined.text.trim() !== '') commands.push(joined);
      }
    }
  }
  return commands;
}

/** The npm and npx invocations of a command line (`a && b | c; d`), environment assignments stripped. */
export function invocationsOf(command: string): string[][] {
  return command
    .replace(/\[[^\]]*\]/g, (options) => options.replaceAll('|', ' '))
    .split(/&&|\|\||[|;]/)
    .map((part) => part.trim().split(/\s+/).filter(Boolean))
    .map((words) => {
      let start = 0;
      while (start < words.length && /^[A-Z_][A-Z0-9_]*=/.test(words[start] ?? '')) start++;
      return words.slice(start);
    })
    .filter((words) => words[0] === 'npm' || words[0] === 'npx');
}

const NPM_BUILTINS = new Set(['ci', 'install', 'config']);

/** The flags given to a script after `--` (`[--check kind]` in a synopsis counts too). */
function flagsAfterSeparator(args: readonly string[]): string[] {
  const separator = args.indexOf('--');
  if (separator < 0) return [];
  return args
    .slice(separator + 1)
    .map((word) => word.replace(/^\[+/, ''))
    .flatMap((word) => /^--([a-z][a-z0-9-]*)/.exec(word)?.slice(1, 2) ?? []);
}

/** What is wrong with one `npm …`/`npx …` invocation, or `null`. */
export function invocationProblem(words: readonly string[], world: DocsWorld): string | null {
  const [tool, ...rest] = words;
  if (tool === 'npx') {
    const name = rest.find((word) => !word.startsWith('-'));
    return name === undefined || world.hasBinary(name) ? null : `npx ${name}: no such local binary`;
  }
  const args = rest.filter((word, index) => !(index <= 1 && (word === '-s' || word === '--silent')));
  const [command, ...afterCommand] = args;
  if (command === undefined) return 'npm without a command';
  if (NPM_BUILTINS.has(command)) return null;
  const script =
    command === 'run' ? afterCommand.find((word) => word !== '-s' && word !== '--silent') : command;
  if (command !== 'run' && command !== 'test' && command !== 'start')
    return `npm ${command}: not a command the docs may quote`;
  if (script === undefined || !world.scripts.has(script))
    return `npm ${args.join(' ')}: no script ${script ?? ''}`;
  const known = world.flagsOf(script);
  if (known === null) return null;
  const unknown = flagsAfterSeparator(afterCommand).filter((flag) => !known.has(flag));
  return unknown.length === 0
    ? null
    : `npm run ${script}: unknown flag ${unknown.map((f) => `--${f}`).join(', ')}`;
}

/** Problems with one file's runnable commands. */
export function checkCommands(file: string, world: DocsWorld): DocsProblem[] {
  const problems: DocsProblem[] = [];
  for (const { line, text } of runnableCommandsOf(world.markdown.get(file) ?? '')) {
    for (const words of invocationsOf(text)) {
      const message = invocationProblem(words, world);
      if (message !== null) problems.push({ file, line, message });
    }
  }
  return problems;
}

/** Every problem of every Markdown file of the world, as `file:line: message` lines. */
export function checkDocs(world: DocsWorld): string[] {
  return [...world.markdown.keys()]
    .sort()
    .flatMap((file) => [
      ...checkLinks(file, world),
      ...checkQuotedPaths(file, world),
      ...checkCommands(file, world),
    ])
    .map(({ file, line, message }) => `${file}:${line}: ${message}`);
}

/** `docs/x.md#anchor` citations in source text (tests cite the rules they check this way). */
export function citationsOf(source: string): { line: number; path: string; anchor: string }[] {
  return source.split('\n').flatMap((text, index) =>
    [...text.matchAll(/\b((?:docs\/)[\w./-]+\.md)#([\w-]+)/g)].map((m) => ({
      line: index + 1,
      path: m[1] ?? '',
      anchor: m[2] ?? '',
    })),
  );
}

/** Markdown pages no chain of relative links from `start` reaches: pages a reader of the README cannot find. */
export function unreachableFrom(start: string, world: DocsWorld): string[] {
  const reached = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    for (const { target } of linksOf(world.markdown.get(file) ?? '')) {
      const { path } = resolveLink(file, target);
      if (world.markdown.has(path) && !reached.has(path)) {
        reached.add(path);
        queue.push(path);
      }
    }
  }
  return [...world.markdown.keys()].filter((file) => !reached.has(file)).sort();
}
