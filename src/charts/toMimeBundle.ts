/**
 * The Jupyter rich-output bundle of a chart.
 *
 * @module
 */
import { argumentError } from '../core/errors.js';
import type { VegaLiteSpec } from './types.js';

/**
 * The MIME type of a Vega-Lite v5 spec in Jupyter's rich output (the type JupyterLab's built-in
 * renderer, nteract and VS Code read).
 *
 * @example
 * ```ts
 * VEGA_LITE_MIME_TYPE; //=> 'application/vnd.vegalite.v5+json'
 * ```
 */
export const VEGA_LITE_MIME_TYPE = 'application/vnd.vegalite.v5+json';

/**
 * A Jupyter MIME bundle of a chart spec, `{ 'application/vnd.vegalite.v5+json': spec }`: what a
 * notebook kernel displays as a chart — with the Deno kernel, `Deno.jupyter.display(toMimeBundle(spec),
 * { raw: true })`. The spec is the same object (charts are frozen already).
 *
 * @throws CrmError `validation_failed` when `spec` is not a Vega-Lite spec object (an object with a
 * `$schema` string): a call no type-correct program makes.
 *
 * @example
 * ```ts
 * const spec = unwrap(funnelChart(unwrap(funnel(['lead', 'won'], [10, 2]))));
 * Object.keys(toMimeBundle(spec)); //=> ['application/vnd.vegalite.v5+json']
 * ```
 */
export function toMimeBundle(spec: VegaLiteSpec): { readonly [VEGA_LITE_MIME_TYPE]: VegaLiteSpec } {
  let schema: unknown;
  try {
    schema = typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? spec.$schema : undefined;
  } catch {
    schema = undefined;
  }
  if (typeof schema !== 'string')
    throw argumentError('toMimeBundle', ['spec'], 'a Vega-Lite spec { $schema, … }', spec);
  return Object.freeze({ [VEGA_LITE_MIME_TYPE]: spec });
}
