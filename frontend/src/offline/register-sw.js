// Registers the service worker (from a file: the CSP allows no inline scripts) and offers an
// unobtrusive "new version" prompt when an update is waiting.
import { Workbox } from 'workbox-window';
import { t } from '../i18n/index.js';
import { h } from '../ui/dom.js';

export function registerServiceWorker() {
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    const prompt = h(
      'div',
      { class: 'toast', role: 'status' },
      h('span', {}, t('update.available')),
      h(
        'button',
        {
          type: 'button',
          class: 'button button-primary',
          onclick: () => {
            wb.addEventListener('controlling', () => window.location.reload());
            wb.messageSkipWaiting();
          },
        },
        t('update.reload'),
      ),
      h('button', { type: 'button', class: 'link-button', onclick: () => prompt.remove() }, t('update.later')),
    );
    document.body.append(prompt);
  });
  wb.register().then((registration) => {
    window.__swRegistration = registration;
  });
  return wb;
}

/** Ask for a Background Sync of the outbox where the browser has it (Chromium); elsewhere the
 *  app's own `online` and start-up triggers do the work. */
export async function requestOutboxSync() {
  try {
    const registration = await navigator.serviceWorker?.ready;
    await registration?.sync?.register('outbox');
  } catch {
    /* no Background Sync: the online/start triggers still send it */
  }
}
