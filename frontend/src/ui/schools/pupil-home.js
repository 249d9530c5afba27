// A pupil's home (/klas): the project's question on top, "Vertel", their own stories with the
// teacher's feedback, the class map. Large buttons, short sentences.
import { formatDate, t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { api, setUser } from '../../state.js';
import { h } from '../dom.js';
import { schoolsApi } from './schools-api.js';
import { forgetProject, problemText, put, putOnly, rememberedProject, rememberProject } from './shared.js';

export async function renderPupilHome(page, user) {
  let project = rememberedProject(user.project);
  try {
    project = await schoolsApi.project(user.project);
    rememberProject(project);
  } catch (error) {
    if (!project) {
      put(page, h('h1', {}, t('schools.title')), h('p', { role: 'alert' }, problemText(error)));
      return null;
    }
  }
  const slug = encodeURIComponent(project.slug);
  put(
    page,
    h('p', { class: 'project-name' }, [project.name, project.school].filter(Boolean).join(' · ')),
    h('h1', { class: 'project-prompt' }, project.prompt || project.name),
    project.read_only ? h('p', { class: 'notice' }, t('schools.pupil.ended')) : null,
    h(
      'div',
      { class: 'pupil-actions' },
      project.read_only
        ? null
        : h(
            'a',
            { class: 'button button-primary button-huge', href: '/nieuw', 'data-link': '' },
            t('schools.pupil.tell'),
          ),
      h('a', { class: 'button button-huge', href: `/klas/${slug}/kaart`, 'data-link': '' }, t('schools.classMap')),
    ),
  );
  const status = h('p', { 'aria-live': 'polite' }, t('loading'));
  const list = h('ul', { class: 'pupil-stories' });
  put(page, h('h2', {}, t('schools.pupil.mine')), status, list);
  put(
    page,
    h(
      'p',
      { class: 'inline-buttons' },
      h('a', { class: 'button', href: '/uitbox', 'data-link': '' }, t('nav.outbox')),
      h('button', { type: 'button', class: 'button', onclick: logout }, t('schools.pupil.logout')),
    ),
    h('p', { class: 'hint' }, t('schools.pupil.logoutHint')),
  );
  // On a school tablet before the trip: the area's map and the class map on this device.
  const trip = h('section', { class: 'trip-section', 'aria-labelledby': 'trip-title' });
  put(page, trip);
  import('./offline-trip.js').then(({ tripPanel }) =>
    putOnly(trip, h('h2', { id: 'trip-title' }, t('schools.trip.title')), ...tripPanel(project)),
  );
  try {
    const data = await schoolsApi.myStories();
    status.textContent = data.features.length ? '' : t('schools.pupil.none');
    put(list, ...data.features.map(storyItem));
  } catch (error) {
    status.textContent = problemText(error);
  }
  return null;

  async function logout() {
    try {
      await api.logout();
    } catch {
      /* the session is gone either way */
    }
    forgetProject();
    setUser(null);
    await api.csrf(true).catch(() => {});
    navigate('/klas/terug');
  }
}

function storyItem(feature) {
  const p = feature.properties;
  const status = p.status || 'pending';
  const known = ['pending', 'class', 'published', 'rejected'].includes(status);
  const message = p.moderation?.message || p.feedback;
  return h(
    'li',
    { class: `pupil-story pupil-story-${status}` },
    h('h3', {}, p.title),
    h(
      'p',
      { class: `status-badge status-${status}` },
      known ? t(`schools.storyStatus.${status}`) : t(`status.${status}`),
    ),
    message
      ? h(
          'p',
          { class: 'moderation-message' },
          h('strong', {}, t('schools.pupil.feedback')),
          ' ',
          message,
          p.moderation?.decided_at ? h('span', { class: 'muted' }, ` (${formatDate(p.moderation.decided_at)})`) : null,
        )
      : null,
  );
}
