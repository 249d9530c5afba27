// The moderation desk (/moderatie): the queue with the API's filters, the item opened beside it
// (stacked on narrow screens), a decision with a reason code and a message, bulk decisions on a
// selection, and keyboard shortcuts for the common path, announced to screen readers.
import './desk.css';
import { currentLanguage, t } from '../../i18n/index.js';
import { api, app, loadThemes, loadUser } from '../../state.js';
import { h } from '../dom.js';
import { MODERATED_EVENT } from '../staff-menu.js';
import { decisionForm, TRANSITIONS } from './decision.js';
import { staffGate } from './gate.js';
import { itemView } from './item-view.js';

const SHORTCUTS = [
  ['J', 'desk.key.next'],
  ['K', 'desk.key.previous'],
  ['A', 'desk.key.approve'],
  ['R', 'desk.key.reject'],
  ['X', 'desk.key.select'],
];

export async function render(page, { query }) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('desk.title')));
  if (!staffGate(page, user, ['curator', 'admin', 'teacher'])) return null;
  const [reasons] = await Promise.all([api.moderationReasons().catch(() => []), loadThemes()]);
  const lang = currentLanguage();
  const reasonLabel = (code) => reasons.find((r) => r.code === code)?.[lang] || code || '';

  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const say = (text) => {
    live.textContent = '';
    // A fresh node each time makes screen readers read a repeated message again.
    requestAnimationFrame(() => {
      live.textContent = text;
    });
  };

  // --- filters (mirrored in the URL so a curator can bookmark "reported stories") -----------
  const kind = select('desk-kind', t('desk.filter.kind'), [
    ['', t('desk.filter.all')],
    ['story', t('desk.filter.stories')],
    ['comment', t('desk.filter.comments')],
  ]);
  const status = select('desk-status', t('desk.filter.status'), [
    ['', t('status.pending')],
    ['published', t('status.published')],
    ['hidden', t('status.hidden')],
    ['rejected', t('status.rejected')],
  ]);
  const reported = h('input', { type: 'checkbox', id: 'desk-reported' });
  const project = h('input', { type: 'text', id: 'desk-project', autocomplete: 'off', maxlength: 80 });
  kind.input.value = query.get('soort') || '';
  status.input.value = query.get('status') || '';
  reported.checked = query.get('gemeld') === '1';
  project.value = query.get('project') || '';
  const filterForm = h(
    'form',
    { class: 'desk-filters', 'aria-label': t('desk.filters') },
    kind.wrap,
    status.wrap,
    h('div', { class: 'field check' }, reported, h('label', { for: 'desk-reported' }, t('desk.filter.reported'))),
    h('div', { class: 'field' }, h('label', { for: 'desk-project' }, t('desk.filter.project')), project),
    h('button', { type: 'submit', class: 'button' }, t('desk.filter.apply')),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const search = new URLSearchParams();
    if (kind.input.value) search.set('soort', kind.input.value);
    if (status.input.value) search.set('status', status.input.value);
    if (reported.checked) search.set('gemeld', '1');
    if (project.value.trim()) search.set('project', project.value.trim());
    history.replaceState(null, '', `/moderatie${search.size ? `?${search}` : ''}`);
    load();
  });

  // --- the queue, the opened item, the selection ---------------------------------------------
  const count = h('p', { class: 'desk-count', id: 'desk-count' });
  const list = h('ul', { class: 'desk-queue', 'aria-labelledby': 'desk-queue-title' });
  const more = h('button', { type: 'button', class: 'button', hidden: true }, t('desk.more'));
  const detail = h('section', { class: 'desk-detail', 'aria-label': t('desk.opened') });
  const bulk = h('section', { class: 'desk-bulk', 'aria-labelledby': 'desk-bulk-title', hidden: true });
  let items = [];
  let next = null;
  let openIndex = -1;
  let opened = null;
  const selected = new Set();

  const shortcuts = h(
    'section',
    { class: 'desk-shortcuts', 'aria-labelledby': 'desk-keys-title' },
    h('h2', { id: 'desk-keys-title' }, t('desk.keys')),
    h(
      'ul',
      {},
      SHORTCUTS.map(([key, label]) => h('li', {}, h('kbd', {}, key), ' ', t(label))),
    ),
  );
  page.append(
    live,
    filterForm,
    shortcuts,
    h(
      'div',
      { class: 'desk-grid' },
      h(
        'section',
        { class: 'desk-list', 'aria-labelledby': 'desk-queue-title' },
        h('h2', { id: 'desk-queue-title' }, t('desk.queue')),
        count,
        bulk,
        list,
        more,
      ),
      detail,
    ),
    h('p', {}, h('a', { href: '/moderatie/logboek', 'data-link': '' }, t('staff.audit'))),
  );
  more.addEventListener('click', () => load({ append: true }));

  function filters() {
    return {
      kind: kind.input.value,
      status: status.input.value,
      reported: reported.checked ? 'true' : '',
      project: project.value.trim(),
    };
  }

  async function load({ append = false } = {}) {
    count.textContent = t('loading');
    let data;
    try {
      data = await api.moderationQueue(filters(), append ? next : null);
    } catch (error) {
      count.textContent = error.detail || t('list.failed');
      return;
    }
    items = append ? [...items, ...data.items] : data.items;
    const nextLink = data.links?.find((l) => l.rel === 'next');
    next = nextLink ? new URL(nextLink.href, location.href).searchParams.get('cursor') : null;
    if (!append) selected.clear();
    drawList();
    if (!append) open(items.length ? 0 : -1, { focus: false });
  }

  function itemTitle(item) {
    return item.type === 'comment'
      ? t('desk.commentOn', { title: item.story?.title || '' })
      : item.feature.properties.title;
  }

  function drawList() {
    count.textContent = items.length ? t(next ? 'desk.countMore' : 'desk.count', { n: items.length }) : t('desk.empty');
    more.hidden = !next;
    list.replaceChildren(
      ...items.map((item, index) => {
        const reports = Object.values(item.reports || {}).reduce((a, b) => a + b, 0);
        const checkbox = h('input', {
          type: 'checkbox',
          id: `desk-select-${item.id}`,
          checked: selected.has(item.id),
          'aria-label': t('desk.selectItem', { title: itemTitle(item) }),
          onchange: (event) => toggle(item, event.target.checked),
        });
        const kindLabel = item.type === 'comment' ? t('desk.comment') : t(`kind.${item.feature.properties.kind}`);
        return h(
          'li',
          { class: index === openIndex ? 'open' : null, dataset: { id: item.id } },
          checkbox,
          h(
            'button',
            {
              type: 'button',
              class: 'desk-open',
              'aria-current': index === openIndex ? 'true' : null,
              onclick: () => open(index, { focus: false }),
            },
            h('span', { class: 'desk-open-title' }, itemTitle(item)),
            h(
              'span',
              { class: 'muted small' },
              `${kindLabel} · ${t(`status.${item.status}`)}`,
              reports ? ` · ${t('desk.reportCount', { n: reports })}` : '',
            ),
          ),
        );
      }),
    );
    drawBulk();
  }

  function toggle(item, on) {
    if (on) selected.add(item.id);
    else selected.delete(item.id);
    drawBulk();
  }

  function open(index, { focus = true } = {}) {
    opened?.destroy();
    opened = null;
    openIndex = index;
    for (const [i, li] of [...list.children].entries()) {
      li.classList.toggle('open', i === index);
      const button = li.querySelector('.desk-open');
      if (i === index) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    }
    if (index < 0) {
      detail.replaceChildren(h('p', { class: 'muted' }, t('desk.nothingOpen')));
      return;
    }
    const item = items[index];
    opened = itemView(item, { reasonLabel });
    const form = decisionForm(item, { reasons, reasonLabel, onDecide: (decision) => decide(item, decision) });
    detail.replaceChildren(opened.element, form.element);
    opened.form = form;
    if (focus) list.children[index]?.querySelector('.desk-open')?.focus();
  }

  async function decide(item, decision) {
    const path = item.type === 'comment' ? 'comments' : 'stories';
    try {
      await api.moderate(path, item.id, decision);
    } catch (error) {
      say(error.detail || t('desk.failed'));
      opened?.form?.showError(error);
      return;
    }
    document.dispatchEvent(new CustomEvent(MODERATED_EVENT));
    const index = items.indexOf(item);
    items.splice(index, 1);
    selected.delete(item.id);
    drawList();
    const following = items[Math.min(index, items.length - 1)];
    say(
      `${t(`desk.done.${decision.action}`, { title: itemTitle(item) })} ${
        following ? t('desk.nowOpen', { title: itemTitle(following) }) : t('desk.empty')
      }`,
    );
    open(following ? items.indexOf(following) : -1);
  }

  // --- bulk ----------------------------------------------------------------------------------
  function drawBulk() {
    const chosen = items.filter((i) => selected.has(i.id));
    bulk.hidden = !chosen.length;
    if (!chosen.length) {
      bulk.replaceChildren();
      return;
    }
    const actions = Object.keys(TRANSITIONS).filter((a) => chosen.every((i) => TRANSITIONS[a].includes(i.status)));
    const action = select(
      'desk-bulk-action',
      t('desk.bulkAction'),
      actions.map((a) => [a, t(`desk.action.${a}`)]),
    );
    const reason = select('desk-bulk-reason', t('desk.reason'), [
      ['', t('desk.reasonDefault')],
      ...reasons.map((r) => [r.code, reasonLabel(r.code)]),
    ]);
    const error = h('p', { class: 'field-error', hidden: true });
    const form = h(
      'form',
      {},
      h('h3', { id: 'desk-bulk-title' }, t('desk.selected', { n: chosen.length })),
      actions.length ? [action.wrap, reason.wrap] : h('p', {}, t('desk.bulkNone')),
      error,
      h(
        'div',
        { class: 'desk-actions' },
        actions.length ? h('button', { type: 'submit', class: 'button button-primary' }, t('desk.bulkApply')) : null,
        h(
          'button',
          {
            type: 'button',
            class: 'button',
            onclick: () => {
              selected.clear();
              drawList();
            },
          },
          t('desk.bulkClear'),
        ),
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const decision = { action: action.input.value, reason_code: reason.input.value || null };
      try {
        await api.moderateBulk(
          chosen.map((i) => ({ type: i.type, id: i.id })),
          decision,
        );
      } catch (problem) {
        error.hidden = false;
        error.textContent = problem.detail || t('desk.failed');
        say(error.textContent);
        return;
      }
      document.dispatchEvent(new CustomEvent(MODERATED_EVENT));
      say(t('desk.bulkDone', { n: chosen.length, action: t(`desk.action.${decision.action}`) }));
      items = items.filter((i) => !selected.has(i.id));
      selected.clear();
      drawList();
      open(items.length ? 0 : -1);
    });
    bulk.replaceChildren(h('h2', { class: 'visually-hidden' }, t('desk.bulk')), form);
  }

  // --- keyboard ------------------------------------------------------------------------------
  function onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest?.('input:not([type=checkbox]), textarea, select, [contenteditable]')) return;
    const key = event.key.toLowerCase();
    const item = items[openIndex];
    if (key === 'j' || key === 'k') {
      event.preventDefault();
      if (!items.length) return say(t('desk.empty'));
      const index = Math.max(0, Math.min(items.length - 1, openIndex + (key === 'j' ? 1 : -1)));
      open(index);
      say(t('desk.nowOpen', { title: itemTitle(items[index]) }));
    } else if (key === 'a' && item) {
      event.preventDefault();
      if (!TRANSITIONS.approve.includes(item.status)) return say(t('desk.notPossible'));
      decide(item, opened.form.decision('approve'));
    } else if (key === 'r' && item) {
      event.preventDefault();
      if (!TRANSITIONS.reject.includes(item.status)) return say(t('desk.notPossible'));
      opened.form.prepare('reject');
      say(t('desk.rejectHow'));
    } else if (key === 'x' && item) {
      event.preventDefault();
      toggle(item, !selected.has(item.id));
      drawList();
      say(t(selected.has(item.id) ? 'desk.selectedOne' : 'desk.unselectedOne', { title: itemTitle(item) }));
      list.children[openIndex]?.querySelector('.desk-open')?.focus();
    }
  }
  document.addEventListener('keydown', onKey);

  await load();
  return () => {
    document.removeEventListener('keydown', onKey);
    opened?.destroy();
  };
}

function select(id, label, options) {
  const input = h(
    'select',
    { id, name: id },
    options.map(([value, text]) => h('option', { value }, text)),
  );
  return { input, wrap: h('div', { class: 'field' }, h('label', { for: id }, label), input) };
}
