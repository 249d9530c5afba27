// The frame of every printed page: the page in print mode (body's data-print names the
// layout print.css applies), a "print" button that does not print itself, and the way back.
import { t } from '../../i18n/index.js';
import { h } from '../dom.js';

/** startPrint(page, layout) → {printButton, done}; call done() when the screen goes. */
export function startPrint(page, layout) {
  page.classList.add('page-print');
  document.body.dataset.print = layout;
  const done = () => {
    page.classList.remove('page-print');
    delete document.body.dataset.print;
  };
  const printButton = h(
    'button',
    { type: 'button', class: 'button button-primary no-print', onclick: () => window.print() },
    t('print.print'),
  );
  return { printButton, done };
}
