import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { appRoutes, routePatterns } from './scripts/app-routes.js';

const APP_FILE = new URL('./src/app.js', import.meta.url);

export default defineConfig({
  // The app's page paths for the service worker (sw.js); `define` is shared with its build.
  define: { __APP_ROUTES__: JSON.stringify(routePatterns(readFileSync(APP_FILE, 'utf8'))) },
  build: {
    target: 'es2020',
    manifest: true,
    sourcemap: false,
    assetsInlineLimit: 0, // no data: URIs for scripts; images are files the CSP allows
  },
  server: { proxy: { '/api': 'http://127.0.0.1:5000', '/media': 'http://127.0.0.1:5000' } },
  plugins: [
    appRoutes(APP_FILE),
    // Brotli and gzip copies of the scripts and styles next to them, made once here: the server
    // sends the one the browser accepts (site/routes.py). Uncompressed, the form's first load
    // was ~200 kB more on a slow phone connection (Lighthouse's "enable text compression").
    // index.html is not among them: the server fills it in per page and compresses it then.
    compression({
      include: /^assets\/.*\.(js|css)$/,
      algorithms: ['brotliCompress', 'gzip'],
      threshold: 1024,
      logLevel: 'silent',
    }),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.js',
      injectRegister: false, // registered from src/offline/register-sw.js (the CSP forbids inline scripts)
      manifestFilename: 'manifest.webmanifest',
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
      },
      manifest: {
        name: 'Verhalenkaart Drenthe',
        short_name: 'Verhalenkaart',
        description: 'Wat was, wat is en wat Drenthe worden kan: verhalen op de kaart.',
        lang: 'nl',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f3ea',
        theme_color: '#1d5e3a',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  test: {
    environment: 'node',
    include: ['tests/**/*.test.js'],
  },
});
