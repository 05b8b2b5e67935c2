/**
 * The memory store's {@link WorkflowLedger}: per-tenant maps, a transaction's writes buffered in an
 * overlay and applied at its commit, cursors held by a transaction until it ends.
 *
 * @module
 */
import { fail, ok, err, type Result } from '../core/result.js';
import { deepFreeze } from '../_lib/freeze.js';
import type { DeadLetter, StoreContext, WorkflowLedger } from './ports.js';
import { validateContext } from './validate.js';
import {
  checkDeadLetter,
  checkDeadLettersOptions,
  checkLedgerJson,
  checkLedgerKey,
  checkLedgerPosition,
} from './checkLedger.js';
import { transactionEndedError } from './storeErrors.js';

interface StoredLetter {
  readonly key: string;
  readonly plan: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: number;
  /** Order of first arrival (a replaced letter keeps its place). */
  readonly order: number;
}

/** One tenant's ledger; values are kept as JSON text (copies in and out). */
export interface LedgerData {
  readonly entries: Map<string, string>;
  readonly cursors: Map<string, number>;
  readonly states: Map<string, string>;
  readonly letters: Map<string, StoredLetter>;
}

/** An empty tenant ledger. */
export function emptyLedger(): LedgerData {
  return { entries: new Map(), cursors: new Map(), states: new Map(), letters: new Map() };
}

/** What a ledger needs from the state it runs on: the base maps, or a transaction's overlay. */
export interface LedgerAccess {
  entry(t: string, key: string): string | undefined;
  record(t: string, key: string, json: string): boolean;
  cursor(t: string, name: string): number;
  /** Holds a cursor for the transaction (the base always grants: it holds nothing). */
  claim(t: string, name: string): boolean;
  setCursor(t: string, name: string, position: number): void;
  state(t: string, key: string): string | undefined;
  setState(t: string, key: string, json: string): void;
  addLetter(t: string, letter: Omit<StoredLetter, 'order'>): void;
  letters(t: string): readonly StoredLetter[];
  ended(): boolean;
}

/** The base ledger over the store's tenants. `held` are the cursors transactions hold now. */
export function baseLedger(
  tenant: (t: string) => LedgerData,
  peek: (t: string) => LedgerData | undefined,
): LedgerAccess {
  return {
    entry: (t, key) => peek(t)?.entries.get(key),
    record(t, key, json) {
      const d = tenant(t);
      if (d.entries.has(key)) return false;
      d.entries.set(key, json);
      return true;
    },
    cursor: (t, name) => peek(t)?.cursors.get(name) ?? 0,
    claim: () => true,
    setCursor: (t, name, position) => void tenant(t).cursors.set(name, position),
    state: (t, key) => peek(t)?.states.get(key),
    setState: (t, key, json) => void tenant(t).states.set(key, json),
    addLetter(t, letter) {
      const d = tenant(t);
      const before = d.letters.get(letter.key);
      d.letters.set(letter.key, { ...letter, order: before?.order ?? d.letters.size });
    },
    letters: (t) => [...(peek(t)?.letters.values() ?? [])].sort((a, b) => a.order - b.order),
    ended: () => false,
  };
}

const k2 = (t: string, key: string): string => `${t}\u0000${key}`;

/** A transaction's ledger writes, applied at its commit; `held` is shared by the store's transactions. */
export class LedgerOverlay implements LedgerAccess {
  private readonly entries = new Map<string, { t: string; key: string; json: string }>();
  private readonly cursors = new Map<string, { t: string; name: string; position: number }>();
  private readonly states = new Map<string, { t: string; key: string; json: string }>();
  private readonly added = new Map<string, { t: string; letter: Omit<StoredLetter, 'order'> }>();
  private readonly claims = new Set<string>();
  /** The states this transaction read from the base (JSON text, or undefined when absent), by key. */
  private readonly read = new Map<string, { t: string; key: string; json: string | undefined }>();

  constructor(
    private readonly base: LedgerAccess,
    private readonly held: Set<string>,
    private readonly isEnded: () => boolean,
  ) {}

  ended(): boolean {
    return this.isEnded();
  }
  entry(t: string, key: string): string | undefined {
    return this.entries.get(k2(t, key))?.json ?? this.base.entry(t, key);
  }
  record(t: string, key: string, json: string): boolean {
    if (this.entry(t, key) !== undefined) return false;
    this.entries.set(k2(t, key), { t, key, json });
    return true;
  }
  cursor(t: string, name: string): number {
    return this.cursors.get(k2(t, name))?.position ?? this.base.cursor(t, name);
  }
  claim(t: string, name: string): boolean {
    const k = k2(t, name);
    if (this.claims.has(k)) return true;
    if (this.held.has(k)) return false;
    this.held.add(k);
    this.claims.add(k);
    return true;
  }
  setCursor(t: string, name: string, position: number): void {
    this.cursors.set(k2(t, name), { t, name, position });
  }
  state(t: string, key: string): string | undefined {
    const k = k2(t, key);
    const mine = this.states.get(k);
    if (mine !== undefined) return mine.json;
    const json = this.base.state(t, key);
    if (!this.read.has(k)) this.read.set(k, { t, key, json });
    return json;
  }
  setState(t: string, key: string, json: string): void {
    this.states.set(k2(t, key), { t, key, json });
  }
  addLetter(t: string, letter: Omit<StoredLetter, 'order'>): void {
    this.added.set(k2(t, letter.key), { t, letter });
  }
  letters(t: string): readonly StoredLetter[] {
    const base = this.base.letters(t);
    const mine = [...this.added.values()].filter((a) => a.t === t).map((a) => a.letter);
    const byKey = new Map<string, StoredLetter>(base.map((l) => [l.key, l]));
    let order = base.length;
    for (const l of mine) byKey.set(l.key, { ...l, order: byKey.get(l.key)?.order ?? order++ });
    return [...byKey.values()].sort((a, b) => a.order - b.order);
  }

