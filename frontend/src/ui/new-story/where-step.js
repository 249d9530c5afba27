// Step 2, where: a spot (a pin), a route or an area. A pin comes from a place search, GPS, "pin
// at the centre" or a tap on the map, and says how exact it is; a route or an area is drawn
// point by point: taps, or by keyboard a typed coordinate, a chosen place or the map's centre,
// with undo. It writes draft.shape, draft.position, draft.vertices and draft.place_label; the
// precision is read by the form.
import { t } from '../../i18n/index.js';
import { debounce } from '../../offline/drafts.js';
import { MAX_VERTICES, parseCoordinates } from '../../shape.js';
import { api } from '../../state.js';
import { h, uid } from '../dom.js';
import { createPlaceSearch } from '../place-search.js';
import { announce } from '../status.js';
import { whenNear } from '../when-near.js';

const SHAPE_CHOICES = ['Point', 'LineString', 'Polygon'];

/**
 * createWhereStep(draft, {config, onChange}) →
 *   {element, field, precision, showMap, setKind, usePoint, invalidate, destroy}
 * onChange(): after the pin moved or the drawing changed
 * field: {input, error} for the form's field errors under the name `position`
 */
export function createWhereStep(draft, { config, onChange }) {
  let picker = null;
  let destroyed = false;
  let mapReady = null; // the map's module while it loads
  let stopWatching = () => {}; // the map waits until it comes near the screen
  draft.shape ||= 'Point';
  draft.vertices ||= [];
  const where = h('p', { class: 'where', 'aria-live': 'polite' });
  const pickerEl = h('div', { class: 'pin-map' });
  const error = h('p', { class: 'field-error', id: 'position-error', hidden: true });
  const gps = h(
    'button',
    { type: 'button', class: 'button', onclick: useGps },
    h('span', { class: 'icon-locate', 'aria-hidden': 'true' }),
    t('new.useGps'),
  );
  const centre = h('button', { type: 'button', class: 'button', onclick: atCentre }, t('new.pinAtCentre'));
  const search = createPlaceSearch({
    label: t('new.searchPlace'),
    onPick: (place) => {
      if (draft.shape === 'Point') draft.place_label = place.properties.name;
      usePoint(place.geometry.coordinates);
    },
  });

  const shapeName = uid('shape');
  const shapeSet = h(
    'fieldset',
    { class: 'shape-choice' },
    h('legend', {}, t('draw.what')),
    SHAPE_CHOICES.map((value) => {
      const id = uid(`shape-${value}`);
      return h(
        'div',
        { class: 'check' },
        h('input', { type: 'radio', name: shapeName, id, value, checked: draft.shape === value }),
        h(
          'label',
          { for: id },
          h('strong', {}, t(`draw.shape.${value}`)),
          ' ',
          h('span', { class: 'hint' }, t(`draw.shapeHint.${value}`)),
        ),
      );
    }),
  );
  shapeSet.addEventListener('change', (event) => {
    event.stopPropagation();
    setShape(event.target.value);
  });

  // Drawing by keyboard: a typed coordinate, or the map's centre, becomes the next point.
  const coordId = uid('coord');
  const coordInput = h('input', {
    id: coordId,
    type: 'text',
    inputmode: 'decimal',
    autocomplete: 'off',
    placeholder: '52.99, 6.56',
    'aria-describedby': `${coordId}-hint`,
  });
  const coordError = h('p', { class: 'field-error', hidden: true, id: `${coordId}-error` });
  coordInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addTyped();
    }
  });
  const undoButton = h('button', { type: 'button', class: 'button', onclick: undo }, t('draw.undo'));
  const clearButton = h('button', { type: 'button', class: 'button', onclick: clearAll }, t('draw.clear'));
  const drawStatus = h('p', { class: 'draw-status', 'aria-live': 'polite' });
  const drawProblems = h('ul', { class: 'draw-problems' });
  const drawTools = h(
    'div',
    { class: 'draw-tools' },
    drawStatus,
    drawProblems,
    h('div', { class: 'inline-buttons' }, undoButton, clearButton),
    h('p', { class: 'hint' }, t('draw.hint')),
    h(
      'div',
      { class: 'field draw-coord' },
      h('label', { for: coordId }, t('draw.typePoint')),
      h('p', { class: 'hint', id: `${coordId}-hint` }, t('draw.typePointHint')),
      h(
        'div',
        { class: 'inline-buttons' },
        coordInput,
        h('button', { type: 'button', class: 'button', onclick: addTyped }, t('draw.addPoint')),
      ),
      coordError,
    ),
  );

  const precisionSet = h(
    'fieldset',
    { class: 'precision' },
    h('legend', {}, t('new.precision')),
    ['exact', 'approximate'].map((value) => {
      const id = uid(`precision-${value}`);
      return h(
        'div',
        { class: 'check' },
        h('input', { type: 'radio', name: 'precision', id, value, checked: draft.precision === value }),
        h(
          'label',
          { for: id },
          h('strong', {}, t(`new.precision.${value}`)),
          ' ',
          h('span', { class: 'hint' }, t(`new.precisionHint.${value}`)),
        ),
      );
    }),
  );
  const element = h(
    'fieldset',
    { class: 'step', 'aria-describedby': 'position-error' },
    h('legend', {}, h('span', { class: 'step-no' }, '2'), t('new.where')),
    shapeSet,
    h('p', { class: 'hint point-only' }, t('new.whereHint')),
    search.element,
    h('div', { class: 'inline-buttons' }, gps, centre),
    pickerEl,
    where,
    drawTools,
    error,
    precisionSet,
  );

  // The nearest place's name for a pin ("near Zuidlaren"): asked once the pin rests.
  let nearestFor = null;
  let nearestName = '';
  const lookUpNearest = debounce(async (position) => {
    try {
      const data = await api.nearestPlace(position);
      if (nearestFor !== position) return;
      nearestName = data.features[0]?.properties.name || '';
    } catch {
      nearestName = '';
    }
    describe();
  }, 400);

  function coordinates([lon, lat]) {
    return `${lat.toFixed(4)}, ${lon.toFixed(4)}`;
  }

  function describe() {
    const pointMode = draft.shape === 'Point';
    for (const el of element.querySelectorAll('.point-only')) el.hidden = !pointMode;
    precisionSet.hidden = !pointMode;
    drawTools.hidden = pointMode;
    centre.textContent = pointMode ? t('new.pinAtCentre') : t('draw.addCentre');
    if (pointMode) {
      if (!draft.position) where.textContent = t('new.noPosition');
      else if (draft.place_label) where.textContent = t('new.positionChosen', { place: draft.place_label });
      else if (nearestName && nearestFor === draft.position)
        where.textContent = t('draw.nearPlace', { place: nearestName, coords: coordinates(draft.position) });
      else where.textContent = t('new.positionChosen', { place: coordinates(draft.position) });
      return;
    }
    const n = draft.vertices.length;
    where.textContent = '';
    drawStatus.textContent = t(draft.shape === 'Polygon' ? 'draw.areaPoints' : 'draw.routePoints', {
      n,
      max: MAX_VERTICES,
    });
    undoButton.disabled = !picker?.drawer?.drawing.canUndo;
    clearButton.disabled = n === 0;
    const problems = picker?.drawer ? picker.drawer.drawing.problems() : [];
    // "Too few points" is what drawing is; it is said when sending. Real mistakes are said now.
    drawProblems.replaceChildren(
      ...problems
        .filter((p) => n > 0 && !p.key.endsWith('Short'))
        .map((p) => h('li', { class: 'field-error' }, t(p.key, { n: p.n }))),
    );
  }

  function setShape(shape) {
    draft.shape = shape;
    if (shape !== 'Point' && !draft.vertices.length && draft.position) draft.vertices = [draft.position];
    picker?.setShape(shape, draft.vertices);
    describe();
    onChange();
  }

  /** The pin map, made once; resolves when it is there (or the step is gone). */
  function loadMap() {
    stopWatching();
    mapReady ??= import('../../map/pin-picker.js').then(({ createPinPicker }) => {
      if (destroyed) return;
      picker = createPinPicker(pickerEl, {
        config,
        kind: draft.kind || 'story',
        position: draft.position,
        label: t('new.pinLabel'),
        shape: draft.shape,
        vertices: draft.vertices,
        onChange(position) {
          draft.position = position;
          nearestFor = position;
          nearestName = '';
          if (!draft.place_label) lookUpNearest(position);
          describe();
          onChange();
        },
        onDraw(drawing) {
          draft.vertices = drawing.points;
          describe();
          onChange();
        },
      });
      describe();
    });
    return mapReady;
  }

  /** A point from a search, GPS or the photo: the pin, or the drawing's next point. */
  function usePoint(point) {
    if (!picker) return void loadMap().then(() => picker && usePoint(point)); // still loading
    if (draft.shape === 'Point') picker.place(point);
    else {
      picker.addPoint(point);
      announce(t('draw.pointAdded', { n: draft.vertices.length }));
    }
  }

  function atCentre() {
    if (!picker) return void loadMap().then(() => picker && atCentre()); // still loading
    if (draft.shape === 'Point') picker.placeAtCentre();
    else usePoint(picker.centre);
  }

  function addTyped() {
    const point = parseCoordinates(coordInput.value);
    coordError.hidden = Boolean(point);
    coordError.textContent = point ? '' : t('draw.badCoordinates');
    coordInput.setAttribute('aria-invalid', point ? 'false' : 'true');
    if (!point) {
      coordInput.setAttribute('aria-describedby', `${coordId}-hint ${coordId}-error`);
      coordInput.focus();
      return;
    }
    coordInput.value = '';
    usePoint(point);
    coordInput.focus();
  }

  function undo() {
    if (picker?.drawer?.undo()) announce(t('draw.undone', { n: draft.vertices.length }));
  }

  function clearAll() {
    picker?.drawer?.clear();
    announce(t('draw.cleared'));
  }

  function useGps() {
    if (!navigator.geolocation) return announce(t('map.noGeolocation'));
    announce(t('map.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        if (draft.shape === 'Point') draft.place_label = '';
        usePoint([pos.coords.longitude, pos.coords.latitude]);
      },
      () => announce(t('map.noGeolocation')),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 },
    );
  }

  return {
    element,
    field: { input: search.input, error },
    get precision() {
      return precisionSet.querySelector('input:checked')?.value || 'exact';
    },
    /** Make the map once the step is in the document (Leaflet measures its container) and
     * near the screen: on a phone it sits below the form's first screen, and loading Leaflet
     * with the form cost /nieuw ~250 ms of blocked main thread in Lighthouse (mobile). A
     * point from a search, GPS, the photo or "pin at the centre" loads it at once. */
    showMap() {
      describe();
      if (draft.position && !draft.place_label) {
        nearestFor = draft.position;
        lookUpNearest(draft.position);
      }
      stopWatching = whenNear(pickerEl, loadMap, { margin: '150px' });
    },
    usePoint,
    setKind: (kind) => picker?.setKind(kind),
    invalidate: () => picker?.invalidate(),
    destroy: () => {
      destroyed = true;
      stopWatching();
      picker?.destroy();
    },
  };
}
