// /klas: a teacher's projects (with "new project"), or a pupil's own project home.
import { t } from '../../i18n/index.js';
import { h } from '../dom.js';
import { schoolsApi } from './schools-api.js';
import { currentUser, datesOf, problemText, put, statusBadge, teacherGate } from './shared.js';

export async function render(page, context) {
  const user = await currentUser();
  if (user?.role === 'pupil') {
    const { renderPupilHome } = await import('./pupil-home.js');
    return renderPupilHome(page, user, context);
  }
  if (!teacherGate(page, user)) return null;
  put(
    page,
    h('h1', {}, t('schools.projects')),
    h(
      'p',
      {},
      h('a', { class: 'button button-primary button-big', href: '/klas/nieuw', 'data-link': '' }, t('schools.new')),
    ),
  );
  const status = h('p', { 'aria-live': 'polite' }, t('loading'));
  const list = h('ul', { class: 'project-list' });
  put(page, status, list);
  let data;
  try {
    data = await schoolsApi.projects();
  } catch (error) {
    status.textContent = problemText(error);
    return null;
  }
  status.textContent = data.items.length ? '' : t('schools.noProjects');
  put(
    list,
    ...data.items.map((project) =>
      h(
        'li',
        { class: 'project-card' },
        h('h2', {}, h('a', { href: `/klas/${encodeURIComponent(project.slug)}`, 'data-link': '' }, project.name)),
        h('p', {}, [project.school, project.class].filter(Boolean).join(' · '), ' ', statusBadge(project)),
        h('p', { class: 'muted' }, datesOf(project)),
        h(
          'p',
          {},
          t('schools.counts', {
            pupils: project.pupil_count ?? 0,
            pending: project.counts?.pending ?? 0,
          }),
        ),
      ),
    ),
  );
  return null;
}
