import { describe, expect, it } from 'vitest';
import en from '../src/i18n/en.js';
import nl from '../src/i18n/nl.js';

describe('message files', () => {
  it('have the same keys in Dutch and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).sort());
  });
  it('use the same placeholders in both languages', () => {
    const vars = (text) => (text.match(/\{\w+\}/g) || []).sort();
    for (const key of Object.keys(nl)) expect(vars(en[key]), key).toEqual(vars(nl[key]));
  });
});
