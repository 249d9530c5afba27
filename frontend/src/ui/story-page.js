// The full story at a shareable URL: photos, era, place, themes, "herkenbaar!", comments, report.

import { formatDate, formatEra, t } from '../i18n/index.js';
import { uuid } from '../offline/outbox.js';
import { api, app, loadThemes, loadUser, themeName } from '../state.js';
import { field, h, paragraphs, showFieldErrors } from './dom.js';
import { storyPageActions } from './my-story-actions.js';
import { takePageData } from './page-data.js';
import { announce } from './status.js';
import './story-page.css';
import { whenNear } from './when-near.js';

export async function render(page, { id }) {
  // A published story's Feature came with the page: no waiting for the API (LCP).
  const given = takePageData();
  let feature;
  try {
    [feature] = await Promise.all([given?.id === id ? given : api.story(id), loadThemes().catch(() => null)]);
  } catch (error) {
    page.append(
      h('h1', {}, error.status === 404 ? t('story.notFound') : t('story.failed')),
      h('p', {}, h('a', { href: '/', 'data-link': '' }, t('notFound.back'))),
    );
    return;
  }
  const p = feature.properties;
  const era = formatEra(p.era_from, p.era_to);
  const facts = h(
    'dl',
    { class: 'facts' },
    p.place_name
      ? [
          h('dt', {}, t('story.place')),
          h('dd', {}, h('a', { href: `/plaats/${encodeURIComponent(p.place_name)}`, 'data-link': '' }, p.place_name)),
        ]
      : null,
    era ? [h('dt', {}, t('story.era')), h('dd', {}, era)] : null,
    p.origin_place ? [h('dt', {}, t('story.origin')), h('dd', {}, p.origin_place)] : null,
    p.location_precision === 'approximate'
      ? [h('dt', {}, t('story.precision')), h('dd', {}, t('story.approximate'))]
      : null,
    p.author?.display_name ? [h('dt', {}, t('story.author')), h('dd', {}, p.author.display_name)] : null,
    // A pupil's story: "leerling van <school>", never their nickname (docs/schools.md).
    !p.author && p.author_label ? [h('dt', {}, t('story.author')), h('dd', {}, p.author_label)] : null,
    p.published_at ? [h('dt', {}, t('story.published')), h('dd', {}, formatDate(p.published_at))] : null,
  );
  const photos = (p.photos || []).map((photo) =>
    h(
      'figure',
      { class: 'photo' },
      h('img', {
        src: photo.urls?.medium || photo.urls?.large,
        srcset: photo.urls ? `${photo.urls.medium} 1x, ${photo.urls.large} 2x` : null,
        alt: photo.alt || '',
        width: photo.width || null,
        height: photo.height || null,
        // The first photo is what the page shows first: load it now (LCP), the rest lazily.
        loading: photo === p.photos[0] ? null : 'lazy',
        fetchpriority: photo === p.photos[0] ? 'high' : null,
      }),
      photo.caption ? h('figcaption', {}, photo.caption) : null,
    ),
  );
  const audio = (p.audio || []).map((rec) =>
    h(
      'figure',
      { class: 'audio' },
      h('audio', { controls: true, src: rec.url, preload: 'none' }),
      rec.transcript
        ? h('figcaption', {}, h('details', {}, h('summary', {}, t('story.transcript')), h('p', {}, rec.transcript)))
        : null,
    ),
  );

  const reactionBox = h('div', { class: 'reactions', hidden: true });
  const shareButton = h('button', { type: 'button', class: 'button', onclick: share }, t('story.share'));
  const statusNote =
    p.status && p.status !== 'published'
      ? h('p', { class: `notice status-${p.status}` }, t(`status.${p.status}`))
      : null;
  page.append(
    h(
      'article',
      { class: 'story', lang: p.language || null },
      h(
        'p',
        { class: `kind-badge kind-${p.kind}` },
        h('span', { class: `pin pin-${p.kind} pin-inline`, 'aria-hidden': 'true' }),
        t(`kind.${p.kind}`),
      ),
      h('h1', {}, p.title),
      statusNote,
      photos,
      paragraphs(p.body),
      audio,
      feature.geometry ? storyMapSection(feature) : null,
      facts,
      p.themes?.length
        ? h(
            'ul',
            { class: 'chips', 'aria-label': t('story.themes') },
            p.themes.map((slug) =>
              h(
                'li',
                {},
                h('a', { href: `/lijst?thema=${encodeURIComponent(slug)}`, 'data-link': '' }, themeName(slug)),
              ),
            ),
          )
        : null,
      p.demo ? h('p', { class: 'muted' }, t('story.demo')) : null,
      h('p', { class: 'muted small' }, t('story.license', { license: p.license })),
    ),
    h(
      'div',
      { class: 'story-actions' },
      reactionBox,
      shareButton,
      h('a', { class: 'button', href: '/', 'data-link': '' }, t('story.toMap')),
    ),
  );
  const commentsSection = h('section', { class: 'comments', 'aria-labelledby': 'comments-title', hidden: true });
  const reportSection = h('section', { class: 'report', hidden: true });
  page.append(commentsSection, reportSection);
  if (app.user && (app.user.role === 'curator' || app.user.role === 'admin') && p.status === 'published') {
    const box = h('div', { class: 'add-to-collection', hidden: true });
    page.querySelector('.story-actions').after(box);
    import('./collections/add-to-collection.js').then((m) => m.addToCollectionControl(box, id));
  }

  // The server's page data is the public Feature; whether this visitor may change the story
  // (its author, a moderator) only the API's own answer to them says. The answer comes after
  // render() returned, when app.js has moved the page's nodes: it lands in a slot made now.
  if (feature === given) {
    const slot = h('div', { class: 'own-actions-slot' });
    page.querySelector('.story-actions').after(slot);
    Promise.resolve(app.user === undefined ? loadUser() : app.user)
      .then((user) => (user ? api.story(id) : null))
      .then((own) => own && storyPageActions(slot, own))
      .catch(() => {});
  } else storyPageActions(page, feature);
  setupReactions(id, reactionBox, p);
  setupComments(id, commentsSection);
  setupReport(id, reportSection);

  async function share() {
    const url = `${location.origin}/verhaal/${id}`;
    if (navigator.share) {
      try {
        await navigator.share({ title: p.title, url });
      } catch {
        /* cancelled */
      }
      return;
    }
    try {
      await navigator.clipboard.writeText(url);
      announce(t('story.copied'));
    } catch {
      announce(url);
    }
  }
}