  /**
   * A key this transaction recorded that another writer recorded meanwhile, or a state it read and
   * then set that another writer changed meanwhile (a lost update): the commit must fail.
   */
  conflict(): string | null {
    for (const { t, key } of this.entries.values()) if (this.base.entry(t, key) !== undefined) return key;
    for (const [k, { t, key }] of this.states) {
      const seen = this.read.get(k);
      if (seen !== undefined && this.base.state(t, key) !== seen.json) return key;
    }
    return null;
  }

  /** Applies the writes to the base (after {@link conflict} found none). */
  apply(): void {
    for (const { t, key, json } of this.entries.values()) this.base.record(t, key, json);
    for (const { t, name, position } of this.cursors.values()) this.base.setCursor(t, name, position);
    for (const { t, key, json } of this.states.values()) this.base.setState(t, key, json);
    for (const { t, letter } of this.added.values()) this.base.addLetter(t, letter);
  }

  /** Lets go of the cursors this transaction held. */
  release(): void {
    for (const k of this.claims) this.held.delete(k);
    this.claims.clear();
  }
}

const parse = (json: string): unknown => deepFreeze(JSON.parse(json) as unknown);

/** The {@link WorkflowLedger} over a ledger access. */
export function makeMemoryLedger(access: LedgerAccess): WorkflowLedger {
  const start = (ctx: StoreContext): Result<string> => {
    const c = validateContext(ctx);
    if (!c.ok) return c;
    if (access.ended()) return err(transactionEndedError());
    return ok(c.value.tenantId);
  };
  return Object.freeze({
    async get(ctx: StoreContext, key: string) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      const t = start(ctx);
      if (!t.ok) return t;
      const json = access.entry(t.value, k.value);
      return ok(json === undefined ? null : Object.freeze({ key: k.value, result: parse(json) }));
    },
    async record(ctx: StoreContext, key: string, result: unknown) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      const json = checkLedgerJson(result, 'result');
      if (!json.ok) return json;
      const t = start(ctx);
      if (!t.ok) return t;
      return ok(access.record(t.value, k.value, json.value));
    },
    async claimCursor(ctx: StoreContext, name: string) {
      const n = checkLedgerKey(name, 'name');
      if (!n.ok) return n;
      const t = start(ctx);
      if (!t.ok) return t;
      return ok(access.claim(t.value, n.value) ? access.cursor(t.value, n.value) : null);
    },
    async moveCursor(ctx: StoreContext, name: string, position: number) {
      const n = checkLedgerKey(name, 'name');
      if (!n.ok) return n;
      const p = checkLedgerPosition(position);
      if (!p.ok) return p;
      const t = start(ctx);
      if (!t.ok) return t;
      access.setCursor(t.value, n.value, p.value);
      return ok(undefined);
    },
    async getState(ctx: StoreContext, key: string) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      const t = start(ctx);
      if (!t.ok) return t;
      const json = access.state(t.value, k.value);
      return ok(json === undefined ? null : parse(json));
    },
    async setState(ctx: StoreContext, key: string, value: unknown) {
      const k = checkLedgerKey(key);
      if (!k.ok) return k;
      const json = checkLedgerJson(value);
      if (!json.ok) return json;
      const t = start(ctx);
      if (!t.ok) return t;
      access.setState(t.value, k.value, json.value);
      return ok(undefined);
    },
    async addDeadLetter(ctx: StoreContext, letter: DeadLetter) {
      const l = checkDeadLetter(letter);
      if (!l.ok) return l;
      const t = start(ctx);
      if (!t.ok) return t;
      access.addLetter(t.value, { ...l.value, failedAt: l.value.failedAt.getTime() });
      return ok(undefined);
    },
    async deadLetters(ctx: StoreContext, options?: { readonly limit?: number } | null) {
      const limit = checkDeadLettersOptions(options);
      if (!limit.ok) return limit;
      const t = start(ctx);
      if (!t.ok) return t;
      const out: DeadLetter[] = access
        .letters(t.value)
        .slice(0, limit.value)
        .map((l) => ({
          key: l.key,
          plan: parse(l.plan),
          error: l.error,
          attempts: l.attempts,
          failedAt: new Date(l.failedAt),
        }));
      return ok(deepFreeze(out) as readonly DeadLetter[]);
    },
  });
}

/** The failed commit of a transaction whose ledger key another writer recorded first. */
export function ledgerConflict(key: string): Result<never> {
  return fail(
    'conflict',
    `Transaction conflict: ledger key ${JSON.stringify(key.slice(0, 80))} was written by another writer during the transaction; nothing was written`,
    [{ path: ['ledger', key], message: 'recorded concurrently', code: 'duplicate' }],
  );
}
