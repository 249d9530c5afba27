// Curators' exhibitions and routes: the list with a "new" form (/exposities), and the editor
// (/exposities/:slug). Others see the published ones, each leading to its tour.
import '../../styles/collections.css';
import { t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { api, app, loadUser } from '../../state.js';
import { field, h, showFieldErrors } from '../dom.js';
import { isCurator } from './shared.js';

export async function render(page, context) {
  const user = app.user === undefined ? await loadUser() : app.user;
  if (context.slug) {
    if (!isCurator(user)) return renderDenied(page);
    const { renderEditor } = await import('./editor.js');
    return renderEditor(page, context.slug);
  }
  return renderList(page, isCurator(user));
}

function renderDenied(page) {
  page.append(h('h1', {}, t('coll.title')), h('p', {}, t('coll.curatorsOnly')));
}

async function renderList(page, curator) {
  page.append(
    h('h1', {}, t('coll.title')),
    h('p', { class: 'muted' }, t(curator ? 'coll.introCurator' : 'coll.intro')),
  );
  if (curator) page.append(newForm());
  const list = h('ul', { class: 'collection-list' });
  page.append(list);
  let body;
  try {
    body = await api.collections(curator ? 'all' : 'published');
  } catch {
    list.replaceWith(h('p', { class: 'notice' }, t('coll.failed')));
    return;
  }
  if (!body.collections.length) list.replaceWith(h('p', {}, t('coll.none')));
  for (const c of body.collections) {
    const href = curator ? `/exposities/${c.slug}` : `/expositie/${c.slug}`;
    list.append(
      h(
        'li',
        { class: 'collection-row' },
        h('a', { href, 'data-link': '' }, c.title),
        h('span', { class: 'muted' }, ` · ${t(`coll.status.${c.status}`)} · ${t('coll.count', { n: c.count })}`),
        c.unavailable ? h('p', { class: 'notice' }, t('coll.unavailableCount', { n: c.unavailable })) : null,
      ),
    );
  }
}

function newForm() {
  const title = field({ label: t('coll.field.title'), name: 'title', required: true });
  const error = h('p', { class: 'field-error', hidden: true });
  const form = h(
    'form',
    { class: 'collection-new', novalidate: true },
    h('h2', {}, t('coll.new')),
    title.wrap,
    error,
    h('button', { type: 'submit', class: 'button button-primary' }, t('coll.create')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const created = await api.createCollection({ title: title.input.value });
      navigate(`/exposities/${created.slug}`);
    } catch (problem) {
      showFieldErrors({ title }, problem.errors, error);
      if (!Object.keys(problem.errors || {}).length) {
        error.hidden = false;
        error.textContent = problem.detail || t('coll.failed');
      }
    }
  });
  return form;
}
