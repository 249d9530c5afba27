// /klas/:slug/kaart: the class map — the project's area and the stories the teacher approved
// (for the class, or also for the public map), with the pupil's nickname for members only.
// A teacher of a project open to the public sends an approved story on from here.
import { t } from '../../i18n/index.js';
import { app } from '../../state.js';
import { h, paragraphs } from '../dom.js';
import { announce } from '../status.js';
import { schoolsApi } from './schools-api.js';
import { currentUser, problemText, put, rememberedProject } from './shared.js';

export async function render(page, { slug }) {
  const user = await currentUser();
  let project;
  let data;
  try {
    [project, data] = await Promise.all([schoolsApi.project(slug), schoolsApi.classStories(slug)]);
  } catch (error) {
    project = rememberedProject(slug);
    put(page, h('h1', {}, project ? t('schools.classMapOf', { name: project.name }) : t('schools.classMap')));
    put(page, h('p', { role: 'alert' }, error.status === 404 ? t('notFound.title') : problemText(error)));
    return null;
  }
  const teacher = user && (user.role === 'teacher' || user.role === 'admin');
  put(
    page,
    h('h1', {}, t('schools.classMapOf', { name: project.name })),
    project.prompt ? h('p', { class: 'project-prompt-small' }, project.prompt) : null,
    h(
      'p',
      {},
      h(
        'a',
        { href: teacher ? `/klas/${encodeURIComponent(project.slug)}` : '/klas', 'data-link': '' },
        t('schools.back'),
      ),
    ),
  );
  const mapEl = h('div', { class: 'class-map', role: 'region', 'aria-label': t('schools.classMap') });
  const list = h('ul', { class: 'class-stories' });
  put(
    page,
    mapEl,
    h(
      'p',
      { 'aria-live': 'polite' },
      data.features.length ? t('schools.stories', { n: data.features.length }) : t('schools.noStories'),
    ),
    list,
  );
  const items = new Map();
  for (const feature of data.features) {
    const item = storyItem(feature);
    items.set(feature.id, item);
    put(list, item);
  }
  const { createClassMap } = await import('../../map/project-area.js');
  const map = createClassMap(mapEl, {
    config: app.config,
    area: project.area,
    features: data.features,
    describe: (f) => `${f.properties.title} (${f.properties.nickname || ''})`,
    onSelect(feature) {
      const item = items.get(feature.id);
      item?.scrollIntoView({ block: 'nearest' });
      item?.querySelector('h2')?.focus();
    },
  });

  function storyItem(feature) {
    const p = feature.properties;
    const publicButton =
      teacher && project.policy === 'public' && p.status === 'class' && !project.read_only
        ? h(
            'button',
            {
              type: 'button',
              class: 'button',
              onclick: async (event) => {
                event.target.disabled = true;
                try {
                  await schoolsApi.makePublic(project.slug, feature.id);
                  event.target.replaceWith(h('p', { class: 'status-badge status-published' }, t('schools.publicSent')));
                  announce(t('schools.publicSent'));
                } catch (error) {
                  event.target.disabled = false;
                  announce(problemText(error));
                }
              },
            },
            t('schools.makePublic'),
          )
        : null;
    return h(
      'li',
      { class: 'class-story' },
      h('h2', { tabindex: '-1' }, p.title),
      h(
        'p',
        { class: 'muted' },
        [p.nickname, p.place_name].filter(Boolean).join(' · '),
        ' ',
        p.status ? h('span', { class: `status-badge status-${p.status}` }, t(`schools.storyStatus.${p.status}`)) : null,
      ),
      paragraphs(p.body),
      publicButton,
    );
  }

  requestAnimationFrame(() => map.invalidate());
  return () => map.destroy();
}
