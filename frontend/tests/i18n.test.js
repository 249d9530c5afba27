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
