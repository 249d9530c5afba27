// The app's page paths, read from src/app.js ROUTES: the build writes them to
// dist/app-routes.json so the server answers 404 for any other path (one list, the app's).
import { readFileSync } from 'node:fs';

/** routePatterns(source of app.js) → ['/', '/lijst', '/verhaal/:id', …] */
export function routePatterns(source) {
  const start = source.indexOf('const ROUTES = [');
  const end = source.indexOf('\n];', start);
  if (start < 0 || end < 0) throw new Error('app.js has no ROUTES table');
  const table = source.slice(start, end);
  return [...table.matchAll(/^\s*\[\s*'([^']+)'/gm)].map((m) => m[1]);
}

/** A Vite plugin that emits app-routes.json from `appFile`. */
export function appRoutes(appFile) {
  return {
    name: 'app-routes',
    generateBundle() {
      const patterns = routePatterns(readFileSync(appFile, 'utf8'));
      this.emitFile({ type: 'asset', fileName: 'app-routes.json', source: JSON.stringify(patterns) });
    },
  };
}
