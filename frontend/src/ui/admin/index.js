// /beheer: administrators find accounts (search, role, waiting teacher requests, blocked),
// change a role, approve or decline a teacher request and block or unblock an account. Every
// change is in the audit trail on the server.
import { accountsApi } from '../../accounts-api.js';
import { formatDate, t } from '../../i18n/index.js';
import { app, loadUser } from '../../state.js';
import { h, uid } from '../dom.js';
import { announce } from '../status.js';
import './admin.css';

const ROLES = ['resident', 'pupil', 'teacher', 'curator', 'admin'];
const ASSIGNABLE = ['resident', 'teacher', 'curator', 'admin'];

export async function render(page, { query } = {}) {
  const user = app.user === undefined ? await loadUser() : app.user;
  page.append(h('h1', {}, t('admin.title')));
  if (!user) {
    page.append(
      h('p', {}, t('staff.loginFirst')),
      h(
        'p',
        {},
        h('a', { class: 'button button-primary', href: '/inloggen?next=/beheer', 'data-link': '' }, t('nav.login')),
      ),
    );
    return;
  }
  if (user.role !== 'admin') {
    page.append(h('p', {}, t('admin.notAdmin')));
    return;
  }
  if (user.two_factor?.required && !user.two_factor?.enabled) {
    page.append(
      h('p', {}, t('admin.needsTwoFactor')),
      h('p', {}, h('a', { class: 'button button-primary', href: '/mijn/account', 'data-link': '' }, t('acct.nav'))),
    );
    return;
  }
  const search = h('input', { type: 'search', id: uid('q'), name: 'q', value: query?.get('q') || '', maxlength: 100 });
  const role = h(
    'select',
    { id: uid('role'), name: 'role' },
    h('option', { value: '' }, t('admin.allRoles')),
    ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))),
  );
  const waiting = h('input', { type: 'checkbox', id: uid('waiting'), name: 'waiting' });
  const blocked = h('input', { type: 'checkbox', id: uid('blocked'), name: 'blocked' });
  if (query?.get('waiting') === 'true') waiting.checked = true;
  const form = h(
    'form',
    { class: 'admin-filters', role: 'search' },
    h('div', { class: 'field' }, h('label', { for: search.id }, t('admin.search')), search),
    h('div', { class: 'field' }, h('label', { for: role.id }, t('admin.roleFilter')), role),
    h('div', { class: 'check' }, waiting, h('label', { for: waiting.id }, t('admin.waiting'))),
    h('div', { class: 'check' }, blocked, h('label', { for: blocked.id }, t('admin.blockedOnly'))),
    h('button', { type: 'submit', class: 'button button-primary' }, t('admin.find')),
  );
  const count = h('p', { class: 'admin-count', 'aria-live': 'polite' });
  const list = h('ul', { class: 'admin-users' });
  const more = h('button', { type: 'button', class: 'button', hidden: true }, t('admin.more'));
  page.append(form, count, list, more);

  let next = null;
  let shown = 0;

  function filters() {
    return {
      q: search.value.trim(),
      role: role.value,
      waiting: waiting.checked ? 'true' : '',
      blocked: blocked.checked ? 'true' : '',
    };
  }

  async function load(append = false) {
    let data;
    try {
      data = append && next ? await accountsApi.usersPage(next) : await accountsApi.users(filters());
    } catch (error) {
      count.textContent = t('admin.failed', { reason: error.detail || error.title || t('list.failed') });
      return;
    }
    if (!append) {
      list.replaceChildren();
      shown = 0;
    }
    shown += data.items.length;
    list.append(...data.items.map((u) => userItem(u, user)));
    next = data.links.find((link) => link.rel === 'next')?.href || null;
    more.hidden = !next;
    count.textContent = shown === 0 ? t('admin.none') : t(shown === 1 ? 'admin.countOne' : 'admin.count', { n: shown });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  more.addEventListener('click', () => load(true));
  await load();
}

function userItem(account, me) {
  const item = h('li', { class: 'admin-user', dataset: { id: String(account.id) } });
  draw(account);
  return item;

  function draw(u) {
    const titleId = uid('user');
    const facts = h(
      'p',
      { class: 'admin-user-facts' },
      h('span', { class: 'role-badge' }, t(`role.${u.role}`)),
      ' ',
      u.email || t('admin.noEmail'),
      ' · ',
      t('admin.since', { date: formatDate(u.created_at) }),
      u.blocked_at ? h('span', { class: 'status-badge status-blocked' }, t('admin.blocked')) : null,
      u.two_factor ? h('span', { class: 'muted' }, ` · ${t('admin.twoFactorOn')}`) : null,
    );
    const parts = [h('h2', { id: titleId }, u.display_name), facts];
    if (u.teacher_requested_at) {
      parts.push(
        h(
          'div',
          { class: 'admin-request' },
          h('p', {}, t('admin.request', { school: u.school || '' })),
          h(
            'p',
            { class: 'inline-buttons' },
            action(
              'button-primary',
              t('admin.approve'),
              () => accountsApi.decideTeacher(u.id, 'approve'),
              'admin.approved',
            ),
            action('', t('admin.decline'), () => accountsApi.decideTeacher(u.id, 'decline'), 'admin.declined'),
          ),
        ),
      );
    }
    if (u.role === 'pupil') parts.push(h('p', { class: 'muted' }, t('admin.pupilNote')));
    else if (u.id !== me.id) {
      const select = h(
        'select',
        { id: uid('new-role') },
        ASSIGNABLE.map((r) => h('option', { value: r, selected: r === u.role }, t(`role.${r}`))),
      );
      parts.push(
        h(
          'div',
          { class: 'admin-role' },
          h('label', { for: select.id }, t('admin.newRole', { name: u.display_name })),
          select,
          action('', t('admin.changeRole'), () => accountsApi.setRole(u.id, select.value), 'admin.roleChanged'),
        ),
      );
    }
    if (u.id !== me.id) {
      parts.push(
        h(
          'p',
          {},
          u.blocked_at
            ? action('', t('admin.unblock'), () => accountsApi.unblock(u.id), 'admin.didUnblock')
            : action(
                'button-danger',
                t('admin.block'),
                () => accountsApi.block(u.id),
                'admin.didBlock',
                () => window.confirm(t('admin.confirmBlock', { name: u.display_name })),
              ),
        ),
      );
    }
    item.setAttribute('aria-labelledby', titleId);
    item.replaceChildren(...parts);

    function action(kind, label, call, doneKey, ask) {
      const button = h('button', { type: 'button', class: `button ${kind}`.trim() }, label);
      button.addEventListener('click', async () => {
        if (ask && !ask()) return;
        button.disabled = true;
        try {
          const updated = await call();
          announce(t(doneKey, { name: updated.display_name, role: t(`role.${updated.role}`) }));
          draw(updated);
          item.querySelector('h2').setAttribute('tabindex', '-1');
          item.querySelector('h2').focus();
        } catch (error) {
          button.disabled = false;
          announce(t('admin.failed', { reason: error.detail || error.title || t('list.failed') }));
        }
      });
      return button;
    }
  }
}
