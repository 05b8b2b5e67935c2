// crmkit in a real browser (issue 18 §3), after `npm run build`:
//
//   node scripts/browser-check.mjs [--screenshot docs/images/browser/cdnow-page.png]
//
// 1. type-checks the page (test/browser/page, DOM types) and bundles it with esbuild for the browser, as
//    an app would: `crmkit/metrics`, `crmkit/clv`, `crmkit/charts` resolve through package.json exports
//    to dist/, vega-embed and its dependencies from node_modules;
// 2. serves the page and CDNOW's summary (CRMKIT_CDNOW_DIR, default ../shared/data/cdnow) on 127.0.0.1;
// 3. opens it in headless Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH, driven by playwright-core),
//    where the page fits BG/NBD and renders two charts with vega-embed as SVG;
// 4. checks that the parameters the page fitted equal the Node fit of the same rows (the same code,
//    test/browser/page/cdnowPage.ts, on dist/) to 1e-12, and that each SVG has one mark per data row;
// 5. takes a screenshot: to $CRMKIT_ARTIFACTS_DIR/browser/cdnow-page.png (default: a temporary folder),
//    or where --screenshot says (the committed picture is docs/images/browser/cdnow-page.png).
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'crmkit-browser-'));
const screenshot = args.includes('--screenshot')
  ? resolve(args[args.indexOf('--screenshot') + 1])
  : join(process.env.CRMKIT_ARTIFACTS_DIR ?? work, 'browser', 'cdnow-page.png');
const cdnowDir = resolve(root, process.env.CRMKIT_CDNOW_DIR ?? '../shared/data/cdnow');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const t0 = Date.now();
const step = (what) => console.log(`${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s  ${what}`);

