import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../shared/types.js';
import { anchorsOf, checkDocs, citationsOf, type DocsWorld, slugOf, unreachableFrom } from './docs-check.js';
import { repositoryDocs, testSources } from './repository-docs.js';

/** A small repository: the checker must find exactly what is broken in it. */
function fixture(markdown: Record<string, string>, files: readonly string[] = []): DocsWorld {
  const paths = new Set([...Object.keys(markdown), ...files, 'docs']);
  return {
    markdown: new Map(Object.entries(markdown)),
    exists: (path) => paths.has(path),
    scripts: new Set(['start', 'test', 'probe']),
    hasBinary: (name) => name === 'cdk',
    flagsOf: (script) => (script === 'probe' ? new Set(['url', 'json']) : null),
  };
}

describe('the docs checker', () => {
  it.each([
    ['Schedule and phases', 'schedule-and-phases'],
    ['`GET /status`, `GET /targets/{id}`', 'get-status-get-targetsid'],
    ['The status page: `GET /`', 'the-status-page-get-'],
    ["The same coverage with AWS's own monitors", 'the-same-coverage-with-awss-own-monitors'],
    [
      'History and delivery: every change recorded at once, told once',
      'history-and-delivery-every-change-recorded-at-once-told-once',
    ],
    ['Mulai cepat (5 menit)', 'mulai-cepat-5-menit'],
  ])('slugs %s as GitHub does: %s', (heading, slug) => {
    expect(slugOf(heading)).toBe(slug);
  });

  it('knows headings, repeated headings and explicit anchors', () => {
    const anchors = anchorsOf(
      '# Title\n## Notes\n## Notes\n1. <a id="rule-x"></a>**X.**\n```sh\n# not a heading\n```\n',
    );
    expect([...anchors].sort()).toEqual(['notes', 'notes-1', 'rule-x', 'title']);
  });

  it('finds a broken link, a missing anchor and a link out of the repository, with file and line', () => {
    const world = fixture(
      {
        'README.md': '# Fleet\n\nSee [the rules](docs/rules.md#rule-up).\nAnd [gone](docs/gone.md).\n',
        'docs/rules.md': '# Rules\n\n[back](../README.md#fleet), [up](#rule-down), [out](../../etc/passwd)\n',
      },
      ['docs/rules.md'],
    );
    expect(checkDocs(world)).toEqual([
      'README.md:3: link docs/rules.md#rule-up: docs/rules.md has no anchor #rule-up',
      'README.md:4: link docs/gone.md: docs/gone.md does not exist',
      'docs/rules.md:3: link #rule-down: docs/rules.md has no anchor #rule-down',
      'docs/rules.md:3: link ../../etc/passwd leaves the repository',
    ]);
  });

  it('passes good links and ignores external ones, code spans and fenced blocks', () => {
    const world = fixture(
      {
        'README.md':
          '# Fleet\n<img src="docs/shot.png">\n[a](docs/a.md#rule-up) [b](https://example.test/x.md) `[c](nope.md)`\n' +
          '```md\n[d](nope.md)\n```\n[e](#fleet) [f](LICENSE) [g](mailto:a@example.test)\n',
        'docs/a.md': '# A\n| <a id="rule-up"></a>`up` |\n',
      },
      ['docs/shot.png', 'LICENSE'],
    );
    expect(checkDocs(world)).toEqual([]);
  });

  it('finds a quoted repository path that does not exist, and leaves placeholders and anchors alone', () => {
    const world = fixture(
      {
        'README.md':
          '# Fleet\n`shared/types.ts` and `shared/old-place.ts`\n`shared/<name>-store.ts`, `docs/a.md#x`, `npm test`\n',
      },
      ['shared/types.ts', 'docs/a.md'],
    );
    expect(checkDocs(world)).toEqual(['README.md:2: quoted path shared/old-place.ts does not exist']);
  });

  it('finds a page no chain of links from the README reaches', () => {
    const world = fixture({
      'README.md': '# Fleet\n[a](docs/a.md)\n',
      'docs/a.md': '# A\n[b](b.md#x) [self](#a)\n',
      'docs/b.md': '# B\n',
      'docs/orphan.md': '# Orphan\n[a](a.md)\n',
    });
    expect(unreachableFrom('README.md', world)).toEqual(['docs/orphan.md']);
  });

  it('finds a command naming a script, a binary or a flag that does not exist', () => {
    const world = fixture({
      'README.md': [
        '# Fleet',
        '```sh',
        'npm ci && npm start       # fine',
        'npm run nope',
        '$ npm run -s probe -- --url https://example.test/ --json | head',
        'npm run -s probe -- --url x \\',
        '  --bogus',
        'npm run -s probe -- --url <URL> [--json|--url X]',
        '                    [--wrong N]',
        'npx cdk deploy --all',
        'npx missing-tool',
        'FOO=1 npm test',
        '```',
        '```json',
        '{ "npm run": "not a command" }',
        '```',
      ].join('\n'),
    });
    expect(checkDocs(world)).toEqual([
      'README.md:4: npm run nope: no script nope',
      'README.md:6: npm run probe: unknown flag --bogus',
      'README.md:8: npm run probe: unknown flag --wrong',
      'README.md:11: npx missing-tool: no such local binary',
    ]);
  });
});

describe('the repository docs', () => {
  const world = repositoryDocs();

  it('have no broken relative link or anchor, and quote only commands that exist', () => {
    expect(checkDocs(world)).toEqual([]);
  });

  it('are all reachable from the README: a new page is linked from the map or from a page it links', () => {
    expect(unreachableFrom('README.md', world)).toEqual([]);
  });

  it('keep the two commands at the top of a README of at most 250 lines', () => {
    const readme = world.markdown.get('README.md') ?? '';
    const top = readme.split('\n').slice(0, 10).join('\n');
    expect(top).toContain('npm ci && npm start');
    expect(top).toContain('npm ci && npm test');
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });

  it('give every rule of the consensus its anchor, one click from the README', () => {
    const consensus = anchorsOf(world.markdown.get('docs/consensus.md') ?? '');
    const missing = RULES.map((rule) => `rule-${rule.replaceAll('_', '-')}`).filter((a) => !consensus.has(a));
    expect(missing).toEqual([]);
    expect(world.markdown.get('README.md')).toMatch(/\]\(docs\/consensus\.md#the-rules\)/);
  });

  it('are what the tests cite: every docs/…#anchor a test names exists, and no test cites numbered sections', () => {
    // The checker's own fixtures cite files that exist only in them.
    const citing = testSources().filter((file) => !file.startsWith('test/unit/docs/'));
    const problems = citing.flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const broken = citationsOf(source)
        .filter(({ path, anchor }) => !anchorsOf(world.markdown.get(path) ?? '').has(anchor))
        .map(({ line, path, anchor }) => `${file}:${line}: ${path}#${anchor} does not exist`);
      const sections = /\u00a7\d/.test(source)
        ? [`${file}: cites a numbered section instead of a docs anchor`]
        : [];
      return [...broken, ...sections];
    });
    expect(problems).toEqual([]);
    const decideCitations = citationsOf(readFileSync('test/unit/consensus/decide.test.ts', 'utf8'));
    expect(decideCitations.length).toBeGreaterThanOrEqual(8);
  });
});
