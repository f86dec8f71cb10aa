import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The build rule "no function over 80 lines": counted from a function's first line to its last, blank lines and
 * comments included, for every function declaration, method, constructor, accessor, function expression and arrow
 * function with a block body. A nested function counts on its own and also inside its outer one: a function that
 * holds a long closure is as long to read as one that does not.
 */
const MAX_FUNCTION_LINES = 80;
const EXEMPTION = /^\s*\/\/\s*long-function:(.*)$/;

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCANNED = ['shared', 'local', 'infra', 'functions'];

interface LongFunction {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly lines: number;
  /** Why the line above exempts it; `''` when the exemption gives no reason. */
  readonly exemption: string | null;
}

/**
 * Functions still over the limit because they are being split in parallel work; to be emptied once that work is
 * merged. Each entry names the file (relative to the repository root) and the function as the checker names it.
 */
const PARALLEL_WORK: readonly { file: string; name: string; reason: string }[] = [];

/** Functions not split yet; this list only shrinks. */
const NOT_YET_SPLIT: readonly { file: string; name: string; reason: string }[] = [];
const ALLOWED = [...PARALLEL_WORK, ...NOT_YET_SPLIT];

function nameOf(node: ts.Node): string {
  const own = (node as { name?: ts.Node }).name;
  if (own && (ts.isIdentifier(own) || ts.isStringLiteral(own) || ts.isPrivateIdentifier(own))) {
    const owner = node.parent;
    const prefix = ts.isClassLike(owner) && owner.name ? `${owner.name.text}.` : '';
    return `${prefix}${own.text}`;
  }
  if (ts.isConstructorDeclaration(node)) {
    const owner = node.parent;
    return `${ts.isClassLike(owner) && owner.name ? owner.name.text : '<class>'}.constructor`;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name) ? parent.name.text : '<property>';
  }
  if (ts.isCallExpression(parent)) {
    const callee = parent.expression.getText();
    return `<callback of ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee}>`;
  }
  return '<anonymous>';
}

function isMeasured(node: ts.Node): node is ts.FunctionLikeDeclaration {
  if (ts.isArrowFunction(node)) return ts.isBlock(node.body);
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node) ||
      ts.isFunctionExpression(node)) &&
    node.body !== undefined
  );
}

/** Every function in one source text longer than `max` lines, exempted or not. */
function longFunctions(file: string, text: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const textLines = text.split('\n');
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isMeasured(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) {
        const above = EXEMPTION.exec(textLines[first - 1] ?? '');
        found.push({
          file,
          line: first + 1,
          name: nameOf(node),
          lines,
          exemption: above ? (above[1] ?? '').trim() : null,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The findings that break the rule: not exempted with a reason, and not in the parallel-work list. */
function violations(
  found: readonly LongFunction[],
  allowed: readonly { file: string; name: string }[] = ALLOWED,
): string[] {
  return found
    .filter((f) => f.exemption === null || f.exemption === '')
    .filter((f) => !allowed.some((a) => a.file === f.file && a.name === f.name))
    .map((f) =>
      f.exemption === ''
        ? `${f.file}:${f.line} ${f.name}: "// long-function:" needs a reason`
        : `${f.file}:${f.line} ${f.name} is ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`,
    );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'cdk.out' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A function of `lines` lines from its first to its last, optionally preceded by `above`. */
function fixture(
  lines: number,
  above = '',
  shape: 'declaration' | 'arrow' | 'method' = 'declaration',
): string {
  const body = Array.from({ length: lines - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');
  const prefix = above === '' ? '' : `${above}\n`;
  switch (shape) {
    case 'declaration':
      return `${prefix}function sample(): void {\n${body}\n}\n`;
    case 'arrow':
      return `${prefix}export const sample = (): void => {\n${body}\n};\n`;
    case 'method':
      return `class Sample {\n  ${above}\n  run(): void {\n${body}\n  }\n}\n`;
  }
}

describe('the function-length checker', () => {
  it.each(['declaration', 'arrow', 'method'] as const)(
    'passes an 80-line %s and fails an 81-line one',
    (shape) => {
      expect(violations(longFunctions('f.ts', fixture(80, '', shape)))).toEqual([]);
      const failed = violations(longFunctions('f.ts', fixture(81, '', shape)));
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatch(/^f\.ts:\d+ (Sample\.run|sample) is 81 lines \(at most 80\)$/);
    },
  );

  it('names the file and the line the function starts on', () => {
    const text = `const a = 1;\n\n${fixture(81)}`;
    expect(violations(longFunctions('shared/x.ts', text))).toEqual([
      'shared/x.ts:3 sample is 81 lines (at most 80)',
    ]);
  });

  it('accepts an exemption with a reason on the line above', () => {
    const found = longFunctions(
      'f.ts',
      fixture(120, '// long-function: one table of cases, read top to bottom'),
    );
    expect(found).toHaveLength(1);
    expect(violations(found)).toEqual([]);
  });

  it.each(['// long-function:', '// long-function:   '])(
    'fails an exemption without a reason (%j)',
    (comment) => {
      expect(violations(longFunctions('f.ts', fixture(81, comment)))).toEqual([
        'f.ts:2 sample: "// long-function:" needs a reason',
      ]);
    },
  );

  it('does not accept an exemption two lines above', () => {
    const text = fixture(81, '// long-function: too far away\n');
    expect(violations(longFunctions('f.ts', text))).toHaveLength(1);
  });

  it('counts a nested function on its own and inside its outer one', () => {
    const inner = fixture(81).replace(/\n/g, '\n  ');
    const text = `function outer(): void {\n  ${inner}\n}\n`;
    const names = longFunctions('f.ts', text).map((f) => f.name);
    expect(names).toEqual(['outer', 'sample']);
  });

  it('leaves an expression-bodied arrow function alone', () => {
    const text = `const f = () =>\n${Array.from({ length: 90 }, () => '  1 +').join('\n')}\n  1;\n`;
    expect(longFunctions('f.ts', text)).toEqual([]);
  });

  it('reads TSX', () => {
    const jsx = Array.from({ length: 85 }, (_, i) => `      <p>{${i}}</p>`).join('\n');
    const text = `export function Page() {\n  return (\n    <div>\n${jsx}\n    </div>\n  );\n}\n`;
    expect(longFunctions('p.tsx', text).map((f) => f.name)).toEqual(['Page']);
  });

  it('skips an allow-listed function and no other', () => {
    const found = longFunctions('local/x.ts', fixture(81));
    expect(violations(found, [{ file: 'local/x.ts', name: 'sample' }])).toEqual([]);
    expect(violations(found, [{ file: 'local/x.ts', name: 'other' }])).toHaveLength(1);
  });
});

describe('no function over 80 lines', () => {
  const files = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir)));
  const found = files.flatMap((path) =>
    longFunctions(relative(ROOT, path).split('\\').join('/'), readFileSync(path, 'utf8')),
  );

  it('scans the source folders', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it(`has no function longer than ${MAX_FUNCTION_LINES} lines without a reason`, () => {
    expect(violations(found)).toEqual([]);
  });

  it('allows only functions that are still over the limit', () => {
    const stale = ALLOWED.filter((a) => !found.some((f) => f.file === a.file && f.name === a.name));
    expect(stale).toEqual([]);
  });
});
