// Renders the pictures of docs/charts.md to PNG (docs/images/charts/*.png). Run by hand, not in CI:
//   npx tsx scripts/render-charts.mjs
// Each ```ts block of the guide is run as the guide test runs it (imports of crmkit/… resolved to src/);
// every picture `![…](images/charts/<name>.png)` that follows a block is the block's variable
// `<name in camelCase>Spec`, compiled with vega-lite, rendered to SVG with vega (no canvas) and to PNG
// with resvg (a real SVG renderer, system fonts) at twice the size.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vl from 'vega-lite';
import * as vega from 'vega';
import { Resvg } from '@resvg/resvg-js';
import { markdownBlocks, entryModules, run, ROOT } from '../test/metrics/_codeBlocks.ts';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs';

const guide = readFileSync(join(ROOT, 'docs/charts.md'), 'utf8');
const blocks = markdownBlocks('docs/charts.md');
const modules = { ...(await entryModules()), 'node:fs': fs };
const out = join(ROOT, 'docs/images/charts');
mkdirSync(out, { recursive: true });
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

// The text after each block, up to the next block: the pictures it shows.
const starts = [...guide.matchAll(/^```ts\n[\s\S]*?^```$/gm)].map((m) => m.index + m[0].length);
for (let i = 0; i < blocks.length; i++) {
  const tail = guide.slice(starts[i], starts[i + 1] ?? guide.length);
  const tailUntilNext = tail.split(/^```ts$/m)[0];
  const names = [...tailUntilNext.matchAll(/\(images\/charts\/([a-z-]+)\.png\)/g)].map((m) => m[1]);
  if (names.length === 0) continue;
  const captured = {};
  const code = `${blocks[i].code}\n${names.map((n) => `__capture('${n}', ${camel(n)}Spec);`).join('\n')}\n`;
  await run({ where: blocks[i].where, code }, modules, { __capture: (n, v) => (captured[n] = v) });
  for (const name of names) {
    const compiled = vl.compile(captured[name]).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
      background: 'white',
    })
      .render()
      .asPng();
    writeFileSync(join(out, `${name}.png`), png);
    console.log(`docs/images/charts/${name}.png (${png.length} bytes)`);
  }
}
