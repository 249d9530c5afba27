// The collection editor: texts, dates, cover, the stories in order (drag, or move up/down by
// keyboard, announced), notes, adding stories from a search, removing them, publishing.
import { t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { api } from '../../state.js';
import { field, h, showFieldErrors } from '../dom.js';
import { announce } from '../status.js';

export async function renderEditor(page, slug) {
  let collection;
  try {
    collection = await api.collection(slug, 'edit');
  } catch (error) {
    page.append(h('h1', {}, error.status === 404 ? t('coll.notFound') : t('coll.failed')));
    return;
  }
  let items = collection.items.map((item) => ({ ...item }));
  const fields = {
    title: field({ label: t('coll.field.title'), name: 'title', required: true }),
    slug: field({ label: t('coll.field.slug'), name: 'slug', hint: t('coll.field.slugHint') }),
    intro: field({ label: t('coll.field.intro'), name: 'intro', multiline: true, attrs: { rows: 5 } }),
    opens_on: field({ label: t('coll.field.opens'), name: 'opens_on', type: 'date' }),
    closes_on: field({ label: t('coll.field.closes'), name: 'closes_on', type: 'date' }),
  };
  const coverSelect = h('select', { id: 'collection-cover', name: 'cover' });
  const cover = {
    input: coverSelect,
    error: h('p', { class: 'field-error', hidden: true }),
  };
  const published = h('input', { type: 'checkbox', id: 'collection-published', name: 'published' });
  const heading = h('h1', {}, collection.title);
  const list = h('ol', { class: 'collection-items', 'aria-label': t('coll.items') });
  const generalError = h('p', { class: 'field-error', hidden: true, role: 'alert' });
  const links = h('p', { class: 'collection-links' });

  function fill() {
    heading.textContent = collection.title;
    for (const [name, f] of Object.entries(fields)) f.input.value = collection[name] || '';
    published.checked = collection.status === 'published';
    links.replaceChildren(
      ...[
        [`/expositie/${collection.slug}`, 'coll.openTour'],
        [`/kiosk/${collection.slug}`, 'coll.openKiosk'],
        [`/druk/expositie/${collection.slug}/poster`, 'coll.printPoster'],
        [`/druk/expositie/${collection.slug}/boekje`, 'coll.printBooklet'],
      ].map(([href, key]) => h('a', { class: 'button', href, 'data-link': '' }, t(key))),
    );
    fillCovers();
    drawItems();
  }

  function fillCovers() {
    const options = [h('option', { value: '' }, t('coll.noCover'))];
    for (const item of items) {
      for (const photo of item.feature?.properties?.photos || []) {
        const name = `${item.feature.properties.title}: ${photo.alt || photo.caption || photo.id.slice(0, 8)}`;
        options.push(h('option', { value: photo.id }, name));
      }
    }
    coverSelect.replaceChildren(...options);
    coverSelect.value = collection.cover_id || '';
  }

  function drawItems() {
    list.replaceChildren(...items.map((item, index) => itemRow(item, index)));
    if (!items.length) list.append(h('li', { class: 'muted' }, t('coll.empty')));
  }

  function itemRow(item, index) {
    const title = item.feature?.properties?.title || item.title || t('coll.untitled');
    const note = h('textarea', { id: `note-${item.story}`, rows: 2, value: item.note || '' });
    note.addEventListener('input', () => {
      item.note = note.value;
    });
    const row = h(
      'li',
      { class: `collection-item${item.available ? '' : ' is-unavailable'}`, draggable: 'true' },
      h('span', { class: 'drag-handle', 'aria-hidden': 'true' }, '⋮⋮'),
      h(
        'div',
        { class: 'collection-item-body' },
        h('p', { class: 'collection-item-title' }, `${index + 1}. ${title}`),
        item.available
          ? null
          : h('p', { class: 'notice' }, t('coll.unavailable', { status: t(`status.${item.status}`) })),
        h('label', { for: note.id }, t('coll.note', { title })),
        note,
        h(
          'div',
          { class: 'collection-item-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              disabled: index === 0,
              dataset: { move: 'up' },
              onclick: () => move(index, -1, 'up'),
            },
            t('coll.up'),
            h('span', { class: 'visually-hidden' }, `: ${title}`),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              disabled: index === items.length - 1,
              dataset: { move: 'down' },
              onclick: () => move(index, 1, 'down'),
            },
            t('coll.down'),
            h('span', { class: 'visually-hidden' }, `: ${title}`),
          ),
          h(
            'button',
            { type: 'button', class: 'button button-danger', onclick: () => remove(index) },
            t('coll.remove'),
            h('span', { class: 'visually-hidden' }, `: ${title}`),
          ),
        ),
      ),
    );
    row.addEventListener('dragstart', (event) => {
      event.dataTransfer.setData('text/plain', String(index));
      event.dataTransfer.effectAllowed = 'move';
      row.classList.add('is-dragging');
    });
    row.addEventListener('dragend', () => row.classList.remove('is-dragging'));
    row.addEventListener('dragover', (event) => event.preventDefault());
    row.addEventListener('drop', (event) => {
      event.preventDefault();
      const from = Number(event.dataTransfer.getData('text/plain'));
      if (Number.isInteger(from) && from !== index) moveTo(from, index);
    });
    return row;
  }

  function moveTo(from, to, focusDirection) {
    const [item] = items.splice(from, 1);
    items.splice(to, 0, item);
    drawItems();
    const title = item.feature?.properties?.title || item.title || '';
    announce(t('coll.moved', { title, n: to + 1, total: items.length }));
    if (focusDirection) {
      const row = list.children[to];
      const button =
        row.querySelector(`[data-move=${focusDirection}]:not([disabled])`) ||
        row.querySelector('[data-move]:not([disabled])');
      button?.focus();
    }
  }

  function move(index, delta, direction) {
    const to = index + delta;
    if (to >= 0 && to < items.length) moveTo(index, to, direction);
  }

  function remove(index) {
    const [item] = items.splice(index, 1);
    drawItems();
    fillCovers();
    announce(t('coll.removed', { title: item.feature?.properties?.title || item.title || '' }));
    (list.children[Math.min(index, items.length - 1)]?.querySelector('button') || saveButton).focus();
  }

  async function save(event) {
    event.preventDefault();
    const body = {
      title: fields.title.input.value,
      slug: fields.slug.input.value,
      intro: fields.intro.input.value,
      opens_on: fields.opens_on.input.value || null,
      closes_on: fields.closes_on.input.value || null,
      cover: coverSelect.value || null,
      status: published.checked ? 'published' : 'draft',
      items: items.map((item) => ({ story: item.story, note: item.note || '' })),
    };
    const oldSlug = collection.slug;
    try {
      collection = await api.updateCollection(oldSlug, body);
    } catch (problem) {
      showFieldErrors({ ...fields, cover }, problem.errors, generalError);
      if (!problem.errors || !Object.keys(problem.errors).length) {
        generalError.hidden = false;
        generalError.textContent = problem.detail || t('coll.failed');
      }
      return;
    }
    generalError.hidden = true;
    items = collection.items.map((item) => ({ ...item }));
    fill();
    announce(t(collection.status === 'published' ? 'coll.savedPublished' : 'coll.saved'));
    if (collection.slug !== oldSlug) history.replaceState({}, '', `/exposities/${collection.slug}`);
  }

  async function destroy() {
    if (!confirm(t('coll.deleteConfirm', { title: collection.title }))) return;
    await api.deleteCollection(collection.slug);
    navigate('/exposities');
  }

  const saveButton = h('button', { type: 'submit', class: 'button button-primary' }, t('coll.save'));
  const form = h(
    'form',
    { class: 'collection-editor', novalidate: true },
    fields.title.wrap,
    fields.slug.wrap,
    fields.intro.wrap,
    h('div', { class: 'field-row' }, fields.opens_on.wrap, fields.closes_on.wrap),
    h('div', { class: 'field' }, h('label', { for: coverSelect.id }, t('coll.field.cover')), coverSelect, cover.error),
    h('h2', {}, t('coll.items')),
    h('p', { class: 'hint' }, t('coll.itemsHint')),
    list,
    h('div', { class: 'field field-check' }, published, h('label', { for: published.id }, t('coll.field.published'))),
    generalError,
    h('div', { class: 'form-actions' }, saveButton),
  );
  form.addEventListener('submit', save);
  const { storySearch } = await import('./story-search.js');
  page.append(
    heading,
    links,
    form,
    storySearch({
      has: (id) => items.some((item) => item.story === id),
      onAdd(feature) {
        items.push({ story: feature.id, note: '', available: true, status: 'published', feature });
        drawItems();
        fillCovers();
        announce(t('coll.added', { title: feature.properties.title, n: items.length }));
      },
    }),
    h('p', {}, h('button', { type: 'button', class: 'button button-danger', onclick: destroy }, t('coll.delete'))),
  );
  fill();
}
