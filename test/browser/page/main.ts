// The browser page: fetches CDNOW's summary, fits BG/NBD in the page (crmkit/clv), shows the
// repeat-purchase funnel (crmkit/metrics) and renders two charts (crmkit/charts) with vega-embed as SVG.
// scripts/browser-check.mjs bundles it with esbuild and drives it in headless Chromium; the page puts
// what it computed on window.crmkitResult for the check to read.
import vegaEmbed from 'vega-embed';
import { analyseCdnow, parseCdnowSummary, type CdnowPageResult } from './cdnowPage.js';

declare global {
  interface Window {
    crmkitResult?: CdnowPageResult | { readonly error: string };
  }
}

async function main(): Promise<void> {
  const response = await fetch('cdnow_customers_summary.csv');
  if (!response.ok) throw new Error(`cdnow_customers_summary.csv: HTTP ${response.status}`);
  const started = performance.now();
  const result = analyseCdnow(parseCdnowSummary(await response.text()));
  const ms = performance.now() - started;

  const p = result.params;
  const cell = (tag: string, text: string): HTMLElement =>
    Object.assign(document.createElement(tag), { textContent: text });
  const table = document.querySelector('#funnel tbody')!;
  for (const step of result.funnel) {
    const row = document.createElement('tr');
    row.append(cell('td', step.stage), cell('td', String(step.count)), cell('td', (step.overallRate ?? 0).toFixed(3)));
    table.append(row);
  }
  document.querySelector('#fit')!.textContent =
    `BG/NBD on ${result.customers} customers, fitted in this page in ${ms.toFixed(0)} ms: ` +
    `r = ${p.r.toFixed(4)}, α = ${p.alpha.toFixed(4)}, a = ${p.a.toFixed(4)}, b = ${p.b.toFixed(4)}, ` +
    `log-likelihood ${result.logLikelihood.toFixed(2)} (Fader, Hardie & Lee 2005: 0.243, 4.414, 0.793, 2.426)`;

  // What the check compares with Node: a copy taken before Vega reads the specs' data (it tags the rows).
  const computed = JSON.parse(JSON.stringify(result)) as CdnowPageResult;
  await vegaEmbed('#alive', result.charts.probabilityAlive as never, { renderer: 'svg', actions: false });
  await vegaEmbed('#period', result.charts.periodTransactions as never, { renderer: 'svg', actions: false });
  window.crmkitResult = computed;
}

main().catch((e: unknown) => {
  window.crmkitResult = { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  document.querySelector('#fit')!.textContent = `Error: ${String(e)}`;
});
