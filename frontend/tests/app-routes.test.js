import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routePatterns } from '../scripts/app-routes.js';

const source = readFileSync(new URL('../src/app.js', import.meta.url), 'utf8');

describe('the route list the server gets', () => {
  it('is every row of app.js ROUTES, in order', () => {
    const patterns = routePatterns(source);
    const table = source.slice(source.indexOf('const ROUTES = ['), source.indexOf('\n];'));
    const rows = table.split('\n').filter((line) => /^\s*\['\//.test(line));
    expect(patterns).toHaveLength(rows.length);
    expect(patterns).toContain('/');
    expect(patterns).toContain('/verhaal/:id');
    expect(patterns).toContain('/plaats/:naam');
    for (const p of patterns) expect(p.startsWith('/')).toBe(true);
  });

  it('refuses a file without a ROUTES table', () => {
    expect(() => routePatterns('const x = 1;')).toThrow();
  });
});
