// The audit trail (/moderatie/logboek): every decision, automatic hide, deletion and consent
// withdrawal, newest first, filterable by kind, action and item (curators and administrators).
import './desk.css';
import { currentLanguage, formatDate, t } from '../../i18n/index.js';
import { api, app, loadUser } from '../../state.js';
import { h } from '../dom.js';
import { staffGate } from './gate.js';

const ACTIONS = ['approve', 'reject', 'hide', 'restore', 'delete', 'withdraw-consent', 'remove-photo', 'remove-audio'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function render(page, { query }) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('audit.title')));
  if (!staffGate(page, user, ['curator', 'admin'])) return null;
  const reasons = await api.moderationReasons().catch(() => []);
  const lang = currentLanguage();
  const reasonLabel = (code) => reasons.find((r) => r.code === code)?.[lang] || code || '';

  const kind = h(
    'select',
    { id: 'audit-kind' },
    h('option', { value: '' }, t('desk.filter.all')),
    h('option', { value: 'story' }, t('desk.filter.stories')),
    h('option', { value: 'comment' }, t('desk.filter.comments')),
  );
  const action = h(
    'select',
    { id: 'audit-action' },
    h('option', { value: '' }, t('audit.allActions')),
    ACTIONS.map((a) => h('option', { value: a }, t(`audit.action.${a}`))),
  );
  const item = h('input', {
    id: 'audit-item',
    type: 'text',
    autocomplete: 'off',
    'aria-describedby': 'audit-item-hint',
  });
  kind.value = query.get('soort') || '';
  action.value = query.get('actie') || '';
  item.value = query.get('item') || '';
  const error = h('p', { class: 'field-error', hidden: true, id: 'audit-item-error' });
  const form = h(
    'form',
    { class: 'desk-filters', 'aria-label': t('desk.filters') },
    h('div', { class: 'field' }, h('label', { for: 'audit-kind' }, t('desk.filter.kind')), kind),
    h('div', { class: 'field' }, h('label', { for: 'audit-action' }, t('audit.actionLabel')), action),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'audit-item' }, t('audit.item')),
      h('p', { class: 'hint', id: 'audit-item-hint' }, t('audit.itemHint')),
      item,
      error,
    ),
    h('button', { type: 'submit', class: 'button' }, t('desk.filter.apply')),
  );
  const status = h('p', { role: 'status' });
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'audit-table' },
    h('caption', { class: 'visually-hidden' }, t('audit.title')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [
          'audit.when',
          'audit.what',
          'audit.actionLabel',
          'audit.change',
          'desk.reason',
          'desk.message',
          'audit.who',
        ].map((key) => h('th', { scope: 'col' }, t(key))),
      ),
    ),
    body,
  );
  const more = h('button', { type: 'button', class: 'button', hidden: true }, t('desk.more'));
  page.append(
    h('p', {}, h('a', { href: '/moderatie', 'data-link': '' }, t('staff.desk'))),
    form,
    status,
    h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('audit.title') }, table),
    more,
  );
  let cursor = null;

  async function load(append = false) {
    const filters = { kind: kind.value, action: action.value, item: item.value.trim() };
    if (filters.item && !UUID.test(filters.item)) {
      error.hidden = false;
      error.textContent = t('audit.badItem');
      item.setAttribute('aria-invalid', 'true');
      item.focus();
      return;
    }
    error.hidden = true;
    item.removeAttribute('aria-invalid');
    status.textContent = t('loading');
    let data;
    try {
      data = await api.moderationAudit(filters, append ? cursor : null);
    } catch (problem) {
      status.textContent = problem.detail || t('list.failed');
      return;
    }
    const next = data.links?.find((l) => l.rel === 'next');
    cursor = next ? new URL(next.href, location.href).searchParams.get('cursor') : null;
    more.hidden = !cursor;
    const rows = data.events.map((e) =>
      h(
        'tr',
        {},
        h('td', {}, formatDate(e.created_at)),
        h(
          'td',
          {},
          e.item.type === 'story' && e.item.id
            ? h('a', { href: `/verhaal/${e.item.id}`, 'data-link': '' }, t('audit.story'))
            : t(e.item.type === 'story' ? 'audit.story' : 'desk.comment'),
        ),
        h('td', {}, t(`audit.action.${e.action}`)),
        h('td', {}, `${t(`status.${e.from_status}`)} → ${t(`status.${e.to_status}`)}`),
        h('td', {}, reasonLabel(e.reason_code)),
        h('td', {}, e.message || ''),
        h('td', {}, e.moderator?.display_name || t('audit.automatic')),
      ),
    );
    if (append) body.append(...rows);
    else body.replaceChildren(...rows);
    status.textContent = body.children.length ? t('audit.count', { n: body.children.length }) : t('audit.none');
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    if (kind.value) search.set('soort', kind.value);
    if (action.value) search.set('actie', action.value);
    if (item.value.trim()) search.set('item', item.value.trim());
    history.replaceState(null, '', `/moderatie/logboek${search.size ? `?${search}` : ''}`);
    load();
  });
  more.addEventListener('click', () => load(true));
  await load();
  return null;
}
