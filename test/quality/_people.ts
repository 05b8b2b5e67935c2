/**
 * A labelled benchmark of people for duplicate detection (issue 21, "Quality on data nobody tuned to"):
 * leads with typos, swapped names, initials, missing fields, national and international phone forms,
 * free-mail and company addresses, and a share of true duplicates, all drawn from a seed. The rules and
 * models are not tuned to it: its parameters were fixed before the first run and are the same for every
 * size.
 */
import { createRng, type Rng } from '../../src/math/random.js';
import { readPhone } from '../../src/entities/phoneNumber.js';

/** One generated lead, as crmkit stores it (plain fields), with the person it belongs to. */
export interface PersonRecord {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly company: string | null;
  readonly country: string;
}

/** The records, and the person each record belongs to (the label). */
export interface PeopleBenchmark {
  readonly records: readonly PersonRecord[];
  readonly personOf: ReadonlyMap<string, number>;
}

const FIRST = (
  'james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph ' +
  'jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra ' +
  'donald ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy ' +
  'george melissa timothy deborah ronald stephanie edward rebecca jason sharon jeffrey laura ryan cynthia jacob ' +
  'kathleen gary amy nicholas angela eric shirley jonathan anna stephen brenda larry pamela justin emma scott ' +
  'nicole brandon helen benjamin samantha samuel katherine gregory christine alexander debra frank rachel patrick ' +
  'carolyn raymond janet jack catherine dennis maria jerry heather tyler diane aaron ruth jose julie adam olivia ' +
  'nathan joyce henry virginia douglas victoria zachary kelly peter lauren kyle christina ethan joan walter evelyn ' +
  'budi siti agus dewi hendra sri andi rina joko wati dian eko putri rudi ayu bambang lina hans anna klaus ' +
  'petra jurgen sabine stefan monika wolfgang ursula lukas lea jose ana joao francisca pierre marie jean sophie ' +
  'jose renee zoe chloe'
).split(' ');

const SYLLABLES = (
  'ka ri to ma sun an der son ber ger hof man ley ton ford well wood ro si na de la mor gan bel li ne va lo ' +
  'pra sa ti har jo wi ko su san tos mul ler sch mid weber fi sch ba ker gre en hill stein berg feld ham mond ' +
  'cas tel lan o pe re ira gon za lez mar tin du bois le roy'
).split(' ');

const WORDS = (
  'acme global united pacific northern summit vertex apex blue river stone bright nova prime delta omega ' +
  'maju jaya sentosa abadi makmur sejahtera nusantara indo mitra karya bumi tech data soft logic systems ' +
  'solutions trading industries foods energy logistics media health capital partners consulting labs ' +
  'works group holdings digital network motors textiles pharma'
).split(' ');

const SUFFIX: Readonly<Record<string, readonly string[]>> = {
  ID: ['PT', 'Tbk', 'CV'],
  DE: ['GmbH', 'AG', 'KG'],
  US: ['Inc.', 'LLC', 'Corp.'],
  GB: ['Ltd', 'PLC', 'Limited'],
  FR: ['SA', 'SAS', 'SARL'],
  BR: ['Ltda', 'S.A.', 'ME'],
};
const TLD: Readonly<Record<string, string>> = {
  ID: 'co.id',
  DE: 'de',
  US: 'com',
  GB: 'co.uk',
  FR: 'fr',
  BR: 'com.br',
};
const FREE = [
  'gmail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'yahoo.co.id',
  'gmx.de',
  'orange.fr',
  'uol.com.br',
];
const COUNTRIES = ['ID', 'ID', 'US', 'DE', 'GB', 'FR', 'BR'];

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.nextInt(xs.length)]!;
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.nextInt(10));
  return s;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A valid phone number of a country, as [national form, international form]. */
function phoneOf(rng: Rng, country: string): [string, string] {
  for (let attempt = 0; attempt < 50; attempt++) {
    let national: string;
    switch (country) {
      case 'ID':
        national = `08${pick(rng, ['11', '12', '13', '21', '52', '56', '57', '77', '78', '95'])}${digits(rng, 8)}`;
        break;
      case 'DE':
        national = `0${pick(rng, ['30', '40', '89', '69', '221'])}${digits(rng, 7)}`;
        break;
      case 'US':
        national = `${pick(rng, ['212', '415', '312', '617', '206'])}${2 + rng.nextInt(8)}${digits(rng, 6)}`;
        break;
      case 'GB':
        national = `07${pick(rng, ['4', '5', '7', '8', '9'])}${digits(rng, 8)}`;
        break;
      case 'FR':
        national = `0${pick(rng, ['6', '7', '1'])}${digits(rng, 8)}`;
        break;
      default:
        national = `${pick(rng, ['11', '21', '31'])}9${digits(rng, 8)}`;
    }
    const r = readPhone(national, country);
    if (r.ok) return [national, r.e164];
  }
  throw new Error(`no valid phone for ${country}`);
}

function lastNameOf(rng: Rng): string {
  const n = 2 + rng.nextInt(2);
  let s = '';
  for (let i = 0; i < n; i++) s += pick(rng, SYLLABLES);
  return capital(s);
}

/** One keyboard-style typo: a substitution, a deletion, an insertion or a swap of neighbours. */
function typo(rng: Rng, s: string): string {
  if (s.length < 3) return s;
  const i = 1 + rng.nextInt(s.length - 2);
  const letter = 'abcdefghijklmnopqrstuvwxyz'[rng.nextInt(26)]!;
  switch (rng.nextInt(4)) {
    case 0:
      return s.slice(0, i) + letter + s.slice(i + 1);
    case 1:
      return s.slice(0, i) + s.slice(i + 1);
    case 2:
      return s.slice(0, i) + letter + s.slice(i);
    default:
      return s.slice(0, i - 1) + s[i] + s[i - 1] + s.slice(i + 1);
  }
}

