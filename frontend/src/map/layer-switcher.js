// Context layers over the map (beekdalen, opgavenkaart …): a "Map layers" button beside the
// filters opens a panel with one switch per layer, its explanation and its source. Loaded only
// when GET /layers lists any. Layers draw in their own pane, under the story markers and the
// region outline; the first layer of the list lies on top. Features are not interactive: all
// a layer says is in the panel, which keyboards and screen readers reach.
import { circleMarker, geoJSON } from 'leaflet';
import './layer-switcher.css';

const PANE = 'context-layers';
const PANE_Z_INDEX = 350; // tiles 200 < context layers < overlays (region outline) 400 < markers 600

/** Leaflet path options from a layer's style {colour, line_width, fill, fill_opacity}. */
export function pathStyle(style = {}) {
  const colour = /^#[0-9a-f]{6}$/i.test(style.colour || '') ? style.colour : '#1f6f8b';
  return {
    pane: PANE,
    color: colour,
    weight: Number.isFinite(style.line_width) ? style.line_width : 2,
    opacity: 0.9,
    fill: style.fill !== false,
    fillColor: colour,
    fillOpacity: Number.isFinite(style.fill_opacity) ? style.fill_opacity : 0.2,
    interactive: false,
  };
}

/**
 * createLayerSwitcher(map, {layers, loadData, t, h, uid, announce}) → {button, panel, relabel(), destroy()}
 * layers: GET /layers' list; loadData(layer) → its FeatureCollection. The UI helpers come from
 * the caller so this module needs nothing from ui/.
 */
export function createLayerSwitcher(map, { layers, loadData, t, h, uid, announce }) {
  if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = String(PANE_Z_INDEX);
  const panelId = uid('layers');
  const drawn = new Map(); // slug → Leaflet layer (once loaded)
  const on = new Set(layers.filter((layer) => layer.visible_by_default).map((layer) => layer.slug));
  const button = h('button', {
    type: 'button',
    class: 'button layer-toggle',
    'aria-expanded': 'false',
    'aria-controls': panelId,
    onclick: () => setOpen(panel.hidden),
  });
  const panel = h('section', { class: 'filter-panel layer-panel', id: panelId, hidden: true });
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    setOpen(false);
    button.focus();
  });

  function setOpen(open) {
    panel.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
  }

  function label() {
    button.textContent = on.size ? t('layers.buttonCount', { n: on.size }) : t('layers.button');
  }

  function build() {
    const headingId = uid('layers-heading');
    panel.setAttribute('aria-labelledby', headingId);
    panel.replaceChildren(
      h('h2', { id: headingId, class: 'layer-panel-title' }, t('layers.title')),
      h('p', { class: 'hint' }, t('layers.intro')),
      h('ul', { class: 'layer-options' }, layers.map(option)),
    );
  }

  function option(layer) {
    const id = uid(`layer-${layer.slug}`);
    const aboutId = `${id}-about`;
    const status = h('span', { class: 'layer-status', 'aria-live': 'polite' });
    const source = [layer.attribution, layer.licence].filter(Boolean).join(' · ');
    const input = h('input', {
      type: 'checkbox',
      id,
      checked: on.has(layer.slug),
      'aria-describedby': aboutId,
      onchange: () => toggle(layer, input, status),
    });
    const colour = h('span', { class: 'layer-swatch', 'aria-hidden': 'true' });
    paintSwatch(colour, layer.style);
    return h(
      'li',
      { class: 'layer-option' },
      h('div', { class: 'check' }, input, h('label', { for: id }, colour, layer.title), status),
      h(
        'div',
        { class: 'layer-about', id: aboutId },
        layer.explanation ? h('p', {}, layer.explanation) : null,
        source ? h('p', { class: 'layer-source' }, t('layers.source', { source })) : null,
      ),
    );
  }

  // Through the CSSOM: the CSP allows no style attributes.
  function paintSwatch(el, style = {}) {
    const { color, fillOpacity, fill } = pathStyle(style);
    el.style.setProperty('--swatch', color);
    el.style.setProperty('--swatch-opacity', String(fill ? fillOpacity : 0));
  }

  async function toggle(layer, input, status) {
    const checked = input.checked;
    if (checked) on.add(layer.slug);
    else on.delete(layer.slug);
    label();
    if (!checked) {
      drawn.get(layer.slug)?.remove();
      announce(t('layers.hidden', { title: layer.title }));
      return;
    }
    await show(layer, status, input);
  }

  async function show(layer, status, input) {
    if (!drawn.has(layer.slug)) {
      if (status) status.textContent = t('loading');
      let data;
      try {
        data = await loadData(layer);
      } catch {
        if (status) status.textContent = t('layers.failed');
        on.delete(layer.slug);
        label();
        if (input) input.checked = false;
        return;
      }
      const style = pathStyle(layer.style);
      drawn.set(
        layer.slug,
        geoJSON(data, {
          pane: PANE,
          interactive: false,
          style: () => style,
          pointToLayer: (_feature, latlng) => circleMarker(latlng, { ...style, radius: 5 }),
        }),
      );
      if (status) status.textContent = '';
    }
    if (!on.has(layer.slug)) return; // switched off while loading
    drawn.get(layer.slug).addTo(map);
    restack();
    if (status) announce(t('layers.shown', { title: layer.title }));
  }

  // The first layer of the list on top: bring them forward from the last to the first.
  function restack() {
    for (const layer of [...layers].reverse()) {
      if (on.has(layer.slug)) drawn.get(layer.slug)?.bringToFront();
    }
  }

  label();
  build();
  for (const layer of layers) if (on.has(layer.slug)) show(layer, null, null);

  return {
    button,
    panel,
    relabel() {
      label();
      build();
    },
    destroy() {
      for (const layer of drawn.values()) layer.remove();
      button.remove();
      panel.remove();
    },
  };
}
