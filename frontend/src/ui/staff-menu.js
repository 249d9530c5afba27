// The workbench menu in the top bar, for the roles that have one: it names the role you have,
// counts the items waiting for you, and opens the desk and the dashboard. Residents and pupils
// never see it (their navigation stays as it is).
import { t } from '../i18n/index.js';
import { api } from '../state.js';
import { h, uid } from './dom.js';

/** The workbench pages per role, in menu order. */
export function workbenchLinks(role) {
  const desk = { route: 'desk', href: '/moderatie', label: 'staff.desk' };
  const audit = { route: 'audit', href: '/moderatie/logboek', label: 'staff.audit' };
  const dashboard = { route: 'dashboard', href: '/inzicht', label: 'staff.dashboard' };
  // Context layers (ui/layers/) are the curators' too; its own link stays on /mijn as well.
  const layers = { route: 'layers', href: '/kaartlagen', label: 'layers.admin.nav' };
  const collections = { route: 'collections', href: '/exposities', label: 'coll.nav' };
  const accounts = { route: 'admin', href: '/beheer', label: 'admin.nav' };
  const schools = { route: 'schools', href: '/klas', label: 'schools.nav.teacher' };
  if (role === 'admin') return [desk, audit, dashboard, collections, layers, accounts];
  if (role === 'curator') return [desk, audit, dashboard, collections, layers];
  if (role === 'teacher') return [schools, desk]; // the queue holds only their pupils' stories
  return [];
}

/** A count "refreshed" event: the desk fires it after every decision. */
export const MODERATED_EVENT = 'verhalenkaart:moderated';
const COUNT_LIMIT = 100;

/** createStaffMenu(container) → {show(user), relabel(), setCurrent(routeName)} */
export function createStaffMenu(container) {
  const listId = uid('staff-menu');
  const button = h('button', {
    type: 'button',
    class: 'staff-toggle',
    'aria-expanded': 'false',
    'aria-controls': listId,
  });
  const list = h('ul', { class: 'staff-list', id: listId, hidden: true });
  const root = h('div', { class: 'staff-menu', hidden: true }, button, list);
  container.prepend(root);

  let user = null;
  let waiting = null; // {n, more}
  let currentRoute = null;

  function open(yes) {
    list.hidden = !yes;
    button.setAttribute('aria-expanded', String(yes));
  }
  button.addEventListener('click', () => open(list.hidden));
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !list.hidden) {
      open(false);
      button.focus();
    }
  });
  document.addEventListener('click', (event) => {
    if (!root.contains(event.target)) open(false);
  });
  list.addEventListener('click', (event) => {
    if (event.target.closest('a')) open(false);
  });

  function waitingText() {
    if (!waiting) return '';
    return waiting.more ? `${COUNT_LIMIT - 1}+` : String(waiting.n);
  }

  function render() {
    const links = workbenchLinks(user?.role);
    root.hidden = !links.length;
    root.closest('.topbar')?.classList.toggle('has-staff', links.length > 0);
    if (!links.length) return;
    const count = waitingText();
    button.replaceChildren(
      h('span', { class: 'staff-role' }, t(`role.${user.role}`)),
      // '' rather than null: replaceChildren would write "null" (an empty queue showed "Leraar null").
      count && waiting.n ? h('span', { class: 'staff-count', 'aria-hidden': 'true' }, count) : '',
      h(
        'span',
        { class: 'visually-hidden' },
        `, ${t('staff.menu')}${count ? `, ${t('staff.waiting', { n: count })}` : ''}`,
      ),
    );
    list.replaceChildren(
      ...links.map((link) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: link.href, 'data-link': '', 'aria-current': link.route === currentRoute ? 'page' : null },
            t(link.label),
            link.route === 'desk' && count ? ` (${t('staff.waiting', { n: count })})` : null,
          ),
        ),
      ),
    );
  }

  async function refreshCount() {
    if (!workbenchLinks(user?.role).length) return;
    try {
      const queue = await api.moderationQueue({}, null, COUNT_LIMIT - 1);
      waiting = { n: queue.numberReturned, more: queue.links?.some((l) => l.rel === 'next') };
    } catch {
      waiting = null;
    }
    render();
  }
  document.addEventListener(MODERATED_EVENT, refreshCount);

  return {
    show(next) {
      const changed = next?.role !== user?.role;
      user = next || null;
      render();
      if (changed) refreshCount();
    },
    relabel: render,
    setCurrent(name) {
      currentRoute = name;
      render();
    },
  };
}