interface Person {
  first: string;
  last: string;
  country: string;
  company: { name: string; domain: string; country: string };
  workEmail: string;
  freeEmail: string;
  phone: [string, string];
  usesWorkEmail: boolean;
}

/**
 * `n` lead records, `duplicateShare` of them (default 0.2) true duplicates of another record, from `seed`.
 */
export function generatePeople(n: number, seed: number, duplicateShare = 0.2): PeopleBenchmark {
  const rng = createRng(seed);
  const companies = Array.from({ length: Math.max(10, Math.round(n / 15)) }, () => {
    const country = pick(rng, COUNTRIES);
    const w1 = pick(rng, WORDS);
    const w2 = pick(rng, WORDS);
    const base = w1 === w2 ? w1 : `${w1} ${w2}`;
    const suffix = pick(rng, SUFFIX[country]!);
    const name =
      suffix === 'PT' || suffix === 'CV'
        ? `${suffix} ${capital(w1)} ${capital(w2)}`
        : `${capital(w1)} ${capital(w2)} ${suffix}`;
    return { name, domain: `${base.replace(' ', '')}${rng.nextInt(1000)}.${TLD[country]}`, country };
  });
  const originals = Math.round(n * (1 - duplicateShare));
  const people: Person[] = [];
  for (let p = 0; p < originals; p++) {
    const company = pick(rng, companies);
    const country = rng.next() < 0.8 ? company.country : pick(rng, COUNTRIES);
    const first = capital(pick(rng, FIRST));
    const last = lastNameOf(rng);
    const local = `${first}.${last}`.toLowerCase();
    people.push({
      first,
      last,
      country,
      company,
      workEmail: `${local}@${company.domain}`,
      freeEmail: `${local}${digits(rng, 3)}@${pick(rng, FREE)}`,
      phone: phoneOf(rng, country),
      usesWorkEmail: rng.next() < 0.5,
    });
  }
  const rows: { person: number; record: Omit<PersonRecord, 'id'> }[] = [];
  const base = (p: Person): Omit<PersonRecord, 'id'> => ({
    firstName: p.first,
    lastName: p.last,
    email: p.usesWorkEmail ? p.workEmail : p.freeEmail,
    phone: rng.next() < 0.5 ? p.phone[1] : p.phone[0],
    company: p.company.name,
    country: p.country,
  });
  people.forEach((p, i) => rows.push({ person: i, record: base(p) }));
  for (let d = originals; d < n; d++) {
    const i = rng.nextInt(originals);
    const p = people[i]!;
    let first: string | null = p.first;
    let last = p.last;
    if (rng.next() < 0.3) last = typo(rng, last);
    if (rng.next() < 0.2) first = typo(rng, first);
    if (rng.next() < 0.05) [first, last] = [last, first];
    if (rng.next() < 0.05 && first !== null) first = `${first[0]}.`;
    let email: string | null =
      rng.next() < 0.25 ? (p.usesWorkEmail ? p.freeEmail : p.workEmail) : p.usesWorkEmail ? p.workEmail : p.freeEmail;
    if (rng.next() < 0.3 && email !== null) email = rng.next() < 0.5 ? ` ${email.toUpperCase()}` : capital(email);
    let phone: string | null = rng.next() < 0.5 ? p.phone[0] : p.phone[1];
    let company: string | null = p.company.name;
    if (rng.next() < 0.3)
      company = company
        .replace(/^(PT|CV) | (GmbH|AG|KG|Inc\.|LLC|Corp\.|Ltd|PLC|Limited|SA|SAS|SARL|Ltda|S\.A\.|ME|Tbk)$/, '')
        .toUpperCase();
    if (rng.next() < 0.15) email = null;
    if (rng.next() < 0.15) phone = null;
    if (rng.next() < 0.15) company = null;
    if (rng.next() < 0.1) first = null;
    if (email === null && phone === null) phone = p.phone[1];
    rows.push({ person: i, record: { firstName: first, lastName: last, email, phone, company, country: p.country } });
  }
  // Shuffle, then number: ids say nothing about duplicates.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const personOf = new Map<string, number>();
  const records = rows.map((r, i) => {
    const id = `lead-${i + 1}`;
    personOf.set(id, r.person);
    return { id, ...r.record };
  });
  return { records, personOf };
}

/** Pairwise precision, recall and F1 of clusters against the labels. */
export function pairScores(
  clusters: readonly (readonly string[])[],
  personOf: ReadonlyMap<string, number>,
): { precision: number; recall: number; f1: number; predictedPairs: number; truePairs: number } {
  const c2 = (k: number) => (k * (k - 1)) / 2;
  let predicted = 0;
  let tp = 0;
  for (const cluster of clusters) {
    predicted += c2(cluster.length);
    const by = new Map<number, number>();
    for (const id of cluster) by.set(personOf.get(id)!, (by.get(personOf.get(id)!) ?? 0) + 1);
    for (const k of by.values()) tp += c2(k);
  }
  const sizes = new Map<number, number>();
  for (const p of personOf.values()) sizes.set(p, (sizes.get(p) ?? 0) + 1);
  let truePairs = 0;
  for (const k of sizes.values()) truePairs += c2(k);
  const precision = predicted === 0 ? 1 : tp / predicted;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, predictedPairs: predicted, truePairs };
}
