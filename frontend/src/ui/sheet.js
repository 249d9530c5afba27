// The bottom sheet that a tapped marker opens: a short card with a link to the full story.

import { formatEra, t } from '../i18n/index.js';
import { themeName } from '../state.js';
import { clear, h } from './dom.js';

export function createSheet(parent, { onClose }) {
  const titleId = 'sheet-title';
  const body = h('div', { class: 'sheet-body' });
  const closeButton = h(
    'button',
    { type: 'button', class: 'sheet-close icon-button', 'aria-label': t('sheet.close') },
    '×',
  );
  const sheet = h(
    'section',
    { class: 'sheet', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId, hidden: true },
    closeButton,
    body,
  );
  parent.append(sheet);
  let returnFocus = null;

  /** Close; by the user (Escape, ×) the focus goes back to the story's marker, also when the
   * map redraws it (the map's onClose gets {focus: true}); closed by the app, it stays. */
  function close({ restoreFocus = true } = {}) {
    if (sheet.hidden) return;
    sheet.hidden = true;
    if (restoreFocus) returnFocus?.focus?.();
    onClose?.({ focus: restoreFocus });
  }
  closeButton.addEventListener('click', () => close());
  sheet.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      close();
    }
  });

  function open(feature, opener) {
    returnFocus = opener || document.activeElement;
    closeButton.setAttribute('aria-label', t('sheet.close'));
    const p = feature.properties;
    const meta = [p.place_name, formatEra(p.era_from, p.era_to)].filter(Boolean).join(' · ');
    clear(body).append(
      h(
        'p',
        { class: `kind-badge kind-${p.kind}` },
        h('span', { class: `pin pin-${p.kind} pin-inline`, 'aria-hidden': 'true' }),
        t(`kind.${p.kind}`),
      ),
      h('h2', { id: titleId, tabindex: '-1' }, p.title),
      meta ? h('p', { class: 'meta' }, meta) : null,
      p.themes?.length
        ? h(
            'ul',
            { class: 'chips', 'aria-label': t('story.themes') },
            p.themes.map((slug) => h('li', {}, themeName(slug))),
          )
        : null,
      h('a', { class: 'button button-primary', href: `/verhaal/${feature.id}`, 'data-link': '' }, t('sheet.read')),
    );
    sheet.hidden = false;
    body.querySelector('h2').focus();
  }

  return { open, close, element: sheet };
}
