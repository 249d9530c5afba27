// What happens with what you share.

import { t } from '../i18n/index.js';
import { h } from './dom.js';

export function render(page) {
  page.append(
    h('h1', {}, t('privacy.title')),
    ...['p1', 'p2', 'p3', 'p4', 'p5'].map((key) => h('p', {}, t(`privacy.${key}`))),
    h('p', {}, h('a', { href: '/api/v1/docs' }, t('privacy.api'))),
  );
}
