/**
 * The pure SHA-256 behind crmkit/pg-boss's job ids, against Node's (OpenSSL's) on the FIPS 180-4
 * example "abc", the padding edges and random Unicode text.
 */
import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { sha256, uuidOf } from '../../../src/adapters/pgBoss/_sha256.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const node = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

it('gives the FIPS 180-4 digest of "abc" and Node’s at the padding edges', () => {
  expect(hex(sha256('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000])
    expect(hex(sha256('a'.repeat(n)))).toBe(node('a'.repeat(n)));
});

it('equals Node’s SHA-256 on any text (property)', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => hex(sha256(s)) === node(s)));
});

it('makes version-8 UUIDs, one per text', () => {
  expect(uuidOf('acme\u0000k\u00000')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(uuidOf('a')).not.toBe(uuidOf('b'));
});
