/**
 * Every export of crmkit/clv has a TSDoc `@example`, and every example in src/clv type-checks under the
 * project's strict settings (issue 11 §5: examples narrow a Result before reading `.value`). Each example
 * is compiled as its own module that imports every export of crmkit/clv and `unwrap`, as a user's file
 * would.
 */
import { describe, it, expect } from 'vitest';
import ts from 'typescript';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, 'src', 'clv');
const entry = join(dir, 'index.ts');

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
  allowImportingTsExtensions: false,
};

/** The ```ts blocks of the `@example` tags of a source file, with the line they start on. */
function examplesOf(file: string): { code: string; line: number }[] {
  const text = readFileSync(file, 'utf8');
  const out: { code: string; line: number }[] = [];
  const re = /@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```ts\s*\n((?:\s*\*.*\n)*?)\s*\*\s*```/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const code = m[2]!
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n');
    out.push({ code, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

describe('TSDoc examples of crmkit/clv', () => {
  const program = ts.createProgram([entry], options);
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const exports = checker.getExportsOfModule(moduleSymbol);

  it('every export has an @example', () => {
    const missing = exports
      .filter((s) => {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        return !target.getJsDocTags(checker).some((t) => t.name === 'example');
      })
      .map((s) => s.name);
    expect(missing).toEqual([]);
  });

  it('every @example type-checks', () => {
    const names = exports.map((s) => s.name).join(', ');
    const prelude = `import { ${names} } from ${JSON.stringify(entry.replace(/\.ts$/, '.js'))};\nimport { unwrap } from ${JSON.stringify(join(root, 'src', 'core', 'result.js'))};\n`;
    const files = new Map<string, { source: string; origin: string }>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      examplesOf(join(dir, f)).forEach(({ code, line }, i) => {
        const name = join(root, 'test', 'clv', `__example_${f.replace(/\.ts$/, '')}_${i}.ts`);
        files.set(name, { source: `${prelude}${code}\nexport {};\n`, origin: `src/clv/${f}:${line}` });
      });
    }
    expect(files.size).toBeGreaterThan(60);
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, language, onError, create) => {
      const virtual = files.get(resolve(fileName));
      return virtual
        ? ts.createSourceFile(fileName, virtual.source, language, true)
        : getSourceFile(fileName, language, onError, create);
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (fileName) => files.has(resolve(fileName)) || fileExists(fileName);
    const examples = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(examples)
      .filter((d) => d.file !== undefined && files.has(resolve(d.file.fileName)))
      .map((d) => {
        const { origin, source } = files.get(resolve(d.file!.fileName))!;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${origin} (example line ${line - 1}: ${source.split('\n')[line]?.trim()}): ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      })
      .filter((p) => !/declared but its value is never read|is declared but never used/.test(p));
    expect(problems).toEqual([]);
  }, 120_000);
});
