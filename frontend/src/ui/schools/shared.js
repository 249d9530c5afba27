// What the schools screens share: who is asking, a project's dates and status, errors as text.
import './schools.css';
import { formatDate, t } from '../../i18n/index.js';
import { app, loadUser } from '../../state.js';
import { h } from '../dom.js';

export async function currentUser() {
  return app.user === undefined ? await loadUser() : app.user;
}

/** Teachers and admins run projects; others get a sentence and a way on. */
export function teacherGate(page, user) {
  if (user && (user.role === 'teacher' || user.role === 'admin')) return true;
  page.append(
    h('h1', {}, t('schools.title')),
    h('p', {}, t(user ? 'schools.teachersOnly' : 'schools.loginFirst')),
    h(
      'p',
      { class: 'inline-buttons' },
      user
        ? null
        : h('a', { class: 'button button-primary', href: '/inloggen?next=/klas', 'data-link': '' }, t('nav.login')),
      h('a', { class: 'button button-big', href: '/klas/doe-mee', 'data-link': '' }, t('schools.join.link')),
    ),
  );
  return false;
}

export function datesOf(project) {
  return t('schools.dates', { from: formatDate(project.starts_on), to: formatDate(project.ends_on) });
}

export function statusBadge(project) {
  return h('span', { class: `status-badge project-${project.status}` }, t(`schools.status.${project.status}`));
}

/** An ApiError as one sentence for the person who caused it. */
export function problemText(error) {
  if (error.network) return t('schools.offline');
  if (error.status === 429) return t('schools.tooMany');
  if (error.slug === 'project-ended') return t('schools.ended');
  return error.detail || error.title || t('schools.failed');
}

export { forgetProject, rememberedProject, rememberProject } from './story-context.js';

const present = (nodes) => nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false);

/** el.append(…) leaving out the null of an optional part (append itself would write "null"). */
export function put(el, ...nodes) {
  el.append(...present(nodes));
  return el;
}

/** el.replaceChildren(…), leaving out null parts the same way. */
export function putOnly(el, ...nodes) {
  el.replaceChildren(...present(nodes));
  return el;
}