// Where: a small map with the point, route or area (and a memory's teller's own place). Its
// first view is a picture (tiles as images, the shape as SVG) drawn when it comes near the screen;
// Leaflet and the real map load only when the visitor reaches for it: a tap or click on the
// picture, or its "move and zoom" button (keyboard).
function storyMapSection(feature) {
  const mapEl = h('div', { class: 'story-map', role: 'region', 'aria-label': t('story.mapLabel') });
  const section = h('section', { class: 'story-where' }, h('h2', {}, t('story.where')), mapEl);
  const origin = feature.properties.kind === 'memory' ? feature.properties.origin_place : null;
  let options = null; // what both views draw, once the teller's place is known
  let live = null; // the Leaflet map, once loaded
  const openButton = h('button', { type: 'button', class: 'button story-map-open' }, t('story.mapOpen'));
  const openMap = (event) => {
    if (live || !options) return;
    const byKeyboard = event?.type === 'click' && event.detail === 0;
    live = import('../map/story-map.js').then(
      ({ createStoryMap }) => {
        if (!mapEl.isConnected) return;
        mapEl.replaceChildren();
        createStoryMap(mapEl, options);
        if (byKeyboard) mapEl.focus(); // Leaflet's container: the arrow keys move the map
      },
      () => {
        live = null; // offline and not cached: the picture stays, the next tap tries again
      },
    );
  };
  openButton.addEventListener('click', openMap);
  mapEl.addEventListener('pointerdown', (event) => {
    if (event.target !== openButton) openMap(event);
  });
  whenNear(mapEl, () =>
    Promise.all([import('../map/story-map-static.js'), origin ? api.places(origin, 1).catch(() => null) : null]).then(
      ([{ drawStaticStoryMap }, found]) => {
        if (!mapEl.isConnected) return;
        const place = found?.features?.[0];
        options = {
          config: app.config,
          feature,
          origin: place
            ? { name: origin, lon: place.geometry.coordinates[0], lat: place.geometry.coordinates[1] }
            : null,
          originLabel: t('story.originMarker', { place: origin }),
        };
        drawStaticStoryMap(mapEl, options);
        mapEl.append(openButton);
      },
    ),
  );
  return section;
}

