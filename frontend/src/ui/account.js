// Log in (with the code step of two-step login), register (optionally asking to be a teacher),
// forgotten password, new password (from the e-mailed link).

import { accountsApi } from '../accounts-api.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { api, setUser } from '../state.js';
import { field, h, showFieldErrors } from './dom.js';

function nextPath(query) {
  const next = query.get('next') || '/mijn';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/mijn';
}

export function render(page, { route, query }) {
  if (route === 'login') return login(page, query);
  if (route === 'register') return register(page, query);
  if (route === 'forgot') return forgot(page);
  return reset(page, query);
}

function form(fields, submitLabel, onSubmit) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', class: 'button button-primary button-big' }, submitLabel);
  const el = h(
    'form',
    { class: 'account-form', novalidate: true },
    Object.values(fields).map((f) => f.wrap),
    error,
    button,
  );
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing = Object.fromEntries(
      Object.entries(fields)
        .filter(([, f]) => f.input.required && !f.input.value.trim())
        .map(([name]) => [name, [t('form.required')]]),
    );
    if (Object.keys(missing).length) return showFieldErrors(fields, missing, error);
    button.disabled = true;
    try {
      await onSubmit();
    } catch (problem) {
      const errors = problem.errors && Object.keys(problem.errors).length ? problem.errors : {};
      showFieldErrors(fields, errors, error);
      if (!Object.keys(errors).length) {
        error.textContent = problem.network ? t('form.offline') : problem.detail || problem.title || t('story.failed');
        error.hidden = false;
        error.focus?.();
      }
    } finally {
      button.disabled = false;
    }
  });
  return el;
}

function login(page, query) {
  const fields = {
    email: field({
      label: t('account.email'),
      name: 'email',
      type: 'email',
      required: true,
      attrs: { autocomplete: 'username' },
    }),
    password: field({
      label: t('account.password'),
      name: 'password',
      type: 'password',
      required: true,
      attrs: { autocomplete: 'current-password' },
    }),
  };
  page.append(
    h('h1', {}, t('account.loginTitle')),
    form(fields, t('nav.login'), async () => {
      const answer = await accountsApi.login(fields.email.input.value.trim(), fields.password.input.value);
      if (answer?.status === 'two-factor-required') return codeStep(page, query);
      await loggedIn(answer, query);
    }),
    h('p', {}, h('a', { href: '/wachtwoord/vergeten', 'data-link': '' }, t('account.forgot'))),
    h(
      'p',
      {},
      t('account.noAccount'),
      ' ',
      h(
        'a',
        { href: `/registreren?next=${encodeURIComponent(nextPath(query))}`, 'data-link': '' },
        t('account.register'),
      ),
    ),
  );
}

async function loggedIn(user, query) {
  setUser(user);
  await api.csrf(true).catch(() => {}); // a new session has a new token
  navigate(nextPath(query), { replace: true });
}

/** The second step of two-step login: a code from the app or a recovery code. */
function codeStep(page, query) {
  const fields = {
    code: field({
      label: t('login2.code'),
      name: 'code',
      required: true,
      attrs: { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 32, autocapitalize: 'characters' },
    }),
  };
  page.replaceChildren(
    h('h1', { tabindex: '-1' }, t('login2.title')),
    h('p', {}, t('login2.intro')),
    form(fields, t('login2.submit'), async () => {
      await loggedIn(await accountsApi.loginCode(fields.code.input.value.trim()), query);
    }),
  );
  fields.code.input.focus();
}

function teacherFields() {
  const box = h('input', {
    type: 'checkbox',
    id: 'register-teacher',
    name: 'teacher',
    'aria-describedby': 'register-teacher-hint',
  });
  const school = field({
    label: t('reg.school'),
    name: 'school',
    attrs: { maxlength: 120, autocomplete: 'organization' },
  });
  school.wrap.hidden = true;
  box.addEventListener('change', () => {
    school.wrap.hidden = !box.checked;
    school.input.required = box.checked;
  });
  const wrap = h(
    'div',
    { class: 'field check' },
    box,
    h('label', { for: box.id }, t('reg.teacher')),
    h('p', { class: 'hint', id: 'register-teacher-hint' }, t('reg.teacherHint')),
  );
  return { box, school, wrap };
}

