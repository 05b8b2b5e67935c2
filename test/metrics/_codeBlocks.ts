/**
 * Code blocks as tests: TSDoc `@example`s of src/metrics and the ```ts blocks of docs/metrics.md are
 * type-checked against the source (strict, as a user's code would be) and run. A statement ending in
 * `//=> value` — on its line or alone on the next — is checked when `value` is a JavaScript
 * expression: the statement's value must deep-equal it (numbers to 1e-12 relative).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One block of code and where it comes from (for messages). */
export interface CodeBlock {
  readonly where: string;
  readonly code: string;
}

/** The ```ts blocks of a markdown file. */
export function markdownBlocks(file: string): CodeBlock[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: CodeBlock[] = [];
  const re = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ where: `${file}:${line}`, code: m[1]! });
  }
  return out;
}

/** The `@example` blocks of the TSDoc comments of a source file, with the name they document. */
export function tsdocExamples(file: string): CodeBlock[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: CodeBlock[] = [];
  const re = /\/\*\*([\s\S]*?)\*\//g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const body = m[1]!.replace(/^[ \t]*\* ?/gm, '');
    const ex = /@example\s*\n```ts\n([\s\S]*?)\n```/.exec(body);
    if (ex === null) continue;
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 200);
    const name = /(?:function|interface|type|const|class)\s+([A-Za-z0-9_]+)/.exec(after)?.[1] ?? '?';
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ where: `${file}:${line} (${name})`, code: ex[1]! });
  }
  return out;
}

/** Value and type names a module file re-exports (read from its export declarations). */
export function exportedNames(file: string): { values: string[]; types: string[] } {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
  const values: string[] = [];
  const types: string[] = [];
  for (const s of source.statements) {
    if (!ts.isExportDeclaration(s) || s.exportClause === undefined || !ts.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) (s.isTypeOnly || e.isTypeOnly ? types : values).push(e.name.text);
  }
  return { values, types };
}

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
  baseUrl: ROOT,
  paths: entryPaths(),
};

/** `crmkit` and `crmkit/<entry>` mapped to their source, from entries.json. */
function entryPaths(): Record<string, string[]> {
  const entries = (JSON.parse(readFileSync(join(ROOT, 'entries.json'), 'utf8')) as { entries: Record<string, string> })
    .entries;
  const paths: Record<string, string[]> = {};
  for (const [entry, file] of Object.entries(entries))
    paths[entry === '.' ? 'crmkit' : `crmkit${entry.slice(1)}`] = [file];
  return paths;
}

/**
 * Type-checks each file (`name → text`, placed under test/metrics/) in one program; returns the
 * diagnostics per file name, as text.
 */
