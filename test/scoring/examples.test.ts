import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

// Every TSDoc @example of the predictive-scoring files type-checks (strict, as the project's tsconfig)
// and runs without throwing. Each example becomes a module that imports the public scoring entry, the
// Result helpers, and the exports of its own file (so examples of internal helpers can use them).
const FILES = [
  'src/scoring/logistic.ts',
  'src/scoring/predictProbability.ts',
  'src/scoring/naiveBayes.ts',
  'src/scoring/evaluation.ts',
  'src/scoring/split.ts',
  'src/scoring/crossValidate.ts',
  'src/scoring/progress.ts',
  'src/scoring/rows.ts',
  'src/scoring/levelOrder.ts',
  'src/math/qrAddRows.ts',
];

function examplesOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/@example\s*\n\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g))
    out.push(
      m[1]!
        .split('\n')
        .map((l) => l.replace(/^\s*\* ?/, ''))
        .join('\n'),
    );
  return out;
}

/** Value exports (importable by name) and type exports of a module, read with the compiler. */
function exportsOf(program: ts.Program, file: string): { values: string[]; types: string[] } {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(resolve(file))!;
  const symbol = checker.getSymbolAtLocation(source)!;
  const values: string[] = [],
    types: string[] = [];
  for (const s of checker.getExportsOfModule(symbol)) {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    if (target.flags & ts.SymbolFlags.Value) values.push(s.name);
    else types.push(s.name);
  }
  return { values, types };
}

describe('TSDoc examples of the predictive scoring files', () => {
  it('every @example type-checks and runs', { timeout: 120_000 }, async () => {
    const config = ts.readConfigFile('tsconfig.json', (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, process.cwd());
    const base = ts.createProgram(
      [...FILES, 'src/scoring/index.ts', 'src/core/result.ts'].map((f) => resolve(f)),
      parsed.options,
    );
    const scoring = exportsOf(base, 'src/scoring/index.ts');
    const dir = mkdtempSync(join(process.cwd(), 'node_modules', '.scoring-examples-'));
    try {
      const generated: { file: string; origin: string }[] = [];
      for (const file of FILES) {
        const own = exportsOf(base, file);
        const values = own.values.filter((v) => !scoring.values.includes(v) && !['unwrap', 'mapResult'].includes(v));
        const types = own.types.filter((t) => !scoring.types.includes(t));
        examplesOf(file).forEach((body, k) => {
          const name = join(dir, `${file.replace(/[/.]/g, '_')}_${k}.ts`);
          const lines = [
            `import { ${scoring.values.join(', ')} } from '${resolve('src/scoring/index.ts').replace(/\.ts$/, '.js')}';`,
            `import type { ${scoring.types.join(', ')} } from '${resolve('src/scoring/index.ts').replace(/\.ts$/, '.js')}';`,
            `import { unwrap, mapResult } from '${resolve('src/core/result.ts').replace(/\.ts$/, '.js')}';`,
            values.length ? `import { ${values.join(', ')} } from '${resolve(file).replace(/\.ts$/, '.js')}';` : '',
            types.length ? `import type { ${types.join(', ')} } from '${resolve(file).replace(/\.ts$/, '.js')}';` : '',
            '// eslint-disable-next-line',
            body,
            'export {};',
          ];
          writeFileSync(name, lines.join('\n'));
          generated.push({ file: name, origin: `${file} example ${k + 1}` });
        });
      }
      expect(generated.length).toBeGreaterThan(40);
      const program = ts.createProgram(
        generated.map((g) => g.file),
        { ...parsed.options, noUnusedLocals: false, noUnusedParameters: false },
      );
      const problems = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file !== undefined && d.file.fileName.startsWith(dir))
        .map((d) => {
          const origin = generated.find((g) => g.file === d.file!.fileName)!.origin;
          return `${origin}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
        });
      expect(problems).toEqual([]);
      for (const g of generated) {
        try {
          await import(/* @vite-ignore */ g.file);
        } catch (e) {
          throw new Error(`${g.origin} throws: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
