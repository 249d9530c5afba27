// Step 2, where: a place search, GPS, "pin at the centre" and the pin map, then how exact the
// spot is. It writes draft.position and draft.place_label; the precision is read by the form.
import { t } from '../../i18n/index.js';
import { createPinPicker } from '../../map/index.js';
import { h, uid } from '../dom.js';
import { createPlaceSearch } from '../place-search.js';
import { announce } from '../status.js';

/**
 * createWhereStep(draft, {config, onChange}) → {element, field, precision, showMap, setKind, invalidate, destroy}
 * onChange(): after the pin moved
 * field: {input, error} for the form's field errors under the name `position`
 */
export function createWhereStep(draft, { config, onChange }) {
  let picker = null;
  const where = h('p', { class: 'where', 'aria-live': 'polite' });
  const pickerEl = h('div', { class: 'pin-map' });
  const error = h('p', { class: 'field-error', id: 'position-error', hidden: true });
  const gps = h(
    'button',
    { type: 'button', class: 'button', onclick: useGps },
    h('span', { class: 'icon-locate', 'aria-hidden': 'true' }),
    t('new.useGps'),
  );
  const centre = h(
    'button',
    { type: 'button', class: 'button', onclick: () => picker.placeAtCentre() },
    t('new.pinAtCentre'),
  );
  const search = createPlaceSearch({
    label: t('new.searchPlace'),
    onPick: (place) => {
      draft.place_label = place.properties.name;
      picker.place(place.geometry.coordinates);
    },
  });
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
    h('p', { class: 'hint' }, t('new.whereHint')),
    search.element,
    h('div', { class: 'inline-buttons' }, gps, centre),
    pickerEl,
    where,
    error,
    precisionSet,
  );

  function describe() {
    if (!draft.position) where.textContent = t('new.noPosition');
    else
      where.textContent = t('new.positionChosen', {
        place: draft.place_label || `${draft.position[1].toFixed(4)}, ${draft.position[0].toFixed(4)}`,
      });
  }

  function useGps() {
    if (!navigator.geolocation) return announce(t('map.noGeolocation'));
    announce(t('map.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        draft.place_label = '';
        picker.place([pos.coords.longitude, pos.coords.latitude]);
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
    /** Make the map once the step is in the document: Leaflet measures its container. */
    showMap() {
      picker = createPinPicker(pickerEl, {
        config,
        kind: draft.kind || 'story',
        position: draft.position,
        label: t('new.pinLabel'),
        onChange(position) {
          draft.position = position;
          describe();
          onChange();
        },
      });
      describe();
    },
    setKind: (kind) => picker?.setKind(kind),
    invalidate: () => picker?.invalidate(),
    destroy: () => picker?.destroy(),
  };
}
