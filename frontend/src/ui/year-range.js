// A free range of years: two sliders on one track plus two typed years, keyboard-usable (arrow
// keys on a slider, digits in a field). An end left open (the slider at its end, or an empty
// field) is no limit. When a year is set it says how many stories name no year, and lets the
// user include them: a period filter never drops them silently.

import { t } from '../i18n/index.js';
import { h, uid } from './dom.js';

export const SLIDER_MIN = 1900;
export const SLIDER_MAX = new Date().getFullYear() + 30;
const TYPED_MIN = -12000;
const TYPED_MAX = 2200;

/** createYearRange({from, to, undated, onChange, countUndated}) → {element, setUndatedCount(n)} */
export function createYearRange({ from = '', to = '', undated = false, onChange }) {
  const id = uid('years');
  const slider = (which, value, fallback) =>
    h('input', {
      type: 'range',
      id: `${id}-${which}-range`,
      min: SLIDER_MIN,
      max: SLIDER_MAX,
      step: 1,
      value: value === '' ? fallback : clamp(Number(value), SLIDER_MIN, SLIDER_MAX),
      'aria-label': t(which === 'from' ? 'years.fromSlider' : 'years.toSlider'),
      class: `year-slider year-slider-${which}`,
    });
  const typed = (which, value) =>
    h('input', {
      type: 'number',
      id: `${id}-${which}`,
      inputmode: 'numeric',
      min: TYPED_MIN,
      max: TYPED_MAX,
      value: value === '' ? null : value,
      placeholder: which === 'from' ? String(SLIDER_MIN) : String(SLIDER_MAX),
      class: 'year-input',
    });
  const fromRange = slider('from', from, SLIDER_MIN);
  const toRange = slider('to', to, SLIDER_MAX);
  const fromInput = typed('from', from);
  const toInput = typed('to', to);
  const undatedBox = h('input', { type: 'checkbox', id: `${id}-undated`, checked: undated });
  const undatedLabel = h('label', { for: `${id}-undated` });
  const undatedRow = h('div', { class: 'check undated-choice', hidden: true }, undatedBox, undatedLabel);
  const element = h(
    'fieldset',
    { class: 'year-range' },
    h('legend', {}, t('years.legend')),
    h('div', { class: 'year-track' }, fromRange, toRange),
    h(
      'div',
      { class: 'year-fields' },
      h('div', { class: 'field' }, h('label', { for: fromInput.id }, t('years.from')), fromInput),
      h('div', { class: 'field' }, h('label', { for: toInput.id }, t('years.to')), toInput),
    ),
    undatedRow,
  );

  const current = () => ({
    era_from: fromInput.value.trim(),
    era_to: toInput.value.trim(),
    undated: undatedBox.checked,
  });
  function emit() {
    onChange?.(current());
  }
  // A slider at its end is an open end; the two handles never cross.
  fromRange.addEventListener('input', () => {
    if (Number(fromRange.value) > Number(toRange.value)) fromRange.value = toRange.value;
    fromInput.value = Number(fromRange.value) === SLIDER_MIN ? '' : fromRange.value;
  });
  toRange.addEventListener('input', () => {
    if (Number(toRange.value) < Number(fromRange.value)) toRange.value = fromRange.value;
    toInput.value = Number(toRange.value) === SLIDER_MAX ? '' : toRange.value;
  });
  fromRange.addEventListener('change', emit);
  toRange.addEventListener('change', emit);
  for (const [input, range, fallback] of [
    [fromInput, fromRange, SLIDER_MIN],
    [toInput, toRange, SLIDER_MAX],
  ]) {
    input.addEventListener('change', () => {
      const value = input.value.trim();
      if (
        value !== '' &&
        (!Number.isInteger(Number(value)) || Number(value) < TYPED_MIN || Number(value) > TYPED_MAX)
      ) {
        input.setCustomValidity(t('years.invalid'));
        input.reportValidity();
        return;
      }
      input.setCustomValidity('');
      // Typed years the wrong way round are swapped, as the user clearly meant the range.
      if (fromInput.value !== '' && toInput.value !== '' && Number(fromInput.value) > Number(toInput.value)) {
        [fromInput.value, toInput.value] = [toInput.value, fromInput.value];
      }
      range.value = value === '' ? fallback : clamp(Number(value), SLIDER_MIN, SLIDER_MAX);
      fromRange.value = fromInput.value === '' ? SLIDER_MIN : clamp(Number(fromInput.value), SLIDER_MIN, SLIDER_MAX);
      toRange.value = toInput.value === '' ? SLIDER_MAX : clamp(Number(toInput.value), SLIDER_MIN, SLIDER_MAX);
      emit();
    });
  }
  undatedBox.addEventListener('change', emit);

  return {
    element,
    /** n: how many stories name no year (null: no year set, hide the choice). */
    setUndatedCount(n) {
      undatedRow.hidden = n === null || n === undefined || n === 0;
      undatedLabel.textContent = t(n === 1 ? 'years.undatedOne' : 'years.undated', { n });
    },
  };
}

function clamp(value, min, max) {
  return Math.min(max, Math.max(min, value));
}
