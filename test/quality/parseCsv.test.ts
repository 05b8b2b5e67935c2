// Issue 21, item 7 and "Must hold" (hostile input): parseCsv over csv-parse, csvSafe and isCsvFormula.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvSafe, isCsvFormula, parseCsv } from '../../src/quality/index.js';
import { unwrap } from '../../src/core/result.js';

const enc = new TextEncoder();

describe('parseCsv', () => {
  it('reads a BOM, ; separators (detected), CRLF, quoted cells with delimiters, quotes and line breaks', () => {
    const csv = '\uFEFFName;Note;City\r\n"Lovelace, Ada";"said ""hi""; left";"Lon\r\ndon"\r\n\r\nHopper;;NYC\r\n';
    const r = unwrap(parseCsv(csv));
    expect(r.delimiter).toBe(';');
    expect(r.bom).toBe(true);
    expect(r.columns).toEqual(['Name', 'Note', 'City']);
    expect(r.rows).toEqual([
      { Name: 'Lovelace, Ada', Note: 'said "hi"; left', City: 'Lon\r\ndon' },
      { Name: 'Hopper', Note: '', City: 'NYC' },
    ]);
    expect(r.lines).toEqual([2, 5]);
    expect(r.errors).toEqual([]);
    expect(Object.isFrozen(r.rows[0])).toBe(true);
  });

  it('reads UTF-8 bytes with a BOM as text does', () => {
    const text = 'a,b\nÄ,😀\n';
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(text)]);
    const r = unwrap(parseCsv(bytes));
    expect(r.rows).toEqual([{ a: 'Ä', b: '😀' }]);
    expect(r.bom).toBe(true);
  });

  it('detects , tab and |, and refuses a tie rather than guess', () => {
    expect(unwrap(parseCsv('a,b\n1,2')).delimiter).toBe(',');
    expect(unwrap(parseCsv('a\tb\n1\t2')).delimiter).toBe('\t');
    expect(unwrap(parseCsv('a|b\n1|2')).delimiter).toBe('|');
    expect(unwrap(parseCsv('"x;y",b\n1,2')).delimiter).toBe(','); // the ; inside quotes does not count
    const tie = parseCsv('a,b;c\n1,2;3');
    expect(tie.ok).toBe(false);
    if (!tie.ok) expect(tie.error.issues[0]!.path).toEqual(['options', 'delimiter']);
    expect(unwrap(parseCsv('a,b;c\n1,2;3', { delimiter: ';' })).rows).toEqual([{ 'a,b': '1,2', c: '3' }]);
  });

  it('reads declared date columns, each in its one format', () => {
    const csv = 'd;m;i;s\n07/12/2026;12/07/2026;2026-12-07;46363\n7.1.2026 14:30;1/7/2026;2026-01-07T14:30;46029.5\n';
    const r = unwrap(parseCsv(csv, { dates: { d: 'dmy', m: 'mdy', i: 'iso', s: 'excel_serial' } }));
    expect(r.rows).toEqual([
      {
        d: '2026-12-07T00:00:00.000Z',
        m: '2026-12-07T00:00:00.000Z',
        i: '2026-12-07T00:00:00.000Z',
        s: '2026-12-07T00:00:00.000Z',
      },
      {
        d: '2026-01-07T14:30:00.000Z',
        m: '2026-01-07T00:00:00.000Z',
        i: '2026-01-07T14:30:00.000Z',
        s: '2026-01-07T12:00:00.000Z',
      },
    ]);
  });

  it('Excel serials: 1 is 1900-01-01, 61 is 1900-03-01, 60 (29 Feb 1900) is refused', () => {
    // Microsoft: "Excel incorrectly assumes that the year 1900 is a leap year" (serial 60 = 1900-02-29).
    const r = unwrap(parseCsv('s\n1\n61\n60\n0\n', { dates: { s: 'excel_serial' } }));
    expect(r.rows).toEqual([{ s: '1900-01-01T00:00:00.000Z' }, { s: '1900-03-01T00:00:00.000Z' }]);
    expect(r.errors.map((e) => [e.line, e.issues[0]!.code])).toEqual([
      [4, 'invalid_date'],
      [5, 'invalid_date'],
    ]);
  });

  it('refuses dates that are not dates in the declared format, per row, never guessing', () => {
    const csv = 'd\n31/02/2026\n07/12/26\n46363\n2026-12-07\n\n01/02/2026\n';
    const r = unwrap(parseCsv(csv, { dates: { d: 'dmy' } }));
    expect(r.rows).toEqual([{ d: '2026-02-01T00:00:00.000Z' }]);
    expect(r.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(r.errors[2]!.issues[0]!.message).toContain('excel_serial');
    expect(r.errors.every((e) => e.issues[0]!.path[0] === 'd')).toBe(true);
  });

  it('hostile input: a 1 MB cell, 100,000 columns, invalid UTF-8, NUL: an error of its row, the rest read', () => {
    const big = 'x'.repeat(1 << 20);
    const wide = Array.from({ length: 100_000 }, () => 'x').join(',');
    const bytes = new Uint8Array([
      ...enc.encode(`a,b\n1,${big}\n${wide}\n2,ok\n3,`),
      0xc3,
      0x28,
      ...enc.encode('\n4,\u0000\n5,fine\n'),
    ]);
    const r = unwrap(parseCsv(bytes));
    expect(r.rows).toEqual([
      { a: '2', b: 'ok' },
      { a: '5', b: 'fine' },
    ]);
    expect(r.lines).toEqual([4, 7]);
    expect(r.errors.map((e) => [e.line, e.issues[0]!.code, e.issues[0]!.path])).toEqual([
      [2, 'too_big', ['b']],
      [3, 'too_big', []],
      [5, 'invalid_format', []],
      [6, 'invalid_format', ['b']],
    ]);
    expect(r.errors[0]!.issues[0]!.message).toBe(
      'the cell must be at most 100000 characters long; received 1048576 characters',
    );
    expect(r.errors[2]!.issues[0]!.message).toContain('not valid UTF-8');
  });

  it('keeps formulas verbatim (quoted or not) and reads rows with too few cells', () => {
    const r = unwrap(parseCsv('a;b\n=HYPERLINK("http://evil.example");"=1+2"\nonly\n'));
    expect(r.rows).toEqual([
      { a: '=HYPERLINK("http://evil.example")', b: '=1+2' },
      { a: 'only', b: '' },
    ]);
  });

  it('a row with more non-empty cells than the header is an error; an unclosed quote is one error to the end', () => {
    const r = unwrap(parseCsv('a,b\n1,2,3\n1,2,\n5,"open\n6,7\n'));
    expect(r.rows).toEqual([{ a: '1', b: '2' }]);
    expect(r.errors.map((e) => e.line)).toEqual([2, 5]);
    expect(r.errors[1]!.issues[0]!.message).toContain('Quote Not Closed');
  });

  it('names blank headers, refuses a column twice, a dates column the header lacks, bad options', () => {
    expect(unwrap(parseCsv('a,,c\n1,2,3')).columns).toEqual(['a', 'column_2', 'c']);
    const twice = parseCsv('a,a\n1,2');
    expect(!twice.ok && twice.error.issues[0]!.code).toBe('duplicate');
    const missing = parseCsv('a\n1', { dates: { b: 'dmy' } });
    expect(!missing.ok && missing.error.issues[0]!.code).toBe('unknown_field');
    const format = parseCsv('a\n1', { dates: { a: 'dd/mm' as never } });
    expect(!format.ok && format.error.issues[0]!.message).toContain('allowed: iso, dmy, mdy, excel_serial');
    const keys = parseCsv('a', { delimeter: ';' } as never);
    expect(!keys.ok && keys.error.issues[0]!.code).toBe('unrecognized_keys');
    expect(parseCsv(42 as never).ok).toBe(false);
    expect(unwrap(parseCsv('a', null as never)).columns).toEqual(['a']);
    expect(unwrap(parseCsv(''))).toMatchObject({ columns: [], rows: [], errors: [] });
    const wide = parseCsv(Array.from({ length: 1001 }, (_, i) => `c${i}`).join(','));
    expect(!wide.ok && wide.error.issues[0]!.code).toBe('too_big');
  });

  it('property: cells written with quoting are read back exactly, whatever they hold', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '"', '\n', '\r\n', ' ', 'é', '=') });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(',', ';'),
        (rows, d) => {
          const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
          const text = ['x', 'y'].join(d) + '\n' + rows.map(([a, b]) => quote(a) + d + quote(b)).join('\n');
          const r = unwrap(parseCsv(text, { delimiter: d as ',' }));
          // A row whose cells are both empty is a blank-looking line csv-parse keeps ("""" is not blank).
          expect(r.rows).toEqual(rows.map(([x, y]) => ({ x, y })));
          expect(r.errors).toEqual([]);
        },
      ),
    );
  });

  it('property: never throws, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ',', ';', '"', '\n', '\r', '\uFEFF', '\uD800', '\t', '|') }),
        (s) => {
          const r = parseCsv(s);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(typeof parseCsv(b).ok).toBe('boolean');
      }),
    );
  });
});

