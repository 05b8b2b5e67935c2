// Adds `/* @__PURE__ */` before every call and `new` evaluated at module level in src/ (outside any
// function), so a bundler can drop what an app does not use. crmkit's modules have no side effects
// ("sideEffects": false), so every such call is pure by the project's rules.
//
//   node scripts/annotate-pure.mjs            annotate src/ in place, then run `npm run format`
//   node scripts/annotate-pure.mjs --check    list what is missing, change nothing (exit 1 if anything is)
//   node scripts/annotate-pure.mjs FILE…      only these files
//
// What it cannot annotate (a property read such as `deal.schema`, a spread, a template with
// substitutions) it lists: wrap those by hand in `/* @__PURE__ */ (() => …)()`.
// test/package/pureModules.test.ts checks the result with a real bundler.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { root } from './bundle.mjs';

const PURE = '/* @__PURE__ */';

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

function isAnnotated(node, text) {
  const before = text.slice(0, node.getStart()).trimEnd();
  return /\/\*\s*[@#]__PURE__\s*\*\/$/.test(before);
}

/**
 * @param {string} file
 * @returns {{ inserts: number[], manual: string[] }}
 */
export function findMissing(file) {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const inserts = [];
  const manual = [];
  const where = (node) => `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  /** Makes `node`, an expression evaluated when the module loads, removable when unused. */
  const pure = (node) => {
    if (node === undefined) return;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node))
      return pure(node.expression);
    if (ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) return pure(node.expression);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      if (!isAnnotated(node, text)) inserts.push(node.getStart());
      // The annotation covers the callee (`z.string().trim()` is one removable chain); the arguments
      // must be removable themselves.
      for (const a of node.arguments ?? []) pure(a);
      return;
    }
    if (ts.isObjectLiteralExpression(node)) {
      for (const p of node.properties) {
        if (ts.isPropertyAssignment(p)) {
          if (ts.isComputedPropertyName(p.name)) pure(p.name.expression);
          pure(p.initializer);
        } else if (ts.isSpreadAssignment(p)) manual.push(`${where(p)} object spread`);
      }
      return;
    }
    if (ts.isArrayLiteralExpression(node)) {
      for (const e of node.elements) ts.isSpreadElement(e) ? manual.push(`${where(e)} array spread`) : pure(e);
      return;
    }
    if (ts.isConditionalExpression(node)) return (pure(node.condition), pure(node.whenTrue), pure(node.whenFalse));
    if (ts.isBinaryExpression(node)) return (pure(node.left), pure(node.right));
    if (ts.isPrefixUnaryExpression(node)) return pure(node.operand);
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      manual.push(`${where(node)} property read \`${node.getText().slice(0, 60)}\``);
      return;
    }
    if (ts.isTemplateExpression(node) || ts.isTaggedTemplateExpression(node)) {
      manual.push(`${where(node)} template with substitutions`);
      return;
    }
    if (ts.isClassExpression(node)) return pureClass(node);
    // Identifiers, literals, regular expressions, functions and arrows: nothing runs.
  };

  const pureClass = (node) => {
    if (node.heritageClauses?.some((h) => h.types.some((t) => !ts.isIdentifier(t.expression))))
      manual.push(`${where(node)} class extends an expression`);
    for (const m of node.members) {
      const isStatic =
        ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      if (ts.isClassStaticBlockDeclaration(m)) manual.push(`${where(m)} static block`);
      else if (isStatic && ts.isPropertyDeclaration(m)) pure(m.initializer);
      if (m.name !== undefined && ts.isComputedPropertyName(m.name)) pure(m.name.expression);
    }
  };

  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      if (st.modifiers?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
      for (const d of st.declarationList.declarations) {
        if (!ts.isIdentifier(d.name)) manual.push(`${where(d)} destructuring`);
        pure(d.initializer);
      }
    } else if (ts.isClassDeclaration(st)) pureClass(st);
    else if (ts.isExpressionStatement(st)) manual.push(`${where(st)} statement with an effect at module level`);
    else if (ts.isExportAssignment(st)) pure(st.expression);
    else if (ts.isEnumDeclaration(st)) manual.push(`${where(st)} enum (compiles to module-level code)`);
  }
  return { inserts, manual };
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const files = args.filter((a) => !a.startsWith('--'));
  const targets = files.length > 0 ? files.map((f) => join(process.cwd(), f)) : listFiles(join(root, 'src'));
  let missing = 0;
  const manual = [];
  for (const file of targets) {
    const found = findMissing(file);
    manual.push(...found.manual);
    if (found.inserts.length === 0) continue;
    missing += found.inserts.length;
    if (check) {
      console.log(`${relative(root, file)}: ${found.inserts.length} module-level call(s) without ${PURE}`);
      continue;
    }
    let text = readFileSync(file, 'utf8');
    for (const pos of [...found.inserts].sort((a, b) => b - a))
      text = `${text.slice(0, pos)}${PURE} ${text.slice(pos)}`;
    writeFileSync(file, text);
    console.log(`${relative(root, file)}: annotated ${found.inserts.length}`);
  }
  for (const m of manual) console.log(`by hand: ${m}`);
  if (check && missing > 0) process.exit(1);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
