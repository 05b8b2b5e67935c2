/**
 * A messy spreadsheet import with dedupe (the walkthrough of docs/quality.md, "Importing a spreadsheet"):
 *
 * - the file is what Excel writes in an Indonesian or German locale: `;` separators, a byte order mark,
 *   CRLF line ends, dates as dd/mm/yyyy, national phone numbers (`0812-…`), a formula someone typed;
 * - two of its rows are one person, and one row is a lead the CRM already has;
 * - the plan is made first (nothing written), read, then applied to the in-memory store in batches with
 *   a cursor, and applying it again changes nothing;
 * - then the audit: a looser rule over every stored lead finds a duplicate the import's strict rule let
 *   through (a web-form lead "B. Santoso" with a gmail address), and the two are merged in the store, the
 *   old lead's logged call moving to the survivor.
 *
 * Run: npx tsx examples/import-and-dedupe.ts
 */
import { fixedClock, sequentialIdGenerator, unwrap } from 'crmkit';
import { createActivity, createLead } from 'crmkit/entities';
import { csvSafe, defineMatchingRule, duplicateClusters, importRows, parseCsv } from 'crmkit/quality';
import { createMemoryStore, importInStore, mergeInStore, type ImportInStoreResult } from 'crmkit/repository';

const ctx = { tenantId: 'acme' };
const clock = fixedClock('2026-12-07T09:00:00Z');
const store = createMemoryStore();

// Leads the CRM already has: one the file repeats, and one from the web form with a call logged on it.
const ids = sequentialIdGenerator('crm');
const existingLead = unwrap(
  createLead({ firstName: 'Siti', lastName: 'Rahayu', email: 'siti@tokomaju.co.id', phone: null }, { clock, ids }),
);
unwrap(await store.leads.insert(ctx, existingLead));
const webLead = unwrap(
  createLead(
    { firstName: 'B.', lastName: 'Santoso', email: 'budi.santoso@gmail.com', source: 'web form' },
    { clock: fixedClock('2026-10-02T08:00:00Z'), ids },
  ),
);
unwrap(await store.leads.insert(ctx, webLead));
const call = unwrap(
  createActivity(
    { kind: 'call', subject: 'Asked about bulk pricing', leadId: webLead.id, occurredAt: '2026-10-03T10:00:00Z' },
    { clock, ids },
  ),
);
unwrap(await store.activities.insert(ctx, call));

// 1. Read the file.
const csv = [
  '\uFEFFNama;Nama belakang;E-mail;Telepon;Perusahaan;Tanggal',
  'Budi;Santoso;budi@example.co.id;0812-3456-7890;PT Maju Jaya;07/12/2026',
  'Budi;Santoso;BUDI@example.co.id;;PT Maju Jaya Tbk;08/12/2026',
  'Siti;Rahayu;siti@tokomaju.co.id;0813 9876 5432;Toko Maju;01/12/2026',
  'Dewi;Lestari;;021-555-0123;"=HYPERLINK(""http://evil.example"",""klik"")";30/11/2026',
  'Eko;Prasetyo;eko@example.co.id;;;31/02/2026',
  'Agus;Wijaya;agus@gmail.com;0878-1111-2222;;',
].join('\r\n');
const parsed = unwrap(parseCsv(csv, { dates: { Tanggal: 'dmy' } }));
console.log(`read ${parsed.rows.length} rows (delimiter ${JSON.stringify(parsed.delimiter)}, BOM ${parsed.bom})`);
for (const e of parsed.errors) console.log(`  line ${e.line} left out: ${e.issues[0]?.message}`);

