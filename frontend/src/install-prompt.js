// Installing the app: the browser's install prompt is kept (instead of its own mini-infobar) for
// the "install the app" button on /mijn, which shows only while the browser offers one.

/** captureInstallPrompt(target = window) → {available, prompt()} */
export function captureInstallPrompt(target = window) {
  let deferred = null;
  target.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault();
    deferred = event;
  });
  target.addEventListener('appinstalled', () => {
    deferred = null;
  });
  return {
    get available() {
      return deferred !== null;
    },
    /** Show the browser's prompt; it can be shown once, so it is forgotten afterwards. */
    async prompt() {
      const event = deferred;
      deferred = null;
      if (!event) return null;
      event.prompt();
      return event.userChoice.catch(() => null);
    },
  };
}
