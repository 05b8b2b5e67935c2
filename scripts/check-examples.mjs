// Type-checks every example in the repository and runs those that state results (docs/contributing.md):
//   - every ```ts block of an `@example` in src/**/*.ts (TSDoc);
//   - every ```ts block of README.md and docs/*.md.
//
//   npm run check:examples                       strict: exit 1 on any failure
//   node scripts/check-examples.mjs --report-only    print the failures, exit 0 (CI, until strict)
//   node scripts/check-examples.mjs FILE…        only these files (src/….ts or ….md)
//   --verbose                                    also list the results it could not check (prose)
//   --json PATH                                  write every result as JSON
//
// The conventions, in short (the full text is docs/contributing.md):
//   - A block is a module of its own, type-checked with the repository's tsconfig (strict). Names it
//     uses without importing or declaring them are imported for it: for a TSDoc example, from the file
//     it documents, then that module's entry, then `crmkit`, then any entry; for a guide, from the
//     guide's entry (docs/money.md → crmkit/money), then `crmkit`, then any entry; `z` is zod.
//   - `declare const x: T;` gives a block an input it takes as given: such a block is type-checked
//     but not run.
//   - Any other block runs when it prints (console.*) or states results with `//=>`.
//   - `expr; //=> value` (or `const x = …; //=> value`, or `//=> value` on the next line) is checked
//     when `value` is a JavaScript literal (a trailing `(comment)` is ignored); `//=> ≈ 0.693` compares
//     numbers to the digits shown; `//=> throws code` expects a CrmError with that code. Anything else
//     after `//=>` is prose: shown to readers, not checked. A checked line that never runs fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { readEntries } from './entries.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const cacheDir = join(root, 'node_modules', '.cache', `crmkit-examples-${process.pid}`);

// ---------------------------------------------------------------------------------------------------
// Extraction

/**
 * @typedef {{ id: string, source: string, line: number, owner: string, kind: 'tsdoc' | 'markdown',
 *   code: string }} Snippet
 * `source`: repository-relative file; `line`: 1-based line of the block's first code line there;
 * `owner`: the documented declaration (TSDoc) or the nearest heading (markdown).
 */

const FENCE_OPEN = /^\s*```(ts|typescript|tsx)(?:\s.*)?$/;
const FENCE_CLOSE = /^\s*```\s*$/;

