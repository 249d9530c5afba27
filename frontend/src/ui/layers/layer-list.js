// The curators' list of context layers: order (up/down), edit in place, delete.
import { t } from '../../i18n/index.js';
import { api } from '../../state.js';
import { h } from '../dom.js';
import { announce } from '../status.js';
import { createLayerForm } from './layer-form.js';

const FORMATS = { geojson: 'GeoJSON', gpkg: 'GeoPackage', shapefile: 'Shapefile' };

/** createLayerList() → {element, load(...focusSelectors)}: the first selector that matches gets focus. */
export function createLayerList() {
  const list = h('ol', { class: 'layer-admin-list' });
  const status = h('p', { 'aria-live': 'polite' });
  const element = h('div', {}, status, list);
  let layers = [];

  async function load(...focus) {
    status.textContent = t('loading');
    try {
      ({ layers } = await api.layers());
    } catch (error) {
      status.textContent = error.network ? t('layers.admin.offline') : t('layers.admin.failed');
      return;
    }
    status.textContent = layers.length ? '' : t('layers.admin.empty');
    list.replaceChildren(...layers.map(item));
    for (const selector of focus) {
      const target = list.querySelector(selector);
      if (target) {
        target.focus();
        break;
      }
    }
  }

  function item(layer, index) {
    const summary = [
      t('layers.admin.summary', {
        n: layer.feature_count,
        format: FORMATS[layer.source_format] || layer.source_format,
      }),
      layer.visible_by_default ? t('layers.admin.defaultOn') : null,
      layer.simplify_tolerance ? t('layers.admin.simplified') : null,
    ].filter(Boolean);
    const editor = h('div', { class: 'layer-editor', hidden: true });
    const editButton = h(
      'button',
      { type: 'button', class: 'button', 'aria-expanded': 'false', onclick: () => toggleEditor() },
      t('layers.admin.edit'),
    );
    function toggleEditor() {
      const open = editor.hidden;
      editor.hidden = !open;
      editButton.setAttribute('aria-expanded', String(open));
      if (!open) return editor.replaceChildren();
      const form = createLayerForm({
        layer,
        onDone: (saved) => load(`[data-slug="${CSS.escape(saved.slug)}"] .edit-layer`),
      });
      editor.replaceChildren(h('h3', {}, t('layers.admin.editing', { title: layer.title })), form.element);
      form.focus();
    }
    editButton.classList.add('edit-layer');
    const move = (delta, labelKey, className) =>
      h(
        'button',
        {
          type: 'button',
          class: `button ${className}`,
          'aria-label': t(labelKey, { title: layer.title }),
          disabled: index + delta < 0 || index + delta >= layers.length,
          onclick: () => reorder(layer, index + delta, className),
        },
        t(delta < 0 ? 'layers.admin.up' : 'layers.admin.down'),
      );
    return h(
      'li',
      { class: 'layer-admin-item', dataset: { slug: layer.slug } },
      h('h3', {}, layer.title),
      h('p', { class: 'muted' }, summary.join(' · ')),
      layer.attribution ? h('p', { class: 'muted' }, t('layers.source', { source: layer.attribution })) : null,
      h(
        'div',
        { class: 'inline-buttons' },
        move(-1, 'layers.admin.moveUp', 'move-up'),
        move(1, 'layers.admin.moveDown', 'move-down'),
        editButton,
        h(
          'button',
          { type: 'button', class: 'button button-danger', onclick: () => remove(layer) },
          t('layers.admin.delete'),
        ),
      ),
      editor,
    );
  }

  async function reorder(layer, position, className) {
    try {
      await api.updateLayer(layer.slug, { position });
    } catch (error) {
      announce(error.detail || t('layers.admin.failed'));
      return;
    }
    announce(t('layers.admin.moved', { title: layer.title, n: position + 1 }));
    const other = className === 'move-up' ? 'move-down' : 'move-up';
    // Focus stays on the same button, or on the other one when this one is now disabled.
    const item = `[data-slug="${CSS.escape(layer.slug)}"]`;
    await load(`${item} .${className}:not([disabled])`, `${item} .${other}`);
  }

  async function remove(layer) {
    if (!window.confirm(t('layers.admin.confirmDelete', { title: layer.title }))) return;
    try {
      await api.deleteLayer(layer.slug);
    } catch (error) {
      announce(error.detail || t('layers.admin.failed'));
      return;
    }
    announce(t('layers.admin.deleted', { title: layer.title }));
    await load();
    element.closest('section')?.querySelector('h2')?.focus();
  }

  return { element, load };
}
