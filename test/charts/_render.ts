/**
 * Compiles a chart spec with vega-lite and renders it with vega in Node (no canvas: the SVG renderer),
 * collecting compiler warnings and the scenegraph's marks, so tests can check what the marks carry.
 */
import * as vl from 'vega-lite';
import * as vega from 'vega';
import type { VegaLiteSpec } from '../../src/charts/index.js';

/** One rendered mark (a line, a set of bars, …) and its items. */
export interface RenderedMark {
  readonly marktype: string;
  readonly name: string;
  readonly items: readonly {
    datum: Record<string, unknown>;
    x?: number;
    y?: number;
    x2?: number;
    y2?: number;
    width?: number;
    height?: number;
    text?: string;
  }[];
}

export interface Rendered {
  readonly svg: string;
  readonly warnings: readonly string[];
  readonly marks: readonly RenderedMark[];
  readonly view: vega.View;
}

export async function render(spec: VegaLiteSpec): Promise<Rendered> {
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...a: unknown[]) => (warnings.push(a.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
    error: (...a: unknown[]) => (warnings.push('error: ' + a.map(String).join(' ')), logger),
  };
  // vega-lite mutates nothing of ours (the spec is frozen: it would throw if it tried).
  const compiled = vl.compile(spec as never, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  view.logger(logger as never);
  await view.runAsync();
  const svg = await view.toSVG();
  const marks: RenderedMark[] = [];
  const walk = (node: any): void => {
    if (node === null || typeof node !== 'object') return;
    if (typeof node.marktype === 'string' && Array.isArray(node.items)) {
      if (node.marktype !== 'group' && node.role === 'mark')
        marks.push({ marktype: node.marktype, name: String(node.name ?? ''), items: node.items });
      for (const item of node.items) walk(item);
    } else if (Array.isArray(node.items)) for (const item of node.items) walk(item);
  };
  walk((view.scenegraph() as any).root);
  return { svg, warnings, marks, view };
}

/** The data of every item of the marks of one type, in scenegraph order. */
export function data(r: Rendered, marktype: string): Record<string, unknown>[] {
  return r.marks.filter((m) => m.marktype === marktype).flatMap((m) => m.items.map((i) => i.datum));
}