/** The TSDoc examples of one source file. @returns {Snippet[]} */
export function tsdocSnippets(file, text) {
  const source = relative(root, file);
  const snippets = [];
  // Comments are the leading trivia of nodes; a parsed tree (unlike a bare scanner) knows which `/` start
  // a regular expression and where template literals end.
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const seen = new Set();
  const comments = [];
  const collect = (node) => {
    for (const c of ts.getLeadingCommentRanges(text, node.pos) ?? []) {
      if (c.kind !== ts.SyntaxKind.MultiLineCommentTrivia || seen.has(c.pos)) continue;
      seen.add(c.pos);
      comments.push(c);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);
  comments.sort((a, b) => a.pos - b.pos);
  for (const c of comments) {
    const comment = text.slice(c.pos, c.end);
    if (!comment.startsWith('/**')) continue;
    const startLine = lineOf(text, c.pos);
    const owner = ownerAfter(text, c.end);
    const lines = comment.split('\n').map((l, i) => ({
      text: (i === 0 ? l.replace(/^\/\*\*\s?/, '') : l.replace(/^\s*\*(?!\/)\s?/, '')).replace(/\s*\*\/$/, ''),
      line: startLine + i,
    }));
    let inExample = false;
    let fence = null;
    for (const { text: l, line } of lines) {
      if (fence !== null) {
        if (FENCE_CLOSE.test(l)) {
          snippets.push({
            id: `${source}:${fence.line}`,
            source,
            line: fence.line,
            owner,
            kind: 'tsdoc',
            code: fence.code.join('\n'),
          });
          fence = null;
        } else fence.code.push(l);
        continue;
      }
      const tag = /(?:^|\s)@(\w+)/.exec(l);
      if (tag !== null) {
        inExample = tag[1] === 'example';
        // The short form: `@example \`const s: LeadStatus = 'qualified';\`` on one line.
        if (inExample)
          for (const span of l.slice(tag.index + tag[0].length).matchAll(/`([^`]+)`/g))
            snippets.push({ id: `${source}:${line}`, source, line, owner, kind: 'tsdoc', code: span[1] });
      } else if (inExample && FENCE_OPEN.test(l)) fence = { line: line + 1, code: [] };
    }
  }
  return snippets;
}

function lineOf(text, pos) {
  let n = 1;
  for (let i = 0; i < pos; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function ownerAfter(text, pos) {
  const rest = text.slice(pos, pos + 400);
  const m =
    /^\s*(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([\w$]+)/.exec(
      rest,
    ) ?? /^\s*(?:readonly\s+)?(?:static\s+)?(?:get\s+|set\s+)?([\w$]+)\s*[(:?<]/.exec(rest);
  return m ? m[1] : '(module)';
}

/** The ```ts blocks of one markdown file. @returns {Snippet[]} */
export function markdownSnippets(file, text) {
  const source = relative(root, file);
  const snippets = [];
  const lines = text.split('\n');
  let heading = '(top)';
  let fence = null;
  let otherFence = false;
  lines.forEach((l, i) => {
    if (fence !== null) {
      if (FENCE_CLOSE.test(l)) {
        const indent = Math.min(...fence.code.filter((c) => c.trim() !== '').map((c) => /^\s*/.exec(c)[0].length));
        snippets.push({
          id: `${source}:${fence.line}`,
          source,
          line: fence.line,
          owner: heading,
          kind: 'markdown',
          code: fence.code.map((c) => c.slice(Number.isFinite(indent) ? indent : 0)).join('\n'),
        });
        fence = null;
      } else fence.code.push(l);
      return;
    }
    if (/^\s*```/.test(l)) {
      if (FENCE_OPEN.test(l) && !otherFence) fence = { line: i + 2, code: [] };
      else otherFence = !otherFence;
      return;
    }
    if (!otherFence && /^#{1,6}\s/.test(l)) heading = l.replace(/^#+\s*/, '');
  });
  return snippets;
}

function listFiles(dir, test) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p, test) : test(p) ? [p] : [];
  });
}

/** Every file the check reads: src/**\/*.ts, README.md and docs/*.md. */
export function defaultFiles() {
  return [
    ...listFiles(join(root, 'src'), (p) => p.endsWith('.ts') && !p.endsWith('.d.ts')),
    join(root, 'README.md'),
    ...readdirSync(join(root, 'docs'))
      .filter((n) => n.endsWith('.md'))
      .map((n) => join(root, 'docs', n)),
  ].sort();
}

export function snippetsOf(files) {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return file.endsWith('.md') ? markdownSnippets(file, text) : tsdocSnippets(file, text);
  });
}

// ---------------------------------------------------------------------------------------------------
// Type-checking, with names imported for the block

const entries = readEntries();
const entryFiles = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, join(root, v)]));
/** Imports by name for names no crmkit module exports. */
const WELL_KNOWN = {
  z: { from: 'zod', clause: '* as z' },
  fc: { from: 'fast-check', clause: 'fc' },
};

function compilerOptions() {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  return { ...parsed.options, noEmit: true, allowImportingTsExtensions: true, incremental: false };
}

function snippetPath(s) {
  return join(cacheDir, `${s.id.replace(/[^\w.-]+/g, '_')}.ts`);
}

/** Where a snippet looks for names: [module file, import specifier for the run] in order. */
function lookupOrder(s) {
  const order = [];
  const entryOfFile = (file) => Object.keys(entryFiles).find((k) => entryFiles[k] === file);
  if (s.kind === 'tsdoc') {
    const file = join(root, s.source);
    order.push(file);
    const dir = dirname(file);
    const own = Object.values(entryFiles).find((f) => dirname(f) === dir);
    if (own !== undefined) order.push(own);
    // A private module (src/math, src/_lib: no entry) documents helpers that use each other.
    else order.push(...listFiles(dir, (p) => p.endsWith('.ts') && !p.endsWith('.d.ts')).sort());
  } else {
    const base = s.source.replace(/^docs\//, '').replace(/\.md$/, '');
    const guideEntry = s.source === 'README.md' ? '.' : `./${base}`;
    if (entryFiles[guideEntry] !== undefined) order.push(entryFiles[guideEntry]);
  }
  order.push(entryFiles['.']);
  for (const f of Object.values(entryFiles)) order.push(f);
  return [...new Set(order)].filter((f) => entryOfFile(f) !== './testing' || s.source.startsWith('src/testing'));
}

/** Names a snippet uses that nothing declares, from its diagnostics. */
function missingNames(diagnostics) {
  const names = new Set();
  for (const d of diagnostics) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const m = [2304, 2552, 2503, 18004].includes(d.code)
      ? /(?:Cannot find (?:name|namespace)|for the shorthand property) '([\w$]+)'/.exec(text)
      : null;
    if (m) names.add(m[1]);
  }
  return [...names];
}

function exportTable(program, file) {
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(file);
  const table = new Map();
  const sym = sf && checker.getSymbolAtLocation(sf);
  if (!sym) return table;
  for (const e of checker.getExportsOfModule(sym)) {
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    table.set(e.name, (target.flags & ts.SymbolFlags.Value) !== 0);
  }
  return table;
}

/** The import lines that give a snippet the names it lacks (absolute paths, so they also run). */
function prelude(s, names, tables) {
  const byModule = new Map();
  for (const name of names) {
    if (WELL_KNOWN[name] !== undefined) {
      byModule.set(`${WELL_KNOWN[name].from}\0${name}`, {
        line: `import ${WELL_KNOWN[name].clause} from '${WELL_KNOWN[name].from}';`,
      });
      continue;
    }
    for (const file of lookupOrder(s)) {
      const table = tables.get(file);
      if (table?.has(name)) {
        const list = byModule.get(file) ?? { names: [] };
        list.names.push(table.get(name) ? name : `type ${name}`);
        byModule.set(file, list);
        break;
      }
    }
  }
  const lines = [...byModule.entries()].map(
    ([file, v]) => v.line ?? `import { ${v.names.join(', ')} } from '${file}';`,
  );
  return lines.join(' ');
}

/** Type-checks the snippets; returns, per snippet, its prelude and its type errors. */
export function typeCheck(snippets) {
  const options = compilerOptions();
  const virtual = new Map();
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const parsed = new Map(); // files on disk parse once for both programs
  host.readFile = (f) => virtual.get(resolve(f)) ?? readFile(f);
  host.fileExists = (f) => virtual.has(resolve(f)) || fileExists(f);
  host.getSourceFile = (f, lang, onError, create) => {
    if (virtual.has(resolve(f))) return ts.createSourceFile(f, virtual.get(resolve(f)), lang, true);
    if (!parsed.has(f)) parsed.set(f, getSourceFile(f, lang, onError, create));
    return parsed.get(f);
  };

  const body = (s) => `${s.code}\nexport {};\n`;
  const lookups = [...new Set(snippets.flatMap(lookupOrder))];
  const roots = () => [...snippets.map(snippetPath), ...lookups];
  for (const s of snippets) virtual.set(snippetPath(s), `\n${body(s)}`);
  const first = ts.createProgram(roots(), options, host);
  const tables = new Map();
  for (const f of roots()) if (!f.startsWith(cacheDir)) tables.set(f, exportTable(first, f));

  const preludes = new Map();
  for (const s of snippets) {
    const diags = first.getSemanticDiagnostics(first.getSourceFile(snippetPath(s)));
    const p = prelude(s, missingNames(diags), tables);
    preludes.set(s.id, p);
    // The prelude takes the first line, so the snippet's lines keep their numbers (+1).
    virtual.set(snippetPath(s), `${p}\n${body(s)}`);
  }
  const second = ts.createProgram(roots(), options, host, first);
  const results = new Map();
  for (const s of snippets) {
    const sf = second.getSourceFile(snippetPath(s));
    const diags = [...second.getSyntacticDiagnostics(sf), ...second.getSemanticDiagnostics(sf)];
    results.set(s.id, {
      prelude: preludes.get(s.id),
      errors: diags.map((d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line; // 0 = prelude
        return {
          line: line === 0 ? s.line : s.line + line - 1,
          message: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
        };
      }),
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------
// Results stated with //=>

const LITERAL_KINDS = new Set([
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
]);

/** True when `node` is a literal value: primitives, arrays and objects of them, -x, undefined, NaN. */
function isLiteral(node) {
  if (LITERAL_KINDS.has(node.kind)) return true;
  if (ts.isIdentifier(node)) return ['undefined', 'NaN', 'Infinity'].includes(node.text);
  if (ts.isPrefixUnaryExpression(node))
    return (
      (node.operator === ts.SyntaxKind.MinusToken || node.operator === ts.SyntaxKind.PlusToken) &&
      isLiteral(node.operand)
    );
  if (ts.isParenthesizedExpression(node)) return isLiteral(node.expression);
  if (ts.isArrayLiteralExpression(node)) return node.elements.every(isLiteral);
  if (ts.isObjectLiteralExpression(node))
    return node.properties.every(
      (p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isLiteral(p.initializer),
    );
  return false;
}

function parseLiteral(text) {
  const sf = ts.createSourceFile('x.ts', `(${text}\n);`, ts.ScriptTarget.Latest, true);
  if (sf.parseDiagnostics?.length > 0) return null;
  const st = sf.statements[0];
  if (sf.statements.length !== 1 || !st || !ts.isExpressionStatement(st)) return null;
  return isLiteral(st.expression) ? text.trim() : null;
}

const ISO = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})`;
const INSTANT = new RegExp(`^${ISO}$`);
const PERIOD = new RegExp(`^\\[(${ISO}),\\s*(${ISO})\\)$`);
const PERIOD_OBJECT = new RegExp(`^\\{\\s*start:\\s*(${ISO}),\\s*end:\\s*(${ISO})\\s*\\}$`);

/**
 * What a `//=>` comment states: `{ kind: 'value', source, approx }`, `{ kind: 'throws', code }` or
 * `{ kind: 'prose' }`.
 */
export function parseExpectation(text) {
  let t = text.trim();
  const throws = /^throws(?:\s+(?:CrmError\s+)?'?([a-z_]+)'?)?(?:\s.*)?$/.exec(t);
  if (throws) return { kind: 'throws', code: throws[1] ?? null };
  let approx = false;
  if (/^(≈|~)\s*/.test(t)) {
    approx = true;
    t = t.replace(/^(≈|~)\s*/, '');
  }
  const candidates = [t, t.replace(/\s+\((?:[^()]|\([^()]*\))*\)\s*$/, ''), t.split(/\s+(?:—|--)\s+/)[0]];
  for (const candidate of candidates) {
    // An instant (2026-02-28T00:00:00Z), a half-open period [start, end) or { start: …, end: … }.
    if (INSTANT.test(candidate)) return { kind: 'instant', iso: candidate };
    const period = PERIOD.exec(candidate) ?? PERIOD_OBJECT.exec(candidate);
    if (period) return { kind: 'period', start: period[1], end: period[2] };
  }
  for (const candidate of candidates) {
    const source = parseLiteral(candidate);
    if (source !== null) return { kind: 'value', source, approx };
  }
  return { kind: 'prose' };
}

/**
 * Finds the `//=>` lines of a snippet and rewrites the code so each checkable one calls
 * `__crmkitExpect(id, () => value, expectation)`. @returns {{ code: string, checks: object[] }}
 */
export function instrument(code, snippetId) {
  const sf = ts.createSourceFile('s.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = code.split('\n');
  const statements = [];
  const visit = (node) => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node)) statements.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const endLine = (n) => sf.getLineAndCharacterOfPosition(n.getEnd()).line;
  const edits = [];
  const checks = [];
  lines.forEach((text, i) => {
    const at = text.indexOf('//=>');
    if (at < 0) return;
    const expectation = parseExpectation(text.slice(at + 4));
    const check = { id: `${snippetId}#${i + 1}`, line: i + 1, expectation, text: text.slice(at + 4).trim() };
    checks.push(check);
    if (expectation.kind === 'prose') return;
    const commentOnly = text.slice(0, at).trim() === '';
    // The statement this line speaks of: the innermost one ending on this line, or (for a comment-only
    // line) the last one ending on an earlier line that is not itself a comment.
    // (Of several statements ending on the line, the last one; of nested ones, the innermost.)
    const onLine = (l) =>
      statements
        .filter((s) => endLine(s) === l)
        .sort((a, b) => b.getEnd() - a.getEnd() || a.getWidth() - b.getWidth())[0];
    let target;
    if (commentOnly) {
      for (let l = i - 1; l >= 0 && target === undefined; l--) {
        if (lines[l].trim() === '' || lines[l].trim().startsWith('//')) continue;
        target = onLine(l);
        break;
      }
    } else target = onLine(i);
    if (target === undefined || (ts.isVariableStatement(target) && target.declarationList.declarations.length !== 1)) {
      check.expectation = { kind: 'prose', reason: 'no single statement to check' };
      return;
    }
    const expectArg = JSON.stringify({ id: check.id, ...check.expectation });
    const value = (expr) => {
      const usesAwait = /\bawait\b/.test(expr);
      return `${usesAwait ? 'await ' : ''}__crmkitExpect(${usesAwait ? 'async ' : ''}() => (${expr}), ${expectArg}, ${
        check.expectation.kind === 'value' ? `() => (${check.expectation.source})` : 'null'
      });`;
    };
    if (ts.isExpressionStatement(target)) {
      edits.push({ start: target.getStart(), end: target.getEnd(), text: value(target.expression.getText()) });
    } else {
      const decl = target.declarationList.declarations[0];
      if (!ts.isIdentifier(decl.name)) {
        check.expectation = { kind: 'prose', reason: 'destructuring' };
        return;
      }
      edits.push({ start: target.getEnd(), end: target.getEnd(), text: ` ${value(decl.name.text)}` });
    }
  });
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { code: out, checks };
}

// ---------------------------------------------------------------------------------------------------
// Running

/** True when a snippet should run: it prints or states results, and takes nothing as given. */
export function runnable(s) {
  if (/^\s*declare\s/m.test(s.code)) return false;
  return /\bconsole\.\w+\(/.test(s.code) || s.code.includes('//=>');
}

const RUNNER = String.raw`
import { writeFileSync } from 'node:fs';
const [, , listFile, outFile] = process.argv;
const { snippets } = JSON.parse((await import('node:fs')).readFileSync(listFile, 'utf8'));
const results = {};
let current = null;
const show = (v) => { try { return JSON.stringify(v, (k, x) => typeof x === 'bigint' ? x + 'n' : x instanceof Map ? Object.fromEntries(x) : x instanceof Set ? [...x] : x) ?? String(v); } catch { return String(v); } };
// Numbers: a stated integer must match exactly (≈ 1: within 1e-6); a stated decimal matches a value
// that rounds to it (half a unit of the last digit shown) or equals it to 12 significant digits.
function equal(a, b, approx, digits) {
  if (typeof b === 'number' && typeof a === 'number') {
    if (Number.isNaN(b)) return Number.isNaN(a);
    if (a === b) return true;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    if (Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b))) return true;
    const d = digits(b);
    if (d === 0) return approx && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    return Math.abs(a - b) <= 0.5 * 10 ** -d * (1 + 1e-9);
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  // A stated string ending in … states how the value starts.
  if (typeof b === 'string' && b.endsWith('…') && typeof a === 'string') return a.startsWith(b.slice(0, -1));
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && b.every((x, i) => equal(a[i], x, approx, digits));
  if (Array.isArray(a)) return false;
  if (a instanceof Map || a instanceof Set) a = a instanceof Map ? Object.fromEntries(a) : [...a];
  const ka = Object.keys(a).filter((k) => a[k] !== undefined).sort();
  const kb = Object.keys(b).filter((k) => b[k] !== undefined).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && equal(a[k], b[k], approx, digits));
}
// Decimal places a stated number shows (2.5e-7 shows 8).
const decimals = (source) => (n) => {
  const shown = source.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi)?.find((x) => Number(x) === Math.abs(n)) ?? '';
  const m = /^\d+(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(shown);
  return m ? Math.max(0, (m[1]?.length ?? 0) - Number(m[2] ?? 0)) : 0;
};
globalThis.__crmkitExpect = async (thunk, expectation, expected) => {
  const r = results[current].checks[expectation.id] = { ok: false };
  let value, threw = null;
  try { value = thunk(); if (value instanceof Promise) value = await value; } catch (e) { threw = e; }
  if (expectation.kind === 'throws') {
    if (threw === null) r.message = 'expected a throw; got ' + show(value);
    else if (expectation.code !== null && threw?.code !== expectation.code) r.message = 'expected code ' + expectation.code + '; threw ' + (threw?.code ?? threw?.name) + ': ' + threw?.message;
    else r.ok = true;
    return;
  }
  if (threw !== null) { r.message = 'threw ' + (threw?.code ?? threw?.name) + ': ' + threw?.message; return; }
  const at = (v, iso) => v instanceof Date && v.getTime() === Date.parse(iso);
  if (expectation.kind === 'instant') {
    if (at(value, expectation.iso)) r.ok = true;
    else r.message = 'got ' + show(value) + '; the example says the instant ' + expectation.iso;
    return value;
  }
  if (expectation.kind === 'period') {
    if (at(value?.start, expectation.start) && at(value?.end, expectation.end)) r.ok = true;
    else r.message = 'got ' + show(value) + '; the example says the period [' + expectation.start + ', ' + expectation.end + ')';
    return value;
  }
  let want;
  try { want = expected(); } catch (e) { r.message = 'cannot evaluate the stated result: ' + e.message; return; }
  if (equal(value, want, expectation.approx, decimals(expectation.source))) r.ok = true;
  else r.message = 'got ' + show(value) + '; the example says ' + expectation.source;
  return value;
};
const log = console.log, info = console.info, warn = console.warn, error = console.error, table = console.table;
for (const s of snippets) {
  current = s.id;
  results[s.id] = { checks: {}, output: '' };
  const capture = (...args) => { results[s.id].output += args.map((a) => typeof a === 'string' ? a : show(a)).join(' ') + '\n'; };
  console.log = console.info = console.warn = console.error = console.table = capture;
  try {
    await Promise.race([
      import(s.url),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 20 s')), 20000).unref()),
    ]);
  } catch (e) {
    results[s.id].error = (e?.code ?? e?.name ?? 'Error') + ': ' + (e?.message ?? String(e));
  }
}
Object.assign(console, { log, info, warn, error, table });
writeFileSync(outFile, JSON.stringify(results));
process.exit(0);
`;

/** Absolute file path for a crmkit specifier ('crmkit/money' → …/src/money/index.ts). */
function rewriteCrmkitImports(code) {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(crmkit(?:\/[\w-]+)?)\2/g, (all, pre, q, spec) => {
    const sub = spec === 'crmkit' ? '.' : `./${spec.slice('crmkit/'.length)}`;
    return entryFiles[sub] === undefined ? all : `${pre}${q}${entryFiles[sub]}${q}`;
  });
}

/** Runs the runnable snippets in one Node process (tsx); returns results by snippet id. */
export function run(snippets, preludes) {
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const list = [];
  const checksById = new Map();
  for (const s of snippets) {
    const { code, checks } = instrument(s.code, s.id);
    checksById.set(s.id, checks);
    const file = snippetPath(s);
    writeFileSync(file, `${preludes.get(s.id) ?? ''}\n${rewriteCrmkitImports(code)}\nexport {};\n`);
    list.push({ id: s.id, url: pathToFileURL(file).href });
  }
  writeFileSync(join(cacheDir, 'list.json'), JSON.stringify({ snippets: list }));
  writeFileSync(join(cacheDir, 'package.json'), '{ "type": "module" }\n'); // top-level await in the examples
  writeFileSync(join(cacheDir, 'runner.mjs'), RUNNER);
  const out = join(cacheDir, 'results.json');
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(cacheDir, 'runner.mjs'), join(cacheDir, 'list.json'), out],
    { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 600_000 },
  );
  if (r.status !== 0) throw new Error(`the example runner failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const results = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(cacheDir, { recursive: true, force: true });
  return { results, checksById };
}

// ---------------------------------------------------------------------------------------------------
// Main

/** Checks the given files; returns a report. */
export function checkExamples(files) {
  const snippets = snippetsOf(files);
  const typed = typeCheck(snippets);
  const toRun = snippets.filter((s) => runnable(s) && typed.get(s.id).errors.length === 0);
  const preludes = new Map([...typed].map(([id, t]) => [id, t.prelude]));
  const { results, checksById } = toRun.length > 0 ? run(toRun, preludes) : { results: {}, checksById: new Map() };
  const report = [];
  for (const s of snippets) {
    const t = typed.get(s.id);
    const entry = {
      id: s.id,
      source: s.source,
      line: s.line,
      owner: s.owner,
      failures: [],
      prose: [],
      checked: 0,
      ran: false,
    };
    for (const e of t.errors) entry.failures.push({ line: e.line, kind: 'type', message: e.message });
    if (runnable(s) && t.errors.length > 0)
      entry.failures.push({ line: s.line, kind: 'not run', message: 'not run: it does not type-check' });
    const r = results[s.id];
    if (r !== undefined) {
      entry.ran = true;
      if (r.error !== undefined) entry.failures.push({ line: s.line, kind: 'run', message: `threw ${r.error}` });
      for (const c of checksById.get(s.id) ?? []) {
        const line = s.line + c.line - 1;
        if (c.expectation.kind === 'prose') {
          entry.prose.push({ line, text: c.text });
          continue;
        }
        entry.checked++;
        const got = r.checks[c.id];
        if (got === undefined) {
          if (r.error === undefined) entry.failures.push({ line, kind: '//=>', message: `never ran: //=> ${c.text}` });
        } else if (!got.ok) entry.failures.push({ line, kind: '//=>', message: got.message });
      }
    }
    report.push(entry);
  }
  return report;
}

function main() {
  const args = process.argv.slice(2);
  const reportOnly = args.includes('--report-only');
  const verbose = args.includes('--verbose');
  const jsonAt = args.indexOf('--json');
  const jsonPath = jsonAt >= 0 ? args[jsonAt + 1] : null;
  const files = args.filter((a, i) => !a.startsWith('--') && !(jsonAt >= 0 && i === jsonAt + 1));
  const targets = files.length > 0 ? files.map((f) => resolve(f)) : defaultFiles();
  const started = Date.now();
  const report = checkExamples(targets);
  if (jsonPath) writeFileSync(jsonPath, JSON.stringify(report, null, 2));

  const bySource = new Map();
  for (const e of report) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  let failed = 0;
  const failedBySource = [];
  for (const [source, list] of bySource) {
    const failures = list.flatMap((e) => e.failures.map((f) => ({ ...f, owner: e.owner })));
    const failedSnippets = list.filter((e) => e.failures.length > 0).length;
    failed += failedSnippets;
    if (failedSnippets > 0) failedBySource.push([source, failedSnippets, list.length]);
    for (const f of failures)
      console.log(`${source}:${f.line} (${f.owner}) ${f.kind === 'type' ? '' : `[${f.kind}] `}${f.message}`);
    if (verbose)
      for (const e of list)
        for (const p of e.prose) console.log(`${source}:${p.line} (${e.owner}) [prose, not checked] //=> ${p.text}`);
  }
  const total = report.length;
  const ran = report.filter((e) => e.ran).length;
  const checked = report.reduce((n, e) => n + e.checked, 0);
  const prose = report.reduce((n, e) => n + e.prose.length, 0);
  console.log(
    `\n${total} examples in ${bySource.size} files: ${total - failed} pass, ${failed} fail. ${ran} ran; ${checked} //=> results checked, ${prose} left as prose. (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
  if (failedBySource.length > 0) {
    console.log('\nFailing examples by file:');
    for (const [source, n, of] of failedBySource) console.log(`  ${source}: ${n} of ${of}`);
  }
  if (failed > 0 && !reportOnly) process.exit(1);
  if (failed > 0) console.log('\n--report-only: not failing the build (see docs/contributing.md to make it strict).');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
