/** Loads the shared CDNOW files (never copied into the repository). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cdnowDir = resolve(root, process.env.CRMKIT_CDNOW_DIR ?? '../shared/data/cdnow');

function csv(name: string): number[][] {
  return readFileSync(resolve(cdnowDir, name), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',').map(Number));
}

/** cdnow_customers_summary.csv: ID, frequency, recency, T (weeks, calibration period). */
export function cdnowSummary(): { id: number; frequency: number; recency: number; T: number }[] {
  return csv('cdnow_customers_summary.csv').map(([id, frequency, recency, T]) => ({
    id: id!,
    frequency: frequency!,
    recency: recency!,
    T: T!,
  }));
}

/** cdnow_customers_summary_with_transactions.csv: ID, x, t_x, T, zbar. */
export function cdnowWithSpend(): {
  id: number;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
}[] {
  return csv('cdnow_customers_summary_with_transactions.csv').map(([id, frequency, recency, T, m]) => ({
    id: id!,
    frequency: frequency!,
    recency: recency!,
    T: T!,
    monetaryValue: m!,
  }));
}

/** CDNOW_sample.txt: master id, sample id, YYYYMMDD, CDs, dollars. */
export function cdnowSample(): { id: string; date: string; value: string }[] {
  return readFileSync(resolve(cdnowDir, 'CDNOW_sample.txt'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((line) => {
      const [, id, date, , value] = line.trim().split(/\s+/);
      return { id: String(Number(id)), date: date!, value: value! };
    });
}

/** CDNOW_master.txt (23,570 customers, 69,659 transactions): customer id, YYYYMMDD, CDs, dollars. */
export function cdnowMaster(): { id: string; date: string; value: string }[] {
  return readFileSync(resolve(cdnowDir, 'CDNOW_master.txt'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [id, date, , value] = line.trim().split(/\s+/);
      return { id: id!, date: date!, value: value! };
    });
}