describe('isCsvFormula and csvSafe', () => {
  it('flag what a spreadsheet would run, not numbers or phone numbers (OWASP CSV injection)', () => {
    for (const s of [
      '=1+2',
      '=HYPERLINK("http://evil.example","x")',
      '@SUM(A1)',
      '+cmd|x',
      '-2+3+cmd|" /C calc"!A0',
      '\t=1',
      '  =1',
    ])
      expect([s, isCsvFormula(s)]).toEqual([s, true]);
    for (const s of ['', 'Ada', '-12.5', '+62 812-3456-7890', '(555) 010', 'a=b', 42, null])
      expect([s, isCsvFormula(s)]).toEqual([s, false]);
    expect(csvSafe('=1+2')).toBe("'=1+2");
    expect(csvSafe('+62 812')).toBe('+62 812');
    expect(csvSafe(null)).toBe('');
    expect(csvSafe(12)).toBe('12');
  });

  it('property: a csvSafe cell is never a formula, and safe cells are unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', ' ', '1', 'a', '|') }), (s) => {
        expect(isCsvFormula(csvSafe(s))).toBe(false);
        if (!isCsvFormula(s)) expect(csvSafe(s)).toBe(s);
      }),
    );
  });
});

describe('parseCsv fuzz findings', () => {
  it('options with a throwing getter are an error, not a throw (fuzzer, seed 1)', () => {
    const dates = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('getter x');
      },
    });
    const r = parseCsv('a\n1', { dates } as never);
    expect(r.ok).toBe(false);
  });
});
