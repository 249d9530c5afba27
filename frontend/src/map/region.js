// What every small map draws under its content: the region's outline (so it reads without
// tiles) and the first configured basemap.
import { geoJSON, tileLayer } from 'leaflet';
import { bboxPolygon } from '../geo.js';

/** Add the region's dashed outline (`weight` px) and the configured basemap to `map`. */
export function addRegionAndBasemap(map, config, { weight = 2 } = {}) {
  geoJSON(bboxPolygon(config.region.bbox), {
    interactive: false,
    style: { color: '#1d5e3a', weight, dashArray: '6 6', fill: false },
  }).addTo(map);
  const basemap = (config.basemaps || [])[0];
  if (basemap) {
    tileLayer(basemap.url, {
      attribution: basemap.attribution,
      maxZoom: basemap.max_zoom,
      className: 'basemap-tiles',
    }).addTo(map);
  }
}
