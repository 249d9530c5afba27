// Where you are logged in: each session's device and times; log out one or all the others.
import { accountsApi } from '../../accounts-api.js';
import { formatDate, t } from '../../i18n/index.js';
import { h } from '../dom.js';
import { announce } from '../status.js';

export async function sessionsSection() {
  const section = h('section', { class: 'account-section', 'aria-labelledby': 'acct-sessions' });
  await draw();
  return section;

  async function draw() {
    const parts = [
      h('h2', { id: 'acct-sessions', tabindex: '-1' }, t('acct.sessions')),
      h('p', {}, t('acct.sessionsIntro')),
    ];
    let items;
    try {
      items = (await accountsApi.sessions()).items;
    } catch (problem) {
      section.replaceChildren(...parts, h('p', {}, problem.detail || t('list.failed')));
      return;
    }
    const others = items.filter((s) => !s.current);
    parts.push(
      h(
        'ul',
        { class: 'session-list' },
        items.map((s) =>
          h(
            'li',
            { class: s.current ? 'session current' : 'session' },
            h('strong', {}, s.device),
            s.current ? h('span', { class: 'status-badge' }, t('acct.thisDevice')) : null,
            h('br'),
            h(
              'span',
              { class: 'muted' },
              t('acct.sessionMeta', { created: formatMoment(s.created_at), used: formatMoment(s.last_used_at) }),
            ),
            s.current
              ? null
              : h(
                  'button',
                  {
                    type: 'button',
                    class: 'button',
                    'aria-label': t('acct.endSessionLabel', { device: s.device }),
                    onclick: () => end(() => accountsApi.endSession(s.id), t('acct.ended')),
                  },
                  t('acct.endSession'),
                ),
          ),
        ),
      ),
      others.length
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button-danger',
              onclick: () => end(() => accountsApi.endOtherSessions(), null),
            },
            t('acct.endOthers'),
          )
        : h('p', {}, t('acct.noOthers')),
    );
    section.replaceChildren(...parts);
  }

  async function end(call, message) {
    try {
      const result = await call();
      announce(message || t('acct.endedOthers', { n: result?.ended ?? 0 }));
    } catch (problem) {
      announce(problem.detail || problem.title || t('form.offline'));
    }
    await draw();
    section.querySelector('h2').focus();
  }
}

/** "12 december 2026, 10:04" in the app's language. */
function formatMoment(iso) {
  if (!iso) return '';
  const time = new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return `${formatDate(iso)}, ${time}`;
}
