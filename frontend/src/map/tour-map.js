// The tour's map: every story of a collection, numbered, routes and areas drawn as lines and
// shapes; show(i) flies to story i. Works without tiles (the region outline is drawn).
import { divIcon, geoJSON, latLngBounds, map as leafletMap, marker, tileLayer } from 'leaflet';
import { anchorOf, bboxPolygon } from '../geo.js';

function numberIcon(n, current) {
  const el = document.createElement('span');
  el.className = `tour-number${current ? ' tour-number-current' : ''}`;
  el.textContent = String(n);
  return divIcon({ html: el, className: 'tour-number-wrap', iconSize: [34, 34], iconAnchor: [17, 17] });
}

/** createTourMap(el, {config, features, label(n, feature)}) → {show(index), destroy()} */
export function createTourMap(el, { config, features, label }) {
  const [minLon, minLat, maxLon, maxLat] = config.region.bbox;
  const map = leafletMap(el, { zoomControl: true, attributionControl: true, keyboard: true, zoomSnap: 0.25 });
  map.attributionControl.setPrefix(false);
  map.fitBounds(latLngBounds([minLat, minLon], [maxLat, maxLon]), { animate: false });
  geoJSON(bboxPolygon(config.region.bbox), {
    interactive: false,
    style: { color: '#1d5e3a', weight: 2, dashArray: '6 6', fill: false },
  }).addTo(map);
  const basemap = (config.basemaps || [])[0];
  if (basemap) tileLayer(basemap.url, { attribution: basemap.attribution, maxZoom: basemap.max_zoom }).addTo(map);

  const shapes = features.map((feature) =>
    geoJSON(feature, {
      interactive: false,
      pointToLayer: () => null,
      style: { color: '#1d5e3a', weight: 4, fillOpacity: 0.15 },
    }).addTo(map),
  );
  const markers = features.map((feature, index) => {
    const at = anchorOf(feature.geometry);
    if (!at) return null;
    const m = marker([at[1], at[0]], { icon: numberIcon(index + 1, false), keyboard: false }).addTo(map);
    m.getElement()?.setAttribute('aria-label', label(index + 1, feature));
    return m;
  });

  function show(index) {
    markers.forEach((m, i) => {
      m?.setIcon(numberIcon(i + 1, i === index));
    });
    const feature = features[index];
    if (!feature?.geometry) return;
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (feature.geometry.type === 'Point') {
      const [lon, lat] = feature.geometry.coordinates;
      if (reduce) map.setView([lat, lon], 14, { animate: false });
      else map.flyTo([lat, lon], 14, { duration: 1.2 });
    } else {
      const bounds = shapes[index].getBounds();
      if (reduce) map.fitBounds(bounds.pad(0.2), { animate: false });
      else map.flyToBounds(bounds.pad(0.2), { duration: 1.2 });
    }
  }

  return {
    show,
    destroy: () => map.remove(),
    invalidate: () => map.invalidateSize(),
  };
}
