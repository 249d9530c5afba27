// /klas/:slug: a teacher's project. The join code big with its QR (and a new one), the class list
// (a pupil's new re-entry code, removing a pupil), and the way to the review queue, the class
// map, the export, the printed cards and booklet, and preparing the trip outside.
import { t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { field, h, showFieldErrors } from '../dom.js';
import { announce } from '../status.js';
import { formatCode } from './codes.js';
import { schoolsApi } from './schools-api.js';
import { currentUser, datesOf, problemText, put, putOnly, statusBadge, teacherGate } from './shared.js';

export async function render(page, { slug }) {
  const user = await currentUser();
  if (!teacherGate(page, user)) return null;
  let project;
  try {
    project = await schoolsApi.project(slug);
  } catch (error) {
    put(
      page,
      h('h1', {}, error.status === 404 ? t('notFound.title') : t('schools.title')),
      h('p', { role: 'alert' }, problemText(error)),
    );
    return null;
  }
  const path = `/klas/${encodeURIComponent(project.slug)}`;
  const codeSection = h('section', { class: 'join-code-section', 'aria-labelledby': 'join-title' });
  const pupilsSection = h('section', { class: 'pupils-section', 'aria-labelledby': 'pupils-title' });
  const tripSection = h('section', { class: 'trip-section', 'aria-labelledby': 'trip-title' });
  put(
    page,
    h('h1', {}, project.name),
    h('p', {}, [project.school, project.class].filter(Boolean).join(' · '), ' ', statusBadge(project)),
    h('p', { class: 'muted' }, datesOf(project), ' · ', t(`schools.policy.${project.policy}`)),
    project.prompt
      ? h('p', { class: 'project-prompt-small' }, h('strong', {}, t('schools.form.prompt')), ' ', project.prompt)
      : null,
    h(
      'nav',
      { class: 'project-links', 'aria-label': t('schools.projectLinks') },
      h(
        'a',
        {
          class: 'button button-primary',
          href: `/moderatie?project=${encodeURIComponent(project.slug)}`,
          'data-link': '',
        },
        t('schools.queue', { n: project.counts?.pending ?? 0 }),
      ),
      h('a', { class: 'button', href: `${path}/kaart`, 'data-link': '' }, t('schools.classMap')),
      h('a', { class: 'button', href: `${path}/kaarten`, 'data-link': '' }, t('schools.cards')),
      h('a', { class: 'button', href: `${path}/boekje`, 'data-link': '' }, t('schools.booklet')),
      h('a', { class: 'button', href: schoolsApi.exportHref(project.slug), download: '' }, t('schools.export')),
    ),
    project.read_only ? null : editSection(),
    codeSection,
    pupilsSection,
    teachersSection(),
    tripSection,
  );
  drawCode();
  drawPupils();
  drawTrip();

  function drawCode() {
    putOnly(codeSection, h('h2', { id: 'join-title' }, t('schools.code.title')));
    if (!project.join_code) {
      put(codeSection, h('p', {}, t('schools.code.none')));
      return;
    }
    const code = formatCode(project.join_code);
    put(
      codeSection,
      h('p', {}, t('schools.code.intro')),
      h('p', { class: 'join-code', 'aria-label': t('schools.code.spoken', { code: [...code].join(' ') }) }, code),
      h('img', {
        class: 'join-qr',
        src: `${schoolsApi.qrSrc(project.slug)}?v=${encodeURIComponent(project.join_code)}`,
        alt: t('schools.code.qrAlt'),
        width: 220,
        height: 220,
      }),
      project.join_url ? h('p', { class: 'join-url' }, project.join_url.replace(/^https?:\/\//, '')) : null,
      project.read_only
        ? null
        : h('button', { type: 'button', class: 'button', onclick: rotate }, t('schools.code.rotate')),
    );
  }

  async function rotate(event) {
    if (!window.confirm(t('schools.code.rotateConfirm'))) return;
    event.target.disabled = true;
    try {
      project = await schoolsApi.rotateCode(project.slug);
      drawCode();
      announce(t('schools.code.rotated'));
      codeSection.querySelector('.join-code')?.setAttribute('tabindex', '-1');
      codeSection.querySelector('.join-code')?.focus();
    } catch (error) {
      event.target.disabled = false;
      announce(problemText(error));
    }
  }

  async function drawPupils() {
    const status = h('p', { 'aria-live': 'polite' }, t('loading'));
    putOnly(pupilsSection, h('h2', { id: 'pupils-title' }, t('schools.pupils.title')), status);
    let data;
    try {
      data = await schoolsApi.pupils(project.slug);
    } catch (error) {
      status.textContent = problemText(error);
      return;
    }
    status.textContent = data.items.length
      ? t('schools.pupils.count', { n: data.items.length })
      : t('schools.pupils.none');
    if (!data.items.length) return;
    put(
      pupilsSection,
      h(
        'table',
        { class: 'pupil-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('schools.pupils.nickname')),
            h('th', { scope: 'col' }, t('schools.pupils.stories')),
            h('th', { scope: 'col' }, t('schools.pupils.reentry')),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('schools.pupils.actions'))),
          ),
        ),
        h('tbody', {}, data.items.map(pupilRow)),
      ),
    );
  }

  function pupilRow(pupil) {
    const code = h('td', { class: 'reentry-cell' }, formatCode(pupil.reentry_code || ''));
    const row = h(
      'tr',
      {},
      h('th', { scope: 'row' }, pupil.nickname),
      h('td', {}, String(pupil.stories ?? 0)),
      code,
      h(
        'td',
        { class: 'row-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'button',
            'aria-label': t('schools.pupils.resetFor', { name: pupil.nickname }),
            onclick: async (event) => {
              if (!window.confirm(t('schools.pupils.resetConfirm', { name: pupil.nickname }))) return;
              try {
                const answer = await schoolsApi.resetPupilCode(project.slug, pupil.id);
                code.textContent = formatCode(answer.reentry_code);
                announce(t('schools.pupils.resetDone', { name: pupil.nickname }));
              } catch (error) {
                announce(problemText(error));
              }
              event.target.focus();
            },
          },
          t('schools.pupils.reset'),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'button button-danger',
            'aria-label': t('schools.pupils.removeFor', { name: pupil.nickname }),
            onclick: async () => {
              if (!window.confirm(t('schools.pupils.removeConfirm', { name: pupil.nickname }))) return;
              try {
                await schoolsApi.removePupil(project.slug, pupil.id);
                announce(t('schools.pupils.removed', { name: pupil.nickname }));
                await drawPupils();
                pupilsSection.querySelector('h2').setAttribute('tabindex', '-1');
                pupilsSection.querySelector('h2').focus();
              } catch (error) {
                announce(problemText(error));
              }
            },
          },
          t('schools.pupils.remove'),
        ),
      ),
    );
    return row;
  }

  // Changing the question, the dates or the policy while the project runs (the area stays).
  function editSection() {
    const f = {
      prompt: field({
        label: t('schools.form.prompt'),
        name: 'prompt',
        multiline: true,
        attrs: { rows: '2', maxlength: '500' },
      }),
      starts_on: field({ label: t('schools.form.starts'), name: 'starts_on', type: 'date' }),
      ends_on: field({ label: t('schools.form.ends'), name: 'ends_on', type: 'date' }),
    };
    f.prompt.input.value = project.prompt || '';
    f.starts_on.input.value = project.starts_on || '';
    f.ends_on.input.value = project.ends_on || '';
    const policy = h(
      'select',
      { name: 'policy', id: 'edit-policy' },
      ['class', 'public'].map((value) =>
        h('option', { value, selected: project.policy === value }, t(`schools.policy.${value}`)),
      ),
    );
    const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'project-edit', novalidate: true },
      Object.values(f).map((x) => x.wrap),
      h('div', { class: 'field' }, h('label', { for: 'edit-policy' }, t('schools.form.policy')), policy),
      formError,
      h('button', { type: 'submit', class: 'button button-primary' }, t('schools.edit.save')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formError.hidden = true;
      try {
        project = await schoolsApi.updateProject(project.slug, {
          prompt: f.prompt.input.value.trim(),
          starts_on: f.starts_on.input.value,
          ends_on: f.ends_on.input.value,
          policy: policy.value,
        });
        announce(t('schools.edit.saved'));
        navigate(location.pathname, { replace: true }); // the page anew, with the changes
      } catch (error) {
        if (error.errors && Object.keys(error.errors).length) showFieldErrors(f, error.errors, formError);
        else {
          formError.textContent = problemText(error);
          formError.hidden = false;
        }
      }
    });
    return h('details', { class: 'project-edit-box' }, h('summary', {}, t('schools.edit.title')), form);
  }

  // The teachers of the project, and adding a colleague (their account must be a teacher's).
  function teachersSection() {
    const list = h('p', {}, (project.teachers || []).map((x) => x.display_name).join(', '));
    const email = field({
      label: t('schools.teachers.email'),
      name: 'email',
      type: 'email',
      attrs: { autocomplete: 'off' },
    });
    const form = h(
      'form',
      { class: 'teacher-form', novalidate: true },
      email.wrap,
      h('button', { type: 'submit', class: 'button' }, t('schools.teachers.add')),
    );
    form.hidden = project.read_only;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!email.input.value.trim()) return showFieldErrors({ email }, { email: [t('form.required')] });
      try {
        project = await schoolsApi.addTeacher(project.slug, email.input.value.trim());
        list.textContent = project.teachers.map((x) => x.display_name).join(', ');
        email.input.value = '';
        showFieldErrors({ email }, {});
        announce(t('schools.teachers.added'));
      } catch (error) {
        showFieldErrors({ email }, error.errors?.email ? error.errors : { email: [problemText(error)] });
      }
    });
    return h(
      'section',
      { class: 'teachers-section', 'aria-labelledby': 'teachers-title' },
      h('h2', { id: 'teachers-title' }, t('schools.teachers.title')),
      list,
      form,
    );
  }

  async function drawTrip() {
    const { tripPanel } = await import('./offline-trip.js');
    putOnly(tripSection, h('h2', { id: 'trip-title' }, t('schools.trip.title')), ...tripPanel(project));
  }
  return null;
}
