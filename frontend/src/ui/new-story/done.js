// After sending: thanks (and, when a photo knows where it was taken, the offer to use that
// spot), or word that the story waits in the outbox until there is a connection.
import { t } from '../../i18n/index.js';
import { api } from '../../state.js';
import { h } from '../dom.js';

/** The story reached the server: `item` is its outbox entry, with the server's answers. */
export function showThanks(page, item) {
  const status = item.result?.properties?.status;
  const photoProblems = (item.photos || []).filter((p) => p.unsupported).length;
  const suggestion = (item.photos || []).map((p) => p.result?.suggestion).find(Boolean);
  // Node.replaceChildren turns null into the text "null": only the parts that apply go in.
  const parts = [
    h('h1', { tabindex: '-1' }, t('new.thanksTitle')),
    h('p', { class: 'lead' }, status === 'published' ? t('new.thanksPublished') : t('new.thanksPending')),
    photoProblems ? h('p', { class: 'notice' }, t('new.photosUnsupported')) : null,
    suggestion ? suggestionOffer(item, suggestion) : null,
    h(
      'p',
      { class: 'inline-buttons' },
      h('a', { class: 'button button-primary', href: `/verhaal/${item.id}`, 'data-link': '' }, t('new.viewStory')),
      h('a', { class: 'button', href: '/mijn', 'data-link': '' }, t('nav.mine')),
      h('a', { class: 'button', href: '/nieuw', 'data-link': '' }, t('new.another')),
    ),
  ];
  page.replaceChildren(...parts.filter(Boolean));
  page.querySelector('h1').focus();
}

/** The story waits in the outbox. */
export function showQueued(page) {
  page.replaceChildren(
    h('h1', { tabindex: '-1' }, t('new.queuedTitle')),
    h('p', { class: 'lead' }, t('new.queued')),
    h(
      'p',
      { class: 'inline-buttons' },
      h('a', { class: 'button button-primary', href: '/uitbox', 'data-link': '' }, t('nav.outbox')),
      h('a', { class: 'button', href: '/', 'data-link': '' }, t('nav.map')),
    ),
  );
  page.querySelector('h1').focus();
}

function suggestionOffer(item, suggestion) {
  const box = h('div', { class: 'notice' }, h('p', {}, t('new.photoLocation')));
  async function usePhotoLocation() {
    try {
      await api.request('PATCH', `/stories/${item.id}`, {
        json: { geometry: { type: 'Point', coordinates: [suggestion.lon, suggestion.lat] } },
        headers: { 'Content-Type': 'application/merge-patch+json' },
      });
      box.replaceChildren(h('p', { role: 'status' }, t('new.photoLocationUsed')));
    } catch (error) {
      box.append(h('p', { role: 'alert' }, error.detail || error.title || t('story.failed')));
    }
  }
  box.append(h('button', { type: 'button', class: 'button', onclick: usePhotoLocation }, t('new.usePhotoLocation')));
  return box;
}
