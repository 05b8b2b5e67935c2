/**
 * Type-checks the TSDoc `@example` blocks of source files: each example becomes a block (in an async
 * function, so `await` works) of a virtual module that imports every public export of crmkit, and
 * declares the free names examples use (`deal`, `deals`, `ctx`, …) with their types. The module is
 * compiled with the project's strict options; every diagnostic is reported with the source file and
 * the example's first line.
 */
import ts from 'typescript';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One `@example` block: where it is, and its code. */
export interface Example {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** The fenced `ts` blocks (and inline `` `code` ``) after each `@example` tag in a source file. */
export function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  const comment = /\/\*\*[\s\S]*?\*\//g;
  for (let m = comment.exec(text); m !== null; m = comment.exec(text)) {
    const lines = m[0].split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\*\/$/, ''));
    const startLine = text.slice(0, m.index).split('\n').length;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const at = l.indexOf('@example');
      if (at < 0) continue;
      const inline = /@example\s+`([^`]+)`/.exec(l);
      if (inline !== null) {
        out.push({ file, line: startLine + i, code: inline[1]! });
        continue;
      }
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trim().startsWith('```')) j++;
      const body: string[] = [];
      for (j = j + 1; j < lines.length && !lines[j]!.trim().startsWith('```'); j++) body.push(lines[j]!);
      out.push({ file, line: startLine + i, code: body.join('\n') });
    }
  }
  return out;
}

/**
 * The fenced `ts` blocks of a Markdown guide, as examples. Import lines are dropped: the virtual
 * module imports every public export already (the guides import from `crmkit/...`).
 */
export function codeBlocksOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  const block = /```ts\n([\s\S]*?)```/g;
  for (let m = block.exec(text); m !== null; m = block.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    const code = m[1]!
      .split('\n')
      .map((l) => (/^\s*import\s/.test(l) ? '' : l))
      .join('\n');
    out.push({ file, line, code });
  }
  return out;
}

/** Every public export name of crmkit, by entry file (first entry wins for a name exported twice). */
function publicImports(program: ts.Program, entryFiles: readonly string[]): string {
  const checker = program.getTypeChecker();
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const f of entryFiles) {
    const source = program.getSourceFile(f);
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (symbol === undefined) continue;
    const names = checker
      .getExportsOfModule(symbol)
      .map((s) => s.getName())
      .filter((n) => !seen.has(n));
    for (const n of names) seen.add(n);
    if (names.length > 0)
      lines.push(`import { ${names.join(', ')} } from ${JSON.stringify(f.replace(/\.ts$/, '.js'))};`);
  }
  return lines.join('\n');
}

/** The free names examples use, with the types they stand for. */
const PRELUDE = `
import { z } from 'zod';
declare const deal: Deal;
declare const deals: Deal[];
declare const d: Deal;
declare const lead: Lead;
declare const l: Lead;
declare const account: Account;
declare const activity: Activity;
declare const campaign: Campaign;
declare const contact: Contact;
declare const subscription: Subscription;
declare const response: SurveyResponse;
declare const team: Team;
declare const ticket: Ticket;
declare const user: User;
declare const ctx: EntityContext;
declare const at: Date;
declare const json: string;
declare const text: string;
declare const body: string;
declare const formData: unknown;
declare const input: unknown;
declare const bucket: ForecastBucket;
declare const e: DealEvent;
declare function reply(status: number, body: unknown): void;
declare function save(value: unknown): void;
declare const store: import(${JSON.stringify(resolve('src/repository/index.js'))}).Store;
`;

/** Type-checks the examples of `files`; returns one message per diagnostic (empty when all compile). */
export function checkExamples(
  files: readonly string[],
  guides: readonly string[] = [],
): { readonly count: number; readonly problems: string[] } {
  const entries = (JSON.parse(readFileSync('entries.json', 'utf8')) as { entries: Record<string, string> }).entries;
  const entryFiles = Object.entries(entries)
    .filter(([k]) => k !== './testing')
    .map(([, f]) => resolve(f));
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    allowImportingTsExtensions: false,
  };
  const checked = files.map((f) => resolve(f));
  const first = ts.createProgram([...entryFiles, ...checked], options);
  // The public API first; then what the checked files themselves export (examples of internal helpers).
  const imports = publicImports(first, [...entryFiles, ...checked]);
  const examples = [...files.flatMap(examplesOf), ...guides.flatMap(codeBlocksOf)];
  const virtual = resolve('test/.tsdoc-examples.ts');
  const starts: number[] = [];
  let code = `${imports}\n${PRELUDE}\n`;
  examples.forEach((ex, i) => {
    starts.push(code.split('\n').length);
    code += `async function example${i}() {\n${ex.code}\n}\nvoid example${i};\n`;
  });
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, create) =>
    resolve(name) === virtual
      ? ts.createSourceFile(name, code, language)
      : getSourceFile(name, language, onError, create);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === virtual || fileExists(name);
  const program = ts.createProgram([virtual], options, host, first);
  const source = program.getSourceFile(virtual)!;
  const problems = ts.getPreEmitDiagnostics(program, source).map((diag) => {
    const line = diag.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diag.start).line + 1;
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > line) k--;
    const ex = examples[k];
    const where =
      ex === undefined || line < starts[0]! ? 'prelude' : `${ex.file.replace(resolve('.') + '/', '')}:${ex.line}`;
    return `${where}: ${ts.flattenDiagnosticMessageText(diag.messageText, '\n')}`;
  });
  return { count: examples.length, problems };
}

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
