// "Ik ben leerkracht": a resident asks for the teacher role; an administrator decides.
import { accountsApi } from '../../accounts-api.js';
import { formatDate, t } from '../../i18n/index.js';
import { setUser } from '../../state.js';
import { field, h, showFieldErrors } from '../dom.js';

/** The section for residents and teachers (null for the others). */
export function teacherSection(user) {
  if (user.role !== 'resident' && user.role !== 'teacher') return null;
  const section = h('section', { class: 'account-section', 'aria-labelledby': 'acct-teacher' });
  draw(user);
  return section;

  function draw(u) {
    const parts = [h('h2', { id: 'acct-teacher', tabindex: '-1' }, t('acct.teacher'))];
    if (u.role === 'teacher') {
      parts.push(h('p', {}, t('acct.isTeacher', { school: u.school || '' })));
    } else if (u.teacher_request) {
      parts.push(
        h(
          'p',
          { role: 'status' },
          t('acct.teacherWaiting', {
            school: u.teacher_request.school,
            date: formatDate(u.teacher_request.requested_at),
          }),
        ),
      );
    } else {
      const fields = {
        school: field({
          label: t('acct.school'),
          name: 'school',
          required: true,
          attrs: { maxlength: 120, autocomplete: 'organization' },
        }),
      };
      const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
      const form = h(
        'form',
        { class: 'account-form', novalidate: true },
        fields.school.wrap,
        error,
        h('button', { type: 'submit', class: 'button' }, t('acct.askTeacher')),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        if (!fields.school.input.value.trim()) return showFieldErrors(fields, { school: [t('form.required')] }, error);
        try {
          const me = await accountsApi.teacherRequest(fields.school.input.value.trim());
          setUser(me);
          draw(me);
          section.querySelector('h2').focus();
        } catch (problem) {
          showFieldErrors(fields, problem.errors || {}, error);
          if (!problem.errors) {
            error.textContent = problem.detail || problem.title || t('form.offline');
            error.hidden = false;
          }
        }
      });
      parts.push(h('p', {}, t('acct.teacherIntro')), form);
    }
    section.replaceChildren(...parts);
  }
}
