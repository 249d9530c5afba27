// A place's page (/plaats/{naam}): its stories as was – is – wordt (memories and the past,
// photos and stories of now, wishes), side by side on a laptop and as three tabs on a phone,
// with the counts. Readable without the map; the server gives its title and preview tags.
import './place-page.css';
import { t } from '../i18n/index.js';
import { api, loadThemes } from '../state.js';
import { h, uid } from './dom.js';
import { takePageData } from './page-data.js';
import { storyCard } from './story-card.js';

const FRAMES = ['was', 'is', 'wordt'];

export async function render(page, { naam }) {
  let data = takePageData();
  try {
    [data] = await Promise.all([
      data || api.request('GET', `/places/${encodeURIComponent(naam)}`),
      loadThemes().catch(() => null),
    ]);
  } catch (error) {
    page.append(
      h('h1', {}, error.status === 404 ? t('place.notFound') : t('place.failed')),
      h('p', {}, h('a', { href: '/', 'data-link': '' }, t('notFound.back'))),
    );
    return;
  }
  const name = data.place.properties.name;
  const id = uid('frames');
  const tabs = FRAMES.map((frame) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: `${id}-${frame}-tab`,
        'aria-controls': `${id}-${frame}`,
        'aria-selected': 'false',
        tabindex: '-1',
        class: `frame-tab frame-tab-${frame}`,
      },
      t(`place.${frame}`),
      h('span', { class: 'count' }, ` (${data.counts[frame]})`),
    ),
  );
  const panels = FRAMES.map((frame) => {
    const stories = data[frame] || [];
    return h(
      'section',
      {
        class: `frame frame-${frame}`,
        id: `${id}-${frame}`,
        role: 'tabpanel',
        'aria-labelledby': `${id}-${frame}-title`,
      },
      h(
        'h2',
        { id: `${id}-${frame}-title` },
        t(`place.${frame}`),
        h('span', { class: 'count' }, ` (${data.counts[frame]})`),
      ),
      h('p', { class: 'muted frame-hint' }, t(`place.${frame}Hint`)),
      stories.length
        ? h(
            'ul',
            { class: 'story-list' },
            stories.map((f) => storyCard(f)),
          )
        : h('p', { class: 'frame-empty' }, t('place.none')),
      data.counts[frame] > stories.length
        ? h('p', { class: 'muted' }, t('place.more', { n: data.counts[frame] }))
        : null,
    );
  });
  const tablist = h(
    'div',
    { class: 'frame-tabs', role: 'tablist', 'aria-label': t('place.storiesOf', { place: name }) },
    tabs,
  );
  page.append(
    h(
      'article',
      { class: 'place-page' },
      h('h1', {}, t('place.storiesOf', { place: name })),
      data.place.properties.municipality && data.place.properties.municipality !== name
        ? h('p', { class: 'muted' }, data.place.properties.municipality)
        : null,
      tablist,
      h('div', { class: 'frames' }, panels),
      h(
        'p',
        {},
        h('a', { class: 'button button-primary', href: '/nieuw', 'data-link': '' }, t('place.tell', { place: name })),
      ),
    ),
  );

  // Tabs on a phone (the arrow keys move between them); on a laptop all three show side by side.
  function select(index, { focus = false } = {}) {
    tabs.forEach((tab, i) => {
      const on = i === index;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      panels[i].classList.toggle('is-active', on);
    });
    if (focus) tabs[index].focus();
  }
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => select(i));
  });
  tablist.addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select((next + tabs.length) % tabs.length, { focus: true });
  });
  // Start on the first frame that has stories.
  select(
    Math.max(
      0,
      FRAMES.findIndex((frame) => data.counts[frame] > 0),
    ),
  );
}
