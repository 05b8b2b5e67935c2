/**
 * Which public exports lack a TSDoc `@example` (test/package/tsdocCoverage.test.ts). The examples
 * themselves are checked by scripts/check-examples.mjs (`npm run check:examples`).
 */
import ts from 'typescript';
import { resolve } from 'node:path';

/** The public exports of `entryFiles` whose declaration has no TSDoc `@example` (deprecated aliases included). */
export function exportsWithoutExample(entryFiles: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const files = entryFiles.map((f) => resolve(f));
  const program = ts.createProgram(files, options);
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const f of files) {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(f)!);
    if (symbol === undefined) continue;
    for (const exp of checker.getExportsOfModule(symbol)) {
      const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const decl = target.declarations?.[0];
      if (decl === undefined) continue;
      // The JSDoc of a `const` sits on its statement, of everything else on the declaration.
      const host = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      const tags = ts.getJSDocTags(host).map((t) => t.tagName.text);
      const text = host.getFullText();
      if (!tags.includes('example') && !/@example/.test(text.slice(0, host.getLeadingTriviaWidth())))
        missing.push(`${f.replace(resolve('.') + '/', '')}: ${exp.getName()}`);
    }
  }
  return missing;
}

/**
 * The exported functions whose TSDoc says nothing of failure: neither a `@throws` tag, nor "never
 * throws", nor a `Result` (or a `Promise` of one) as the return type, nor a predicate's `boolean`
 * (issue 11 §2: every public function says what bad data gets).
 */
export function functionsWithoutFailureDoc(entryFiles: readonly string[]): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
  const files = entryFiles.map((f) => resolve(f));
  const program = ts.createProgram(files, options);
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  for (const f of files) {
    const symbol = checker.getSymbolAtLocation(program.getSourceFile(f)!);
    if (symbol === undefined) continue;
    for (const exp of checker.getExportsOfModule(symbol)) {
      const target = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      const decl = target.declarations?.[0];
      if (decl === undefined || !(ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl))) continue;
      const type = checker.getTypeOfSymbolAtLocation(target, decl);
      const signatures = type.getCallSignatures();
      if (signatures.length === 0) continue;
      const returns = signatures.map((s) => checker.typeToString(checker.getReturnTypeOfSignature(s)));
      if (returns.every((r) => /\bResult</.test(r) || /^Promise<Result</.test(r) || r === 'boolean' || /is /.test(r)))
        continue;
      const host = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      const doc = host.getFullText().slice(0, host.getLeadingTriviaWidth());
      if (/@throws|never throws|does not throw|cannot throw/i.test(doc)) continue;
      missing.add(`${relativeName(decl.getSourceFile().fileName)}: ${exp.getName()}`);
    }
  }
  return [...missing].sort();
}

function relativeName(file: string): string {
  return file.replace(resolve('.') + '/', '');
}
