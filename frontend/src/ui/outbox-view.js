// The outbox: what waits to be sent, what is being sent (with progress), what failed and why.

import { formatDate, t } from '../i18n/index.js';
import { onOutboxChange, outbox } from '../state.js';
import { h } from './dom.js';

export async function render(page) {
  const list = h('ul', { class: 'outbox-list' });
  const status = h('p', { 'aria-live': 'polite' });
  const sendNow = h(
    'button',
    { type: 'button', class: 'button button-primary', onclick: () => outbox.flush() },
    t('outbox.sendNow'),
  );
  page.append(h('h1', {}, t('outbox.title')), h('p', {}, t('outbox.intro')), status, list, sendNow);

  async function draw() {
    const items = await outbox.list();
    // Sent items stay listed for a day, marked "Verstuurd"; they are no longer in the outbox.
    const waiting = items.filter((i) => i.state !== 'sent').length;
    status.textContent = waiting ? t('outbox.count', { n: waiting }) : t('outbox.empty');
    sendNow.hidden = !items.some((i) => i.state === 'pending');
    list.replaceChildren(
      ...items.map((item) => {
        const photos = item.photos.length ? t('new.photosAdded', { n: item.photos.length }) : '';
        const op = item.op && item.op !== 'create' ? t(`edit.op.${item.op}`) : '';
        const storyId = item.story_id || item.id;
        return h(
          'li',
          { class: `outbox-item state-${item.state}` },
          h('h2', {}, item.feature.properties.title),
          h(
            'p',
            { class: 'meta' },
            [
              op,
              item.feature.properties.kind ? t(`kind.${item.feature.properties.kind}`) : '',
              formatDate(item.created_at),
              photos,
            ]
              .filter(Boolean)
              .join(' · '),
          ),
          h('p', { class: 'outbox-state' }, t(`outbox.state.${item.state}`)),
          item.state === 'sending'
            ? h('progress', {
                max: '100',
                value: String(Math.round((item.progress || 0) * 100)),
                'aria-label': t('outbox.progress'),
              })
            : null,
          item.error && item.state === 'failed'
            ? h('p', { class: 'field-error' }, [item.error.title, item.error.detail].filter(Boolean).join(': '))
            : null,
          item.error && item.state === 'pending' ? h('p', { class: 'hint' }, t('outbox.willRetry')) : null,
          item.state === 'failed' || item.state === 'pending'
            ? h(
                'p',
                { class: 'inline-buttons' },
                item.state === 'failed'
                  ? h(
                      'button',
                      { type: 'button', class: 'button', onclick: () => outbox.retry(item.id) },
                      t('outbox.retry'),
                    )
                  : null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'button button-danger',
                    onclick: () => confirm(t('outbox.confirmDelete')) && outbox.remove(item.id),
                  },
                  t('outbox.delete'),
                ),
              )
            : null,
          item.state === 'sent' && !['delete', 'withdraw'].includes(item.op)
            ? h('a', { href: `/verhaal/${storyId}`, 'data-link': '' }, t('new.viewStory'))
            : null,
        );
      }),
    );
  }
  await draw();
  let pending = null;
  return onOutboxChange(() => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(draw);
  });
}
