// Joining a class (/klas/doe-mee: the join code + a nickname) and coming back on another device
// (/klas/terug: the personal re-entry code). After joining, the pupil sees their re-entry code
// big, with "print or keep this card".
import { t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { setUser } from '../../state.js';
import { field, h, showFieldErrors } from '../dom.js';
import { codeProblem, formatCode, JOIN_LENGTH, normalizeCode, REENTRY_LENGTH } from './codes.js';
import { schoolsApi } from './schools-api.js';
import { problemText, put, putOnly, rememberProject } from './shared.js';

export async function render(page, { route, query }) {
  const joining = route === 'schools-join';
  const length = joining ? JOIN_LENGTH : REENTRY_LENGTH;
  page.classList.add('page-pupil');
  const code = field({
    label: t(joining ? 'schools.join.code' : 'schools.reenter.code'),
    name: 'code',
    hint: t(joining ? 'schools.join.codeHint' : 'schools.reenter.codeHint'),
    required: true,
    attrs: {
      autocomplete: 'off',
      autocapitalize: 'characters',
      spellcheck: 'false',
      inputmode: 'text',
      class: 'code-input',
      maxlength: String(length + 4),
    },
  });
  code.input.value = query.get('code') ? formatCode(query.get('code')) : '';
  const nickname = field({
    label: t('schools.join.nickname'),
    name: 'nickname',
    hint: t('schools.join.nicknameHint'),
    required: true,
    attrs: { autocomplete: 'off', maxlength: '30' },
  });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary button-huge' },
    t(joining ? 'schools.join.submit' : 'schools.reenter.submit'),
  );
  const fields = joining ? { code, nickname } : { code };
  const form = h(
    'form',
    { class: 'join-form', novalidate: true },
    code.wrap,
    joining ? nickname.wrap : null,
    formError,
    submit,
  );
  put(
    page,
    h('h1', {}, t(joining ? 'schools.join.title' : 'schools.reenter.title')),
    h('p', {}, t(joining ? 'schools.join.intro' : 'schools.reenter.intro')),
    form,
    h(
      'p',
      {},
      h(
        'a',
        { href: joining ? '/klas/terug' : '/klas/doe-mee', 'data-link': '' },
        t(joining ? 'schools.join.haveCard' : 'schools.join.link'),
      ),
    ),
  );
  (code.input.value ? (joining ? nickname : code) : code).input.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.hidden = true;
    const errors = {};
    const problem = codeProblem(code.input.value, length);
    if (problem) errors.code = [t(`schools.code.${problem}`, { n: length })];
    if (joining && !nickname.input.value.trim()) errors.nickname = [t('schools.join.nicknameMissing')];
    showFieldErrors(fields, errors);
    if (Object.keys(errors).length) return;
    submit.disabled = true;
    try {
      const typed = normalizeCode(code.input.value);
      const answer = joining
        ? await schoolsApi.join(typed, nickname.input.value.trim())
        : await schoolsApi.reenter(typed);
      if (answer.project) rememberProject(answer.project);
      setUser({ ...answer.user, project: answer.user?.project || answer.project?.slug });
      if (joining) showCard(page, answer);
      else navigate('/klas', { replace: true });
    } catch (error) {
      submit.disabled = false;
      if (error.status === 404 || error.status === 410 || error.slug === 'project-ended' || error.errors?.code) {
        showFieldErrors(fields, {
          ...error.errors,
          code: [t(joining ? 'schools.join.wrongCode' : 'schools.reenter.wrongCode')],
        });
      } else if (error.errors && Object.keys(error.errors).length) {
        showFieldErrors(fields, error.errors, formError);
      } else {
        formError.textContent = problemText(error);
        formError.hidden = false;
        formError.focus?.();
      }
    }
  });
  return () => page.classList.remove('page-pupil');
}

/** The re-entry card after joining: the code big, and how to keep it. */
function showCard(page, answer) {
  const reentry = formatCode(answer.reentry_code);
  putOnly(
    page,
    h('h1', { tabindex: '-1' }, t('schools.card.title', { name: answer.user.display_name })),
    h('p', {}, t('schools.card.intro')),
    h(
      'div',
      { class: 'reentry-card' },
      h('p', { class: 'reentry-label' }, answer.project?.name || ''),
      h(
        'p',
        { class: 'reentry-code', 'aria-label': t('schools.card.codeLabel', { code: [...reentry].join(' ') }) },
        reentry,
      ),
      h('p', { class: 'reentry-label' }, t('schools.card.keep')),
    ),
    h(
      'p',
      { class: 'inline-buttons no-print' },
      h('button', { type: 'button', class: 'button', onclick: () => window.print() }, t('schools.card.print')),
      h(
        'a',
        { class: 'button button-primary button-huge', href: '/klas', 'data-link': '' },
        t('schools.card.continue'),
      ),
    ),
  );
  page.querySelector('h1').focus();
}
