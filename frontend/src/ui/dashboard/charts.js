// Small charts that are tables first: each row is a real table row (what screen readers and
// keyboard users get), with a bar drawn in SVG beside the number (hidden from them: the number
// says it already). No chart library: a few elements per row.
import { h } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function bar(value, max) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 100 10');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('bar');
  const rect = document.createElementNS(SVG, 'rect');
  rect.setAttribute('x', '0');
  rect.setAttribute('y', '0');
  rect.setAttribute('height', '10');
  rect.setAttribute('width', String(max ? Math.max(value ? 1 : 0, (100 * value) / max) : 0));
  svg.append(rect);
  return svg;
}

/** barTable({caption, label, rows: [[name, count]], countLabel}) → a <figure> with a table. */
export function barTable({ id, caption, label, countLabel, rows, note }) {
  const max = Math.max(0, ...rows.map(([, n]) => n));
  return h(
    'figure',
    { class: 'chart', 'aria-labelledby': `${id}-caption` },
    h(
      'table',
      { class: 'bar-table' },
      h('caption', { id: `${id}-caption` }, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, label), h('th', { scope: 'col' }, countLabel))),
      h(
        'tbody',
        {},
        rows.map(([name, n]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, name),
            h('td', {}, h('span', { class: 'count' }, String(n)), bar(n, max)),
          ),
        ),
      ),
    ),
    note ? h('figcaption', { class: 'muted small' }, note) : null,
  );
}
