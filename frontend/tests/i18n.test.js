import { readFileSync } from 'node:fs';
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
  it('name every story status the server has', () => {
    // The Status enum of backend/verhalenkaart/stories/models.py, read as text.
    const models = readFileSync(new URL('../../backend/verhalenkaart/stories/models.py', import.meta.url), 'utf8');
    const block = models.slice(
      models.indexOf('class Status('),
      models.indexOf('\n\n\n', models.indexOf('class Status(')),
    );
    const statuses = [...block.matchAll(/^ {4}[A-Z_]+ = "([a-z-]+)"$/gm)].map((m) => m[1]);
    expect(statuses).toContain('class');
    for (const status of statuses) expect(nl[`status.${status}`], status).toBeTruthy();
  });
});

describe('formatDate', () => {
  const options = { day: 'numeric', month: 'long', year: 'numeric' };
  const days = ['2026-12-01T09:30:00Z', '1965-03-09T12:00:00+01:00', '2000-07-31T00:00:00Z', '1999-05-05'];

  it('writes a day as Intl does, in Dutch by default', async () => {
    const { formatDate } = await import('../src/i18n/index.js');
    for (const iso of days) expect(formatDate(iso)).toBe(new Date(iso).toLocaleDateString('nl-NL', options));
  });

  it('writes a day as Intl does in English', async () => {
    globalThis.document = { documentElement: {}, querySelectorAll: () => [] };
    try {
      const { formatDate, setLanguage } = await import('../src/i18n/index.js');
      await setLanguage('en');
      for (const iso of days) expect(formatDate(iso)).toBe(new Date(iso).toLocaleDateString('en-GB', options));
      await setLanguage('nl');
    } finally {
      delete globalThis.document;
    }
  });

  it('keeps what is not a date and says nothing for no date', async () => {
    const { formatDate } = await import('../src/i18n/index.js');
    expect(formatDate('')).toBe('');
    expect(formatDate(null)).toBe('');
    expect(formatDate('2026-13-45 nonsense')).toBe('2026-13-45');
  });
});
