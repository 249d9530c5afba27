// /kaartlagen: curators import context layers (GeoJSON, GeoPackage, zipped shapefile), edit
// their texts, style and order, and delete them. Residents see them in the map's switcher.
import { t } from '../../i18n/index.js';
import { app, loadUser } from '../../state.js';
import { h } from '../dom.js';
import { createLayerForm } from './layer-form.js';
import { createLayerList } from './layer-list.js';
import './layers.css';

const CURATOR_ROLES = new Set(['curator', 'admin']);

export async function render(page) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('layers.admin.title')));
  if (!user) {
    page.append(
      h('p', {}, t('layers.admin.loginFirst')),
      h(
        'p',
        {},
        h('a', { class: 'button button-primary', href: '/inloggen?next=/kaartlagen', 'data-link': '' }, t('nav.login')),
      ),
    );
    return;
  }
  if (!CURATOR_ROLES.has(user.role)) {
    page.append(h('p', {}, t('layers.admin.notCurator')));
    return;
  }
  const list = createLayerList();
  const form = createLayerForm({ onDone: (saved) => list.load(`[data-slug="${CSS.escape(saved.slug)}"] .edit-layer`) });
  page.append(
    h('p', {}, t('layers.admin.intro')),
    h('section', { class: 'layer-admin-new' }, h('h2', {}, t('layers.admin.new')), form.element),
    h(
      'section',
      { class: 'layer-admin-existing' },
      h('h2', { tabindex: '-1' }, t('layers.admin.existing')),
      list.element,
    ),
  );
  await list.load();
}