function register(page, query) {
  const token = query.get('token');
  if (token) return confirmRegistration(page, query, token);
  const fields = {
    display_name: field({
      label: t('account.displayName'),
      name: 'display_name',
      required: true,
      hint: t('account.displayNameHint'),
      attrs: { autocomplete: 'nickname', maxlength: 80 },
    }),
    email: field({
      label: t('account.email'),
      name: 'email',
      type: 'email',
      required: true,
      attrs: { autocomplete: 'email' },
    }),
    password: field({
      label: t('account.password'),
      name: 'password',
      type: 'password',
      required: true,
      hint: t('account.passwordHint'),
      attrs: { autocomplete: 'new-password', minlength: 10 },
    }),
  };
  const teacher = teacherFields();
  // The checkbox is never required; the server names `teacher` in no error.
  fields.teacher = { wrap: teacher.wrap, input: teacher.box, error: h('p', { class: 'field-error', hidden: true }) };
  fields.school = teacher.school;
  page.append(
    h('h1', {}, t('account.registerTitle')),
    form(fields, t('account.register'), async () => {
      // The server answers the same for every address (it never reveals which have an
      // account) and sends a confirmation link by mail.
      await accountsApi.register({
        email: fields.email.input.value.trim(),
        password: fields.password.input.value,
        display_name: fields.display_name.input.value.trim(),
        teacher: teacher.box.checked,
        school: teacher.box.checked ? teacher.school.input.value.trim() : null,
      });
      page.replaceChildren(
        h('h1', { tabindex: '-1' }, t('account.registerTitle')),
        h('p', { role: 'status' }, t('account.confirmSent')),
      );
      page.querySelector('h1').focus();
    }),
    h('p', {}, t('account.haveAccount'), ' ', h('a', { href: '/inloggen', 'data-link': '' }, t('nav.login'))),
  );
}

async function confirmRegistration(page, query, token) {
  const status = h('p', { role: 'status' }, t('account.confirming'));
  page.append(h('h1', { tabindex: '-1' }, t('account.confirmTitle')), status);
  try {
    setUser(await api.registerConfirm(token));
    await api.csrf(true).catch(() => {}); // a new session has a new token
    navigate(nextPath(query), { replace: true });
  } catch (problem) {
    status.textContent = problem.network ? t('form.offline') : problem.detail || problem.title || t('story.failed');
    page.append(h('p', {}, h('a', { href: '/registreren', 'data-link': '' }, t('account.registerAgain'))));
  }
}

function forgot(page) {
  const fields = {
    email: field({
      label: t('account.email'),
      name: 'email',
      type: 'email',
      required: true,
      attrs: { autocomplete: 'email' },
    }),
  };
  page.append(
    h('h1', {}, t('account.forgotTitle')),
    h('p', {}, t('account.forgotIntro')),
    form(fields, t('account.sendLink'), async () => {
      try {
        await api.passwordReset(fields.email.input.value.trim());
      } catch (error) {
        if (error.status === 404) throw Object.assign(error, { detail: t('account.resetUnavailable') });
        throw error;
      }
      page.replaceChildren(
        h('h1', { tabindex: '-1' }, t('account.forgotTitle')),
        h('p', { role: 'status' }, t('account.linkSent')),
      );
      page.querySelector('h1').focus();
    }),
  );
}

function reset(page, query) {
  const token = query.get('token') || '';
  const fields = {
    password: field({
      label: t('account.newPassword'),
      name: 'password',
      type: 'password',
      required: true,
      hint: t('account.passwordHint'),
      attrs: { autocomplete: 'new-password', minlength: 10 },
    }),
  };
  page.append(
    h('h1', {}, t('account.resetTitle')),
    token
      ? form(fields, t('account.savePassword'), async () => {
          await api.passwordResetConfirm(token, fields.password.input.value);
          page.replaceChildren(
            h('h1', { tabindex: '-1' }, t('account.resetTitle')),
            h('p', { role: 'status' }, t('account.passwordSaved')),
            h('p', {}, h('a', { href: '/inloggen', 'data-link': '' }, t('nav.login'))),
          );
          page.querySelector('h1').focus();
        })
      : h(
          'p',
          {},
          t('account.noToken'),
          ' ',
          h('a', { href: '/wachtwoord/vergeten', 'data-link': '' }, t('account.forgot')),
        ),
  );
}
