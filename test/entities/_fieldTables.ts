/**
 * The field tables of docs/entities.md, generated from the entity schemas (the single source of the
 * entity types), so that the documentation cannot drift from them. `fieldTables.test.ts` compares the
 * generated Markdown with the file; `CRMKIT_WRITE_DOCS=1 npx vitest run test/entities/fieldTables.test.ts`
 * rewrites the section.
 */
import type { z } from 'zod';
import * as entities from '../../src/entities/index.js';
import { moneySchema } from '../../src/money/schema.js';
import { pointsSchema } from '../../src/entities/points.js';
import { countrySchema, domainSchema, emailSchema, instantSchema, phoneSchema } from '../../src/entities/fields.js';

type AnySchema = z.core.$ZodType;
interface Def {
  readonly type: string;
  readonly innerType?: AnySchema;
  readonly defaultValue?: unknown;
  readonly in?: AnySchema;
  readonly out?: AnySchema;
  readonly entries?: Record<string, string>;
  readonly element?: AnySchema;
  readonly shape?: Record<string, AnySchema>;
  readonly options?: readonly AnySchema[];
  readonly checks?: readonly { readonly _zod: { readonly def: Record<string, unknown> } }[];
  readonly format?: string;
}
const defOf = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The field schemas that have a name of their own (compared by identity). */
const NAMED = new Map<unknown, string>([
  [moneySchema, 'Money `{ amount, currency }`'],
  [instantSchema, 'instant (Date or ISO 8601)'],
  [emailSchema, 'email'],
  [phoneSchema, 'phone (E.164)'],
  [countrySchema, 'country (ISO 3166-1 alpha-2) or null'],
  [domainSchema, 'domain or null'],
  [pointsSchema, 'points (a decimal string or a safe integer; canonical decimal text)'],
]);

function lengths(def: Def): string {
  let min: unknown;
  let max: unknown;
  for (const c of def.checks ?? []) {
    if (c._zod.def['check'] === 'min_length') min = c._zod.def['minimum'];
    if (c._zod.def['check'] === 'max_length') max = c._zod.def['maximum'];
  }
  if (min !== undefined && max !== undefined) return ` (${String(min)}–${String(max)} chars)`;
  if (max !== undefined) return ` (≤ ${String(max)} chars)`;
  return '';
}

/** A short, readable type of a schema (without its default and optionality). */
export function typeOf(s: AnySchema): string {
  const named = NAMED.get(s);
  if (named !== undefined) return named;
  const def = defOf(s);
  switch (def.type) {
    case 'nullable': {
      const inner = typeOf(def.innerType!);
      return inner.endsWith(' or null') ? inner : `${inner} or null`;
    }
    case 'default':
    case 'optional':
      return typeOf(def.innerType!);
    case 'pipe': {
      // idSchema: 1..200 characters read into a branded id (a string in, a transform out).
      const inner = defOf(def.in!);
      if (inner.type === 'string' && defOf(def.out!).type === 'transform' && lengths(inner) === ' (1–200 chars)')
        return 'id';
      return typeOf(def.in!);
    }
    case 'string':
      return def.format === 'email' ? 'email' : `text${lengths(def)}`;
    case 'number': {
      const checks = (def.checks ?? []).map((c) => c._zod.def);
      const int = checks.some((c) => c['format'] === 'safeint' || c['check'] === 'number_format');
      const min = checks.find((c) => c['check'] === 'greater_than')?.['value'];
      const max = checks.find((c) => c['check'] === 'less_than')?.['value'];
      const range = min !== undefined && max !== undefined ? ` (${String(min)}–${String(max)})` : '';
      return `${int ? 'integer' : 'number'}${range}`;
    }
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'Date';
    case 'enum':
      return Object.values(def.entries!)
        .map((v) => `\`${v}\``)
        .join(' \\| ');
    case 'array':
      return `list of ${typeOf(def.element!)}`;
    case 'object':
      return `\`{ ${Object.keys(def.shape!).join(', ')} }\``;
    case 'record':
      return 'object';
    case 'union':
      return def.options!.map(typeOf).join(' or ');
    default:
      return def.type;
  }
}

/** Required, optional (no default) or the default a field gets. */
export function requirement(s: AnySchema): string {
  const def = defOf(s);
  if (def.type === 'default') {
    const v = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    return `default \`${JSON.stringify(v)}\``;
  }
  if (def.type === 'optional') return 'optional';
  return '**required**';
}

/** The entities documented, with the input schema of each (own fields; system fields are common). */
export const ENTITY_INPUTS: readonly (readonly [string, z.ZodObject])[] = [
  ['Account', entities.accountInputSchema],
  ['Contact', entities.contactInputSchema],
  ['Lead', entities.leadInputSchema],
  ['Deal', entities.dealInputSchema],
  ['Activity', entities.activityInputSchema],
  ['Ticket', entities.ticketInputSchema],
  ['Campaign', entities.campaignInputSchema],
  ['CampaignMember', entities.campaignMemberInputSchema],
  ['SurveyResponse', entities.surveyResponseInputSchema],
  ['Subscription', entities.subscriptionInputSchema],
  ['User', entities.userInputSchema],
  ['Team', entities.teamInputSchema],
  ['LoyaltyTransaction', entities.loyaltyTransactionInputSchema],
  ['Referral', entities.referralInputSchema],
] as unknown as readonly (readonly [string, z.ZodObject])[];

/** The Markdown of every field table. */
export function fieldTablesMarkdown(): string {
  const parts: string[] = [
    'Generated from the schemas by `test/entities/_fieldTables.ts` (a test fails when this section and the schemas disagree).',
    'Types: _text_ is trimmed and never holds NUL; _id_ is a branded id (1–200 characters); _instant_ is read into a `Date`.',
    'Every entity also has the system fields `id` (its branded id), `createdAt` and `updatedAt` (instants), `version`',
    '(an integer from 1) and `customFields` (an object, see below): `create*` fills the first four from the context.',
    '"default" is what `create*` stores when the field is left out.',
  ];
  for (const [name, schema] of ENTITY_INPUTS) {
    parts.push('', `### ${name}`, '', '| field | type | required / default |', '| --- | --- | --- |');
    for (const [field, s] of Object.entries(schema.shape as Record<string, AnySchema>))
      parts.push(`| \`${field}\` | ${typeOf(s)} | ${requirement(s)} |`);
  }
  return parts.join('\n');
}

export const START = '<!-- fields:start -->';
export const END = '<!-- fields:end -->';