const problems = [];
/** Compares two JSON values, numbers to 1e-12 relative; records each mismatch; returns the largest relative difference. */
function compare(got, want, path) {
  if (typeof want === 'number' && typeof got === 'number') {
    const rel = got === want ? 0 : Math.abs(got - want) / Math.max(Math.abs(want), Number.MIN_VALUE);
    if (!(rel <= 1e-12)) problems.push(`${path}: page ${got}, Node ${want}`);
    return rel;
  }
  if (typeof want !== 'object' || want === null || typeof got !== 'object' || got === null) {
    if (got !== want) problems.push(`${path}: page ${JSON.stringify(got)}, Node ${JSON.stringify(want)}`);
    return 0;
  }
  const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
  let worst = 0;
  for (const k of keys) worst = Math.max(worst, compare(got[k], want[k], `${path}.${k}`));
  return worst;
}
let browser;
let server;
try {
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'test/browser/page/tsconfig.json', '--noEmit'],
    { cwd: root, encoding: 'utf8' },
  );
  if (tsc.status !== 0) throw new Error(`the page does not type-check:\n${tsc.stdout}${tsc.stderr}`);
  step('page type-checks (DOM types)');

  const page = await build({
    entryPoints: [join(root, 'test/browser/page/main.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile: join(work, 'page.js'),
    metafile: true,
    // No tsconfig paths (they map crmkit/… to src/ for tests): crmkit resolves as in an app, to dist/.
    tsconfigRaw: {},
    logLevel: 'warning',
    // tsup's entries import their type-only chunks bare; with "sideEffects": false esbuild drops them and says so.
    logOverride: { 'ignored-bare-import': 'silent' },
  });
  const inputs = Object.keys(page.metafile.inputs);
  // crmkit/quality's CSV reader resolves `#csv-parse` (package.json "imports") to csv-parse's browser build.
  for (const entry of [
    'dist/metrics.js',
    'dist/clv.js',
    'dist/charts.js',
    'dist/quality.js',
    'node_modules/csv-parse/dist/esm/sync.js',
  ])
    if (!inputs.includes(entry))
      problems.push(`the bundle does not hold ${entry}: ${inputs.filter((i) => i.startsWith('dist/')).join(', ')}`);
  const bytes = readFileSync(join(work, 'page.js')).length;
  step(
    `bundled with esbuild: page.js ${(bytes / 1024).toFixed(0)} KiB minified (${inputs.length} modules, vega and vega-lite included)`,
  );

  // The same pure code on Node, against dist/.
  await build({
    entryPoints: [join(root, 'test/browser/page/cdnowPage.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    tsconfigRaw: {},
    logOverride: { 'ignored-bare-import': 'silent' },
    outfile: join(work, 'cdnowPage.mjs'),
    logLevel: 'warning',
  });
  const { analyseCdnow, parseCdnowSummary } = await import(pathToFileURL(join(work, 'cdnowPage.mjs')).href);
  const csv = readFileSync(join(cdnowDir, 'cdnow_customers_summary.csv'), 'utf8');
  const node = analyseCdnow(parseCdnowSummary(csv));
  step(`Node fit: r = ${node.params.r}, alpha = ${node.params.alpha}, a = ${node.params.a}, b = ${node.params.b}`);

  const files = {
    '/': ['text/html', readFileSync(join(root, 'test/browser/page/index.html'))],
    '/page.js': ['text/javascript', readFileSync(join(work, 'page.js'))],
    '/cdnow_customers_summary.csv': ['text/csv', Buffer.from(csv)],
  };
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = files[path];
    if (file === undefined) return res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    res.writeHead(200, { 'content-type': file[0] }).end(file[1]);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}/`;

  browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const tab = await browser.newPage({ viewport: { width: 1200, height: 640 } });
  const consoleErrors = [];
  tab.on('pageerror', (e) => consoleErrors.push(String(e)));
  tab.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await tab.goto(url);
  await tab.waitForFunction(() => window.crmkitResult !== undefined, null, { timeout: 60_000 });
  const inPage = await tab.evaluate(() => window.crmkitResult);
  step(`Chromium ${browser.version()}: the page read the CSV with parseCsv, fitted and rendered`);
  if ('error' in inPage) throw new Error(`the page failed: ${inPage.error}`);

  // Chromium's V8 and Node's differ in the last bits of some Math functions, so numbers are compared to
  // 1e-12 relative, and the largest difference is reported.
  const params = compare(inPage.params, node.params, 'params');
  const charts = compare(inPage.charts, node.charts, 'charts');
  const funnelDiff = compare(inPage.funnel, node.funnel, 'funnel');
  compare(inPage.logLikelihood, node.logLikelihood, 'logLikelihood');
  step(
    `page vs Node, largest relative difference: parameters ${params.toExponential(1)}, funnel ${funnelDiff.toExponential(1)}, chart data ${charts.toExponential(1)}`,
  );

  // One mark per data row: a rect per matrix cell, a bar per (purchases, series) row.
  const marks = await tab.evaluate(() =>
    Object.fromEntries(
      ['alive', 'period'].map((id) => [id, document.querySelectorAll(`#${id} svg .mark-rect.role-mark path`).length]),
    ),
  );
  const rows = (spec) =>
    [spec.data?.values ?? [], ...(spec.layer ?? []).map((l) => l.data?.values ?? [])].reduce(
      (n, v) => Math.max(n, v.length),
      0,
    );
  const expected = { alive: rows(node.charts.probabilityAlive), period: rows(node.charts.periodTransactions) };
  for (const id of ['alive', 'period'])
    if (!(marks[id] > 0 && marks[id] === expected[id]))
      problems.push(`#${id}: ${marks[id]} rect marks in the SVG, ${expected[id]} data rows`);
  step(`SVG marks: P(alive) matrix ${marks.alive} cells, period transactions ${marks.period} bars`);
  if (consoleErrors.length > 0) problems.push(`console errors:\n${consoleErrors.join('\n')}`);

  mkdirSync(dirname(screenshot), { recursive: true });
  writeFileSync(screenshot, await tab.screenshot({ fullPage: true }));
  step(`screenshot: ${screenshot}`);
} catch (e) {
  problems.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
} finally {
  await browser?.close();
  server?.close();
  if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('The page fitted BG/NBD to the same parameters as Node (1e-12) and rendered both charts.');
