// An unobtrusive "new version" toast: reload now (activate the waiting service worker) or later.
import { t } from '../i18n/index.js';
import { h } from './dom.js';

/** activate(): switches to the new version and reloads. */
export function showUpdatePrompt(activate) {
  const prompt = h(
    'div',
    { class: 'toast', role: 'status' },
    h('span', {}, t('update.available')),
    h('button', { type: 'button', class: 'button button-primary', onclick: activate }, t('update.reload')),
    h('button', { type: 'button', class: 'link-button', onclick: () => prompt.remove() }, t('update.later')),
  );
  document.body.append(prompt);
  return prompt;
}
