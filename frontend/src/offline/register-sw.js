// Registers the service worker (from a file: the CSP allows no inline scripts). What to show
// when an update waits is the caller's business: offline/ knows nothing of the UI.
import { Workbox } from 'workbox-window';

/**
 * registerServiceWorker({onUpdateWaiting}) → the Workbox instance
 * onUpdateWaiting(activate): a new version is installed and waiting; activate() switches to it
 * and reloads the page once it controls it.
 */
export function registerServiceWorker({ onUpdateWaiting }) {
  const wb = new Workbox('/sw.js', { scope: '/' });
  wb.addEventListener('waiting', () => {
    onUpdateWaiting(() => {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    });
  });
  wb.register();
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
