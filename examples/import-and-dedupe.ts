/**
 * A messy spreadsheet import with dedupe (the walkthrough of docs/quality.md, "Importing a spreadsheet"):
 *
 * - the file is what Excel writes in an Indonesian or German locale: `;` separators, a byte order mark,
 *   CRLF line ends, dates as dd/mm/yyyy, national phone numbers (`0812-…`), a formula someone typed;
 * - two of its rows are one person, and one row is a lead the CRM already has;
 * - the plan is made first (nothing written), read, then applied to the in-memory store in batches with
 *   a cursor, and applying it again changes nothing.
 *
 * Run: npx tsx examples/import-and-dedupe.ts
 */
import { fixedClock, sequentialIdGenerator, unwrap } from 'crmkit';
import { createLead } from 'crmkit/entities';
import { csvSafe, importRows, parseCsv } from 'crmkit/quality';
import { createMemoryStore, importInStore, type ImportInStoreResult } from 'crmkit/repository';

const ctx = { tenantId: 'acme' };
const clock = fixedClock('2026-12-07T09:00:00Z');
const store = createMemoryStore();

// A lead the CRM already has.
const existingLead = unwrap(
  createLead(
    { firstName: 'Siti', lastName: 'Rahayu', email: 'siti@tokomaju.co.id', phone: null },
    { clock, ids: sequentialIdGenerator('crm') },
  ),
);
unwrap(await store.leads.insert(ctx, existingLead));

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
if (total !== 4 || again.inserted + again.updated !== 0) throw new Error('the import did not come out as expected');

// 4. Merge: the lead merge leg (mergeRecords / mergeInStore over duplicateClusters) goes here.