async function setupReactions(id, box, props) {
  let state;
  try {
    state = await api.reactions(id);
  } catch (error) {
    if (error.status === 404 || error.status === 405) return; // no reactions on this server
    state = { count: props.reactions ?? props.reaction_count ?? 0, mine: false };
  }
  const button = h('button', { type: 'button', class: 'button react', 'aria-pressed': String(Boolean(state.mine)) });
  const label = () => {
    button.replaceChildren(
      h('span', { 'aria-hidden': 'true', class: 'react-icon' }),
      t('story.recognise'),
      h('span', { class: 'count' }, ` ${state.count}`),
    );
    button.setAttribute('aria-pressed', String(Boolean(state.mine)));
  };
  label();
  button.addEventListener('click', async () => {
    try {
      state = await api.react(id, !state.mine);
      label();
    } catch (error) {
      if (error.status === 401) announce(t('story.loginToReact'));
      else announce(error.detail || error.title || t('story.failed'));
    }
  });
  box.append(button);
  box.hidden = false;
}

async function setupComments(id, section) {
  let data;
  try {
    data = await api.comments(id);
  } catch {
    return; // no comments on this server (404) or offline
  }
  const list = h('ol', { class: 'comment-list' });
  const draw = () =>
    list.replaceChildren(
      ...data.comments.map((c) =>
        h(
          'li',
          {},
          h(
            'p',
            { class: 'comment-meta' },
            h('strong', {}, c.author?.display_name || c.author || t('story.someone')),
            ' · ',
            formatDate(c.created_at),
            c.status === 'pending' ? h('span', { class: 'badge' }, ` ${t('status.pending')}`) : null,
          ),
          paragraphs(c.body),
        ),
      ),
    );
  draw();
  section.append(h('h2', { id: 'comments-title' }, t('story.comments', { n: data.comments.length })), list);
  const user = app.user === undefined ? await loadUser() : app.user;
  if (!user) {
    section.append(
      h('p', {}, h('a', { href: `/inloggen?next=/verhaal/${id}`, 'data-link': '' }, t('story.loginToComment'))),
    );
  } else {
    const body = field({
      label: t('story.yourComment'),
      name: 'body',
      multiline: true,
      required: true,
      attrs: { maxlength: 2000, rows: 3 },
    });
    const form = h(
      'form',
      { class: 'comment-form', novalidate: true },
      body.wrap,
      h('button', { type: 'submit', class: 'button button-primary' }, t('story.send')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!body.input.value.trim()) return showFieldErrors({ body }, { body: [t('form.required')] });
      try {
        const comment = await api.comment(id, body.input.value.trim(), uuid());
        data.comments.push(comment);
        draw();
        body.input.value = '';
        announce(comment.status === 'pending' ? t('story.commentPending') : t('story.commentPlaced'));
      } catch (error) {
        showFieldErrors(
          { body },
          error.errors?.body ? error.errors : { body: [error.detail || error.title || t('story.failed')] },
        );
      }
    });
    section.append(form);
  }
  section.hidden = false;
}

function setupReport(id, section) {
  const reasons = ['spam', 'offensive', 'privacy', 'incorrect', 'other'];
  const select = h(
    'select',
    { id: 'report-reason' },
    reasons.map((r) => h('option', { value: r }, t(`report.${r}`))),
  );
  const note = field({ label: t('report.note'), name: 'note', multiline: true, attrs: { maxlength: 1000, rows: 2 } });
  const result = h('p', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {},
    h('div', { class: 'field' }, h('label', { for: 'report-reason' }, t('report.reason')), select),
    note.wrap,
    h('button', { type: 'submit', class: 'button' }, t('report.send')),
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.report(id, select.value, note.input.value.trim());
      form.replaceChildren(h('p', { role: 'status' }, t('report.thanks')));
    } catch (error) {
      if (error.status === 404) result.textContent = t('report.unavailable');
      else if (!showFieldErrors({ note }, error.errors || {}, result) && !result.textContent) {
        result.textContent = error.detail || error.title;
      }
    }
  });
  section.append(h('details', {}, h('summary', {}, t('report.title')), form));
  section.hidden = false;
}
