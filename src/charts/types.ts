/**
 * The types every chart shares: the Vega-Lite spec a chart returns (plain JSON), the common options,
 * and the locale definition that sets number and date formats.
 *
 * @module
 */
import type { ChartLocaleName, CHART_LOCALES } from './locales.js';

/**
 * A JSON value: what a chart spec is made of (no `undefined`, functions, Dates, NaN or Infinity).
 *
 * @example
 * ```ts
 * const v: JsonValue = { a: [1, 'two', null, true] };
 * ```
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * A Vega-Lite v5 specification: plain, frozen JSON with `$schema`, ready for `vega-embed`, Jupyter (see
 * `toMimeBundle`), Observable, VS Code or a server-side renderer. crmkit never runs Vega itself.
 *
 * @example
 * ```ts
 * const spec: VegaLiteSpec = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', mark: 'point' };
 * ```
 */
export interface VegaLiteSpec {
  /** The Vega-Lite JSON schema the spec follows (major version 5). */
  readonly $schema: string;
  /** The rest of the spec: title, size, data, marks, encodings, layers and config. */
  readonly [key: string]: JsonValue;
}

/**
 * A Vega locale definition: how numbers (d3-format) and dates (d3-time-format) are written. A chart
 * writes it into `config.locale`, so every renderer formats the same way.
 *
 * @example
 * ```ts
 * const l: ChartLocale = CHART_LOCALES['en-GB'];
 * ```
 */
export interface ChartLocale {
  /** Number formatting (d3-format locale). */
  readonly number: {
    /** The decimal mark, e.g. `','`. */
    readonly decimal: string;
    /** The thousands separator, e.g. `'.'`. */
    readonly thousands: string;
    /** Digit group sizes, e.g. `[3]`. */
    readonly grouping: readonly number[];
    /** Currency prefix and suffix, e.g. `['Rp', '']`. */
    readonly currency: readonly [string, string];
    /** The percent sign (default `'%'`). */
    readonly percent?: string;
  };
  /** Date formatting (d3-time-format locale). */
  readonly time: {
    /** The `%c` format. */
    readonly dateTime: string;
    /** The `%x` format. */
    readonly date: string;
    /** The `%X` format. */
    readonly time: string;
    /** AM and PM. */
    readonly periods: readonly [string, string];
    /** Day names, Sunday first. */
    readonly days: readonly string[];
    /** Short day names, Sunday first. */
    readonly shortDays: readonly string[];
    /** Month names, January first. */
    readonly months: readonly string[];
    /** Short month names, January first. */
    readonly shortMonths: readonly string[];
  };
}

/**
 * Options every chart takes. `undefined` and `null` options mean none; a key a chart does not know is
 * refused (`unrecognized_keys`), naming the allowed ones.
 *
 * @example
 * ```ts
 * const o: ChartOptions = { title: 'Retention', width: 640, height: 360, colors: ['#1f77b4', '#ff7f0e'], locale: 'id-ID' };
 * ```
 */
export interface ChartOptions {
  /** The chart title (each chart has a default; `''` shows none). At most 200 characters. */
  readonly title?: string;
  /** Width of the plot area in pixels, an integer 50..4000 (default 480). */
  readonly width?: number;
  /** Height of the plot area in pixels, an integer 50..4000 (default 300). */
  readonly height?: number;
  /**
   * CSS colours (`#rgb`, `#rrggbb`, a colour name, `rgb(…)`, `hsl(…)`): the series colours in order,
   * or, for a heatmap, the colour ramp from low to high (at least two). At most 32.
   */
  readonly colors?: readonly string[];
  /** Number and date formats: a name of {@link CHART_LOCALES} or a {@link ChartLocale}; default `'en-US'`. */
  readonly locale?: ChartLocaleName | ChartLocale;
}
