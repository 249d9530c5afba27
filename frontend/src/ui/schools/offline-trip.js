// "Prepare for outside": the project area's basemap tiles at a few zoom levels, within a byte
// bound, into the 'trip-tiles' cache the service worker answers tile requests from (sw.js), and
// the project and its class map into 'api-reads'. Only for basemaps whose configuration says
// bulk caching is allowed (`bulk_cache`; docs/frontend.md: OpenStreetMap's own tiles are not).
import { fetchTile } from '../../api.js';
import { t } from '../../i18n/index.js';
import { api, app } from '../../state.js';
import { h } from '../dom.js';
import { announce } from '../status.js';
import { schoolsApi } from './schools-api.js';
import { areaBbox, planTrip, tilesOf, tileUrl } from './tiles.js';

export const TRIP_CACHE = 'trip-tiles';
export const TRIP_MAX_BYTES = 40 * 1024 * 1024;
const PARALLEL = 4;

/** The panel's nodes for a project (teacher's page and pupil's home). */
export function tripPanel(project) {
  const basemap = (app.config.basemaps || [])[0];
  const status = h('p', { class: 'trip-status', 'aria-live': 'polite' });
  const bar = h('progress', { max: '100', value: '0', hidden: true, 'aria-label': t('schools.trip.progress') });
  const intro = h('p', {}, t('schools.trip.intro'));
  if (!globalThis.caches) return [intro, h('p', {}, t('schools.trip.noCache'))];
  const allowed = Boolean(basemap?.bulk_cache);
  let stop = false;
  const go = h('button', { type: 'button', class: 'button button-primary', onclick: prepare }, t('schools.trip.go'));
  const cancel = h(
    'button',
    { type: 'button', class: 'button', hidden: true, onclick: () => (stop = true) },
    t('schools.trip.stop'),
  );

  async function prepare() {
    go.disabled = true;
    stop = false;
    let dataOk = true;
    try {
      await cacheClassData(project.slug);
    } catch {
      dataOk = false;
    }
    if (!allowed) {
      status.textContent = t(dataOk ? 'schools.trip.dataOnly' : 'schools.trip.failed', {
        map: basemap?.name || '',
      });
      go.disabled = false;
      return;
    }
    const bbox = areaBbox(project.area);
    const plan = planTrip(bbox, { maxZoom: Math.min(17, basemap.max_zoom || 17), maxBytes: TRIP_MAX_BYTES });
    if (!plan.tiles) {
      status.textContent = t('schools.trip.tooBig');
      go.disabled = false;
      return;
    }
    status.textContent = t('schools.trip.counted', {
      n: plan.tiles,
      mb: Math.ceil(plan.bytes / 1048576),
      zooms: `${plan.zooms[0]}–${plan.zooms.at(-1)}`,
    });
    bar.hidden = false;
    cancel.hidden = false;
    navigator.storage?.persist?.().catch(() => {});
    const cache = await caches.open(TRIP_CACHE);
    const queue = tilesOf(bbox, plan.zooms);
    let done = 0;
    let bytes = 0;
    let failed = 0;
    let full = false;
    async function worker() {
      for (let next = queue.next(); !next.done && !stop && !full; next = queue.next()) {
        const url = tileUrl(basemap.url, next.value, basemap.subdomains || 'abc');
        try {
          if (!(await cache.match(url, { ignoreVary: true }))) {
            const response = await fetchTile(url);
            const blob = await response.clone().blob();
            if (bytes + blob.size > TRIP_MAX_BYTES) {
              full = true;
              break;
            }
            bytes += blob.size;
            await cache.put(url, response);
          }
        } catch {
          failed += 1;
        }
        done += 1;
        bar.value = Math.round((done / plan.tiles) * 100);
      }
    }
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    cancel.hidden = true;
    go.disabled = false;
    const summary = t(stop ? 'schools.trip.stopped' : full ? 'schools.trip.full' : 'schools.trip.done', {
      n: done - failed,
      mb: (bytes / 1048576).toFixed(1),
    });
    status.textContent = failed ? `${summary} ${t('schools.trip.someFailed', { n: failed })}` : summary;
    announce(status.textContent);
  }

  return [
    intro,
    allowed ? null : h('p', { class: 'hint' }, t('schools.trip.notAllowed', { map: basemap?.name || '' })),
    h('div', { class: 'inline-buttons' }, go, cancel),
    bar,
    status,
  ].filter(Boolean);
}

/** Read the settings (basemap, region), the project and its class map once more: the service
 * worker keeps them in 'api-reads' (network first), so they open without signal — also when the
 * app's first visit was read before the worker was there. */
async function cacheClassData(slug) {
  await Promise.all([api.config(), schoolsApi.project(slug), schoolsApi.classStories(slug)]);
}
