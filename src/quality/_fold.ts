/**
 * Text folding for matching only (never for storage): Unicode compatibility forms, case, diacritics and
 * whitespace folded, punctuation dropped.
 *
 * @module
 */

/** Letters that carry no combining mark in Unicode decomposition, spelled the way they are usually transliterated. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
};
const SPECIAL = /[ßæœøłđðþıħŧ]/g;
const MARKS = /\p{M}+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

/** The longest text folded; longer text is cut (matching compares names, not documents). */
export const MAX_FOLD_TEXT = 1000;

/**
 * Folds `text` for matching: NFKD, combining marks removed, lower case, the letters of {@link LETTERS}
 * transliterated, every run of characters that are not letters or digits (spaces, punctuation, symbols)
 * made one space, trimmed. `'  José  Ñúñez-O’Brien '` → `'jose nunez o brien'`.
 */
export function foldText(text: string): string {
  const s = text.length > MAX_FOLD_TEXT ? text.slice(0, MAX_FOLD_TEXT) : text;
  return s
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPECIAL, (c) => LETTERS[c] ?? c)
    .replace(NOT_WORD, ' ')
    .trim();
}
