/**
 * Where a business calendar keeps its table: a non-enumerable, symbol-keyed property set once when the
 * calendar is made, so the calendar stays a frozen plain record to its users (JSON, equality and spreading
 * do not see the table) while the table inside it grows as queries need.
 *
 * @module
 */
import { BusinessTable, type TableSpec } from './_businessTable.js';

const TABLE: unique symbol = /* @__PURE__ */ Symbol('crmkit.businessTable');

/** Gives `calendar` (not yet frozen) its table. */
export function attachTable(calendar: object, spec: TableSpec): void {
  Object.defineProperty(calendar, TABLE, { value: new BusinessTable(spec), enumerable: false });
}

/** The table of a calendar made by defineBusinessCalendar; undefined for anything else. Never throws. */
export function tableOf(value: unknown): BusinessTable | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    const t: unknown = (value as { [TABLE]?: unknown })[TABLE];
    return t instanceof BusinessTable ? t : undefined;
  } catch {
    return undefined;
  }
}