// 2. Plan the import: nothing is written yet.
const existing = unwrap(await store.leads.find(ctx)).items;
const plan = unwrap(
  importRows(
    'lead',
    parsed.rows,
    {
      mapping: {
        Nama: 'firstName',
        'Nama belakang': 'lastName',
        'E-mail': 'email',
        Telepon: 'phone',
        Perusahaan: 'company',
      },
      defaults: { source: 'spreadsheet 2026-12' },
      onDuplicate: 'fill_empty',
      defaultRegion: 'ID',
      existing,
      idPrefix: 'xls-2026-12',
    },
    { clock },
  ),
);
for (const c of plan.create)
  console.log(`create ${c.record.id} (rows ${c.rows.join(', ')}): ${c.record.lastName} ${c.record.phone}`);
for (const u of plan.update) console.log(`update ${u.record.id} (rows ${u.rows.join(', ')}): ${u.fields.join(', ')}`);
for (const d of plan.duplicates)
  console.log(
    `row ${d.row} duplicates ${d.matchId} (${d.against}, score ${d.score}) on ${d.evidence
      .filter((e) => e.agree)
      .map((e) => e.field)
      .join(', ')}`,
  );
for (const f of plan.formulas)
  console.log(`row ${f.row}: ${f.column} holds a formula; exported as ${csvSafe(parsed.rows[f.row]![f.column])}`);
for (const e of plan.errors) console.log(`row ${e.row} not imported: ${e.issues[0]?.message}`);

// 3. Apply it in batches; save the cursor between them to resume after a crash.
let cursor: string | null = null;
do {
  const r: ImportInStoreResult = unwrap(await importInStore(store, ctx, plan, { batchSize: 2, cursor }));
  console.log(`batch: ${r.inserted} inserted, ${r.updated} updated; next ${r.cursor ?? 'none'}`);
  cursor = r.cursor;
} while (cursor !== null);

// Applied again (a retry after a lost cursor), it writes nothing.
const again = unwrap(await importInStore(store, ctx, plan));
console.log(`again: ${again.inserted} inserted, ${again.updated} updated, ${again.alreadyApplied} already there`);
const total = unwrap(await store.leads.count(ctx));
console.log(`${total} leads stored`);
if (total !== 5 || again.inserted + again.updated !== 0) throw new Error('the import did not come out as expected');

// 4. The audit: a looser rule over every stored lead (initials and a like last name), for a person to review.
// The import's rule wanted an equal e-mail, phone, company or company domain; "B. Santoso" from the web
// form has a gmail address and nothing else in common with the imported Budi Santoso.
const auditRule = unwrap(
  defineMatchingRule({
    object: 'lead',
    groups: [
      [
        { field: 'firstName', method: 'nameInitials' },
        { field: 'lastName', method: 'jaroWinkler', threshold: 0.92 },
      ],
    ],
  }),
);
const stored = unwrap(await store.leads.find(ctx)).items;
const audit = unwrap(duplicateClusters(auditRule, stored));
console.log(
  `audit: ${audit.clusters.length} cluster(s) among ${stored.length} leads, ${audit.comparedPairs} pair(s) compared`,
);

// 5. Merge each cluster the reviewer accepts: one transaction each, with the versions the reviewer saw.
for (const cluster of audit.clusters) {
  const versions = Object.fromEntries(stored.filter((l) => cluster.includes(l.id)).map((l) => [l.id, l.version]));
  const merged = unwrap(
    await mergeInStore(store, { ...ctx, actor: 'data-steward' }, 'lead', cluster, {
      survivor: 'most_complete',
      expectedVersions: versions,
    }),
  );
  const s = merged.survivor;
  console.log(
    `merged ${merged.absorbedIds.join(', ')} into ${s.id}: ${s.firstName} ${s.lastName}, ${s.email}, ${s.phone}, ${s.company}`,
  );
  for (const r of merged.repointed) console.log(`  ${r.repository} ${r.id}.${r.field}: ${r.from} -> ${s.id}`);
}
const after = unwrap(await store.leads.count(ctx));
const moved = unwrap(await store.activities.get(ctx, call.id));
console.log(`${after} leads after the merge; the call is on ${moved?.leadId}`);
if (after !== 4 || audit.clusters.length !== 1 || moved?.leadId === webLead.id)
  throw new Error('the audit and merge did not come out as expected');
