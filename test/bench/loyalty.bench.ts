/**
 * Benchmark for the loyalty ledger. Run: `npx tsx test/bench/loyalty.bench.ts` (BENCH_SCALE=0.1 for a
 * smoke run). Target (issue 17): `loyaltyBalance` over a 1,000,000-entry ledger in one pass.
 *
 * The ledger is one customer's: earn entries (points as decimal strings, one in four with an expiry of
 * 30 to 400 days) and redemptions, in order of time, as a store would return them. The baseline is a
 * hand-written FIFO loop doing the same arithmetic on decimal.js (lots in an array, a head index,
 * expired lots passed over) without crmkit's checks of each entry; both must give the same balance
 * (checked first). One pass shows as linear time: the ledger of N entries against one of N/10.
 * Alternating 7 runs after a warm-up; medians.
 */
import { loadavg } from 'node:os';
import { compare, machineLine, writeReportSection } from './_harness.js';
import { unwrap } from '../../src/core/result.js';
import { createRng } from '../../src/math/random.js';
import { loyaltyBalance, type LedgerEntry } from '../../src/loyalty/index.js';
import { Dec } from '../../src/money/decimal.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const N = Math.max(10_000, Math.round(1_000_000 * SCALE));
const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);

function makeLedger(n: number): { ledger: LedgerEntry[]; asOf: Date } {
  const r = createRng(17);
  const rng = () => r.next();
  const ledger: LedgerEntry[] = [];
  let t = T0;
  let balance = 0;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rng() * 600_000);
    const at = new Date(t);
    if (balance > 500 && rng() < 0.3) {
      const p = 100 + Math.floor(rng() * 400);
      balance -= p;
      ledger.push({ customerId: 'c1', kind: 'redeem', points: String(-p), at });
    } else {
      const cents = 100 + Math.floor(rng() * 20_000);
      const points = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
      balance += cents / 100;
      const expiresAt = rng() < 0.25 ? new Date(t + (30 + Math.floor(rng() * 370)) * DAY) : null;
      ledger.push({ customerId: 'c1', kind: 'earn', points, at, expiresAt });
    }
  }
  return { ledger, asOf: new Date(t + DAY) };
}

/** The hand loop: the same FIFO on decimal.js, without checking entries. */
function handBalance(ledger: readonly LedgerEntry[], asOf: number): string {
  const rem: InstanceType<typeof Dec>[] = [];
  const exp: number[] = [];
  let head = 0;
  let deficit = new Dec(0);
  for (const e of ledger) {
    const at = (e.at as Date).getTime();
    if (at > asOf) break;
    let p = new Dec(e.points as string);
    if (p.isPositive()) {
      if (!deficit.isZero()) {
        const pay = Dec.min(p, deficit);
        deficit = deficit.minus(pay);
        p = p.minus(pay);
      }
      if (!p.isZero()) {
        rem.push(p);
        exp.push(e.expiresAt == null ? Infinity : (e.expiresAt as Date).getTime());
      }
    } else {
      let need = p.neg();
      while (head < rem.length && !need.isZero()) {
        if (exp[head]! <= at) {
          head++;
          continue;
        }
        const take = Dec.min(rem[head]!, need);
        rem[head] = rem[head]!.minus(take);
        need = need.minus(take);
        if (rem[head]!.isZero()) head++;
      }
      deficit = deficit.plus(need);
    }
  }
  let available = deficit.neg();
  for (let i = head; i < rem.length; i++) if (exp[i]! > asOf) available = available.plus(rem[i]!);
  return available.isZero() ? '0' : available.toFixed();
}

const big = makeLedger(N);
const small = makeLedger(Math.round(N / 10));
const ours = (l: { ledger: LedgerEntry[]; asOf: Date }) => unwrap(loyaltyBalance(l.ledger, { asOf: l.asOf })).available;
const hand = (l: { ledger: LedgerEntry[]; asOf: Date }) => handBalance(l.ledger, l.asOf.getTime());
for (const l of [big, small])
  if (ours(l) !== hand(l)) throw new Error(`the balances differ: ${ours(l)} and ${hand(l)}`);

const vsHand = compare(
  () => ours(big),
  () => hand(big),
);
const scaling = compare(
  () => ours(big),
  () => {
    for (let i = 0; i < 10; i++) ours(small);
  },
);
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' / ');
const ms = (x: number) => x.toFixed(0);
console.log({ vsHand: vsHand.ratio, scaling: scaling.ratio });

writeReportSection(
  'loyalty',
  `## Loyalty: the ledger balance (issue 17)

\`loyaltyBalance\` over one customer's ledger of ${N.toLocaleString('en-US')} entries (earn entries with decimal points, one in
four expiring after 30–400 days, and redemptions; in order of time), against a hand-written FIFO loop doing the same
decimal.js arithmetic without checking the entries (both give the same balance, checked first). One pass: the ledger
of ${N.toLocaleString('en-US')} entries against ten ledgers of ${Math.round(N / 10).toLocaleString('en-US')} — a ratio near 1 is linear time.
Median of 7 alternating runs after a warm-up. ${machineLine()}, load ${load} (the machine is shared with other agents).

| comparison | loyaltyBalance ms | baseline ms | ratio |
|---|---:|---:|---:|
| vs the hand loop | ${ms(vsHand.candidate.medianMs)} | ${ms(vsHand.baseline.medianMs)} | ${vsHand.ratio.toFixed(2)} |
| ${N.toLocaleString('en-US')} entries vs 10 × ${Math.round(N / 10).toLocaleString('en-US')} | ${ms(scaling.candidate.medianMs)} | ${ms(scaling.baseline.medianMs)} | ${scaling.ratio.toFixed(2)} |`,
);
