// Join and re-entry codes as people type and read them (the contract in docs/schools.md): an
// alphabet without look-alikes, typed in any case with or without dashes and spaces, shown in
// groups of four. No DOM, so the rules are tested on their own (tests/schools.test.js).

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const JOIN_LENGTH = 8;
export const REENTRY_LENGTH = 12;

/** What was typed, as the server compares it: upper case, no dashes or spaces. */
export function normalizeCode(text) {
  return String(text || '')
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, '');
}

/** 'abcdefgh' → 'ABCD-EFGH' (any length; groups of four). */
export function formatCode(text) {
  const code = normalizeCode(text);
  return (code.match(/.{1,4}/g) || []).join('-');
}

/**
 * Why a typed code cannot be right, before asking the server: null when it may be,
 * 'empty', 'length' (not `length` characters) or 'characters' (0, O, 1, I, L or a sign).
 */
export function codeProblem(text, length) {
  const code = normalizeCode(text);
  if (!code) return 'empty';
  if ([...code].some((c) => !CODE_ALPHABET.includes(c))) return 'characters';
  if (code.length !== length) return 'length';
  return null;
}
