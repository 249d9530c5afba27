// The decision on the opened item: approve, reject, hide or restore (the ones its status
// allows), a reason code from GET /moderation/reasons and an optional message to the author.
import { t } from '../../i18n/index.js';
import { h } from '../dom.js';

/** action → the statuses it applies to (as moderation.models.TRANSITIONS on the server). */
export const TRANSITIONS = {
  approve: ['pending', 'rejected', 'hidden'],
  reject: ['pending', 'published', 'hidden'],
  hide: ['published'],
  restore: ['hidden'],
};

/** decisionForm(item, {reasons, reasonLabel, onDecide}) →
 *  {element, decision(action), prepare(action), showError(problem)} */
export function decisionForm(item, { reasons, reasonLabel, onDecide }) {
  const reason = h(
    'select',
    { id: 'desk-reason', name: 'reason_code' },
    h('option', { value: '' }, t('desk.reasonDefault')),
    reasons.map((r) => h('option', { value: r.code }, reasonLabel(r.code))),
  );
  const message = h('textarea', {
    id: 'desk-message',
    name: 'message',
    rows: 2,
    maxlength: 1000,
    'aria-describedby': 'desk-message-hint',
  });
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const actions = Object.keys(TRANSITIONS).filter((action) => TRANSITIONS[action].includes(item.status));
  const keyOf = { approve: 'A', reject: 'R' };

  function decision(action) {
    return { action, reason_code: reason.value || null, message: message.value.trim() || null };
  }

  const element = h(
    'form',
    { class: 'desk-decision', 'aria-labelledby': 'desk-decision-title' },
    h('h3', { id: 'desk-decision-title' }, t('desk.decision')),
    h('div', { class: 'field' }, h('label', { for: 'desk-reason' }, t('desk.reason')), reason),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'desk-message' }, t('desk.message')),
      h('p', { class: 'hint', id: 'desk-message-hint' }, t('desk.messageHint')),
      message,
    ),
    error,
    h(
      'div',
      { class: 'desk-actions' },
      actions.map((action) =>
        h(
          'button',
          {
            type: 'button',
            class: `button${action === 'approve' ? ' button-primary' : ''}${action === 'reject' ? ' button-danger' : ''}`,
            dataset: { action },
            'aria-keyshortcuts': keyOf[action] || null,
            onclick: () => onDecide(decision(action)),
          },
          t(`desk.do.${action}`),
          keyOf[action] ? h('kbd', { 'aria-hidden': 'true' }, keyOf[action]) : null,
        ),
      ),
    ),
  );
  // Ctrl+Enter in the message sends the form's first action (approve where it applies).
  message.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && actions.length) {
      event.preventDefault();
      onDecide(decision(actions[0]));
    }
  });
  element.addEventListener('submit', (event) => event.preventDefault());

  return {
    element,
    decision,
    /** The reject path: a reason is chosen first, then the button confirms. */
    prepare(action) {
      if (action === 'reject' && !reason.value) reason.value = reasons.some((r) => r.code === 'other') ? 'other' : '';
      reason.focus();
      element.querySelector(`[data-action=${action}]`)?.classList.add('armed');
    },
    showError(problem) {
      error.hidden = false;
      error.textContent = problem.detail || t('desk.failed');
    },
  };
}
