// Marker looks: each kind has its own shape AND colour (never colour alone).
import { divIcon } from 'leaflet';

export const KINDS = ['memory', 'story', 'photo', 'wish'];

export function kindIcon(kind, { selected = false, large = false } = {}) {
  const el = document.createElement('span');
  el.className = `pin pin-${KINDS.includes(kind) ? kind : 'story'}${selected ? ' pin-selected' : ''}`;
  const size = large ? 40 : 30;
  return divIcon({ html: el, className: 'pin-wrap', iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
}

export function clusterIcon(count) {
  const el = document.createElement('span');
  el.className = 'cluster';
  el.textContent = count > 999 ? `${Math.floor(count / 1000)}k` : String(count);
  const size = count < 10 ? 36 : count < 100 ? 44 : 52;
  return divIcon({ html: el, className: 'cluster-wrap', iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
}

/** A place's name on the map; with `href`, a link (to its place page) that the pointer can
 * follow; keyboard users reach the same page through the place search. */
export function labelIcon(name, { href = null } = {}) {
  const el = document.createElement(href ? 'a' : 'span');
  el.className = 'place-label';
  el.textContent = name;
  if (href) {
    el.href = href;
    el.dataset.link = '';
    el.tabIndex = -1;
  }
  return divIcon({ html: el, className: 'place-label-wrap', iconSize: null, iconAnchor: [0, 0] });
}