export function typeCheck(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const dir = join(ROOT, 'test', 'metrics', '__blocks__');
  const byPath = new Map([...files].map(([name, text]) => [join(dir, name), text]));
  const host = ts.createCompilerHost(OPTIONS);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, create) => {
    const text = byPath.get(resolve(fileName));
    return text !== undefined
      ? ts.createSourceFile(fileName, text, language, true)
      : getSourceFile(fileName, language, onError, create);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => byPath.has(resolve(f)) || fileExists(f);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => byPath.get(resolve(f)) ?? readFile(f);
  const program = ts.createProgram([...byPath.keys()], OPTIONS, host);
  const out = new Map<string, string[]>();
  for (const [path] of byPath) {
    const sf = program.getSourceFile(path)!;
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    out.set(
      path.slice(dir.length + 1),
      diags.map((d) => {
        const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
        return `${pos ? `line ${pos.line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return out;
}

/** Rewrites `stmt; //=> value` (and `stmt;` followed by a line `//=> value`) into checks. */
export function withChecks(code: string): { code: string; checks: number } {
  const lines = code.split('\n');
  let checks = 0;
  const parses = (v: string): boolean => {
    try {
      new Function(`return (${v});`);
      return true;
    } catch {
      return false;
    }
  };
  const check = (stmt: string, value: string, line: number): string | null => {
    const m = /^(\s*)(.*?);\s*$/.exec(stmt);
    if (m === null || /^(const|let|var|import|export|if|for|while|return)\b/.test(m[2]!) || !parses(value)) return null;
    checks++;
    return `${m[1]}__check(${m[2]}, (${value}), ${line});`;
  };
  for (let i = 0; i < lines.length; i++) {
    const same = /^(.*;)\s*\/\/=>\s*(.+?)\s*$/.exec(lines[i]!);
    if (same !== null) {
      const c = check(same[1]!, same[2]!, i + 1);
      if (c !== null) lines[i] = c;
      continue;
    }
    const next = /^\s*\/\/=>\s*(.+?)\s*$/.exec(lines[i]!);
    if (next !== null && i > 0) {
      const c = check(lines[i - 1]!, next[1]!, i);
      if (c !== null) lines[i - 1] = c;
    }
  }
  return { code: lines.join('\n'), checks };
}

function close(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number')
    return Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !(a instanceof Date)) {
    const ka = Object.keys(a).filter((k) => typeof (a as Record<string, unknown>)[k] !== 'function');
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return isDeepStrictEqual(a, b);
}

/**
 * Runs TypeScript code (imports of `crmkit…` resolved from `modules`); `__check` compares values.
 * Throws with the block's location when the code throws or a check fails.
 */
export async function run(
  block: CodeBlock,
  modules: Record<string, Record<string, unknown>>,
  globals: Record<string, unknown> = {},
): Promise<number> {
  const { code, checks } = withChecks(block.code);
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
  }).outputText;
  const failures: string[] = [];
  const __check = (got: unknown, expected: unknown, line: number) => {
    if (!close(got, expected))
      failures.push(`line ${line}: got ${JSON.stringify(got)}, documented ${JSON.stringify(expected)}`);
  };
  const require = (spec: string) => {
    const m = modules[spec];
    if (m === undefined) throw new Error(`${block.where}: unknown import '${spec}'`);
    return m;
  };
  const names = Object.keys(globals);
  const fn = new Function(
    'require',
    'exports',
    'module',
    '__check',
    ...names,
    `return (async () => {\n${js}\n})();`,
  ) as (...args: unknown[]) => Promise<void>;
  try {
    await fn(require, {}, { exports: {} }, __check, ...names.map((n) => globals[n]));
  } catch (e) {
    throw new Error(`${block.where}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  if (failures.length > 0) throw new Error(`${block.where}:\n${failures.join('\n')}`);
  return checks;
}

/** Every public entry's module (but `crmkit/testing` and `crmkit/postgres`), by its import specifier, from src/. */
export async function entryModules(): Promise<Record<string, Record<string, unknown>>> {
  const entries = (JSON.parse(readFileSync(join(ROOT, 'entries.json'), 'utf8')) as { entries: Record<string, string> })
    .entries;
  const out: Record<string, Record<string, unknown>> = {};
  for (const [entry, file] of Object.entries(entries)) {
    if (entry === './testing' || entry === './postgres') continue;
    out[entry === '.' ? 'crmkit' : `crmkit${entry.slice(1)}`] = (await import(
      /* @vite-ignore */ `../../${file}`
    )) as Record<string, unknown>;
  }
  return out;
}

/** Runs every block against the entry modules: the number of `//=>` checks made, and each failure. */
export async function runBlocks(blocks: readonly CodeBlock[]): Promise<{ checks: number; failures: string[] }> {
  const mods = await entryModules();
  let checks = 0;
  const failures: string[] = [];
  for (const b of blocks) {
    try {
      checks += await run(b, mods);
    } catch (e) {
      failures.push((e as Error).message);
    }
  }
  return { checks, failures };
}

/** The type errors of each block, compiled as `<prefix><i>.ts`, as `where: message` lines (none when all check). */
export function blockTypeErrors(blocks: readonly CodeBlock[], prefix: string): string[] {
  const checked = typeCheck(new Map(blocks.map((b, i) => [`${prefix}${i}.ts`, b.code])));
  return blocks.flatMap((b, i) => (checked.get(`${prefix}${i}.ts`) ?? []).map((d) => `${b.where}: ${d}`));
}

/**
 * The suite of a guide in docs/: its ```ts blocks import crmkit and show every name of `names`, they
 * type-check strictly against the source, and they run with at least `minChecks` `//=>` checks, each
 * equal to what the code gives.
 */
export function guideSuite(
  doc: string,
  options: { readonly names: readonly string[]; readonly minChecks: number; readonly minBlocks?: number },
): void {
  const blocks = markdownBlocks(doc);
  const prefix = doc.replace(/^docs\//, '').replace(/\.md$/, '');
  describe(doc, () => {
    it(`has runnable code for ${options.names.length > 0 ? options.names.join(', ') : 'every part'}`, () => {
      expect(blocks.length).toBeGreaterThanOrEqual(options.minBlocks ?? 1);
      const all = blocks.map((b) => b.code).join('\n');
      for (const name of options.names) expect(all, name).toContain(name);
      for (const b of blocks) expect(b.code, b.where).toMatch(/from 'crmkit(\/[a-z]+)?'/);
    });

    it('type-checks', () => {
      expect(blockTypeErrors(blocks, prefix)).toEqual([]);
    }, 180_000);

    it('runs, and every documented value is what the code gives', async () => {
      const { checks, failures } = await runBlocks(blocks);
      expect(failures).toEqual([]);
      expect(checks).toBeGreaterThanOrEqual(options.minChecks);
    }, 120_000);
  });
}
