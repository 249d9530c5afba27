// Printing for the class: /klas/:slug/kaarten, a sheet of re-entry cards (code + QR per pupil,
// to cut out), and /klas/:slug/boekje, the class booklet (the project's approved stories). Page
// sizes and what hides on paper come from styles/print.css and schools.css, like ui/print.
import '../../styles/print.css';
import { formatDate, t } from '../../i18n/index.js';
import { h, paragraphs } from '../dom.js';
import { startPrint } from '../print/frame.js';
import { formatCode } from './codes.js';
import { schoolsApi } from './schools-api.js';
import { currentUser, datesOf, problemText, put, teacherGate } from './shared.js';

export async function render(page, { slug, route }) {
  const user = await currentUser();
  if (!teacherGate(page, user)) return null;
  const cards = route === 'schools-cards';
  const { printButton, done } = startPrint(page, cards ? 'cards' : 'booklet');
  try {
    const project = await schoolsApi.project(slug);
    const back = h(
      'p',
      { class: 'no-print' },
      h('a', { href: `/klas/${encodeURIComponent(slug)}`, 'data-link': '' }, t('schools.back')),
    );
    if (cards) {
      const { items } = await schoolsApi.pupils(slug);
      put(
        page,
        h('h1', { class: 'no-print' }, t('schools.cardsOf', { name: project.name })),
        back,
        h('p', { class: 'no-print' }, t('schools.cardsIntro')),
        printButton,
        h(
          'div',
          { class: 'reentry-sheet' },
          items.map((pupil) => reentryCard(project, pupil)),
        ),
      );
    } else {
      const data = await schoolsApi.classStories(slug);
      put(
        page,
        h('h1', { class: 'no-print' }, t('schools.bookletOf', { name: project.name })),
        back,
        printButton,
        booklet(project, data.features),
      );
    }
  } catch (error) {
    put(
      page,
      h('h1', {}, error.status === 404 ? t('notFound.title') : t('schools.title')),
      h('p', { role: 'alert' }, problemText(error)),
    );
  }
  return done;
}

function reentryCard(project, pupil) {
  return h(
    'article',
    { class: 'reentry-print-card' },
    h('p', { class: 'reentry-project' }, project.name),
    h('h2', {}, pupil.nickname),
    h('p', { class: 'reentry-code' }, formatCode(pupil.reentry_code || '')),
    h('img', {
      src: schoolsApi.pupilQrSrc(project.slug, pupil.id),
      alt: t('schools.cardQrAlt', { name: pupil.nickname }),
      width: 110,
      height: 110,
    }),
    h('p', { class: 'reentry-how' }, t('schools.cardHow', { site: location.host })),
  );
}

// The booklet leaves the classroom (taken home, put on display): no nicknames in it.
function booklet(project, features) {
  return h(
    'div',
    { class: 'class-booklet' },
    h(
      'section',
      { class: 'print-sheet' },
      h('h2', {}, project.name),
      h('p', { class: 'print-intro' }, project.prompt || ''),
      h('p', {}, [project.school, project.class].filter(Boolean).join(' · ')),
      h('p', {}, datesOf(project)),
      h('p', {}, t('schools.stories', { n: features.length })),
    ),
    features.map((feature) => {
      const p = feature.properties;
      return h(
        'section',
        { class: 'print-sheet' },
        h('h2', {}, p.title),
        h(
          'p',
          { class: 'print-facts' },
          [p.place_name, p.created_at ? formatDate(p.created_at) : ''].filter(Boolean).join(' · '),
        ),
        paragraphs(p.body),
      );
    }),
  );
}
