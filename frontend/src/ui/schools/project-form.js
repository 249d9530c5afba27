// /klas/nieuw: a new class project. The area is drawn on the map (tap the corners; undo) or is a
// place from the gazetteer with a radius; the server checks it lies in the region.
import { t } from '../../i18n/index.js';
import { navigate } from '../../router.js';
import { app } from '../../state.js';
import { field, h, showFieldErrors, uid } from '../dom.js';
import { createPlaceSearch } from '../place-search.js';
import { announce } from '../status.js';
import { schoolsApi } from './schools-api.js';
import { currentUser, problemText, put, teacherGate } from './shared.js';

const today = () => new Date().toISOString().slice(0, 10);
const inWeeks = (n) => new Date(Date.now() + n * 7 * 86400000).toISOString().slice(0, 10);

export async function render(page) {
  const user = await currentUser();
  if (!teacherGate(page, user)) return null;
  const { createAreaDrawer } = await import('../../map/project-area.js');
  const f = {
    name: field({ label: t('schools.form.name'), name: 'name', required: true, attrs: { maxlength: '120' } }),
    school: field({ label: t('schools.form.school'), name: 'school', required: true, attrs: { maxlength: '120' } }),
    class: field({ label: t('schools.form.class'), name: 'class', attrs: { maxlength: '40' } }),
    prompt: field({
      label: t('schools.form.prompt'),
      name: 'prompt',
      hint: t('schools.form.promptHint'),
      multiline: true,
      attrs: { rows: '2', maxlength: '300' },
    }),
    starts_on: field({ label: t('schools.form.starts'), name: 'starts_on', type: 'date', required: true }),
    ends_on: field({ label: t('schools.form.ends'), name: 'ends_on', type: 'date', required: true }),
  };
  f.starts_on.input.value = today();
  f.ends_on.input.value = inWeeks(6);
  const policyError = h('p', { class: 'field-error', hidden: true });
  const policy = h(
    'fieldset',
    { class: 'policy' },
    h('legend', {}, t('schools.form.policy')),
    ['class', 'public'].map((value) => {
      const id = uid(`policy-${value}`);
      return h(
        'div',
        { class: 'check' },
        h('input', { type: 'radio', name: 'policy', id, value, checked: value === 'class' }),
        h(
          'label',
          { for: id },
          h('strong', {}, t(`schools.policy.${value}`)),
          ' ',
          h('span', { class: 'hint' }, t(`schools.policyHint.${value}`)),
        ),
      );
    }),
    policyError,
  );

  // The area: drawn, or a place and a radius.
  const areaError = h('p', { class: 'field-error', id: uid('area-error'), hidden: true });
  const mapEl = h('div', { class: 'area-map' });
  const cornerCount = h('p', { class: 'hint', 'aria-live': 'polite' });
  const undo = h('button', { type: 'button', class: 'button', onclick: () => drawer.undo() }, t('schools.area.undo'));
  const clearButton = h(
    'button',
    { type: 'button', class: 'button', onclick: () => drawer.clear() },
    t('schools.area.clear'),
  );
  const addCentre = h(
    'button',
    { type: 'button', class: 'button', onclick: () => drawer.addAtCentre() },
    t('schools.area.addCentre'),
  );
  let place = null; // the gazetteer feature picked
  const radius = field({
    label: t('schools.area.radius'),
    name: 'radius_m',
    type: 'number',
    attrs: { min: '100', max: '10000', step: '50', value: '1000', inputmode: 'numeric' },
  });
  const placeSearch = createPlaceSearch({
    label: t('schools.area.place'),
    onPick(picked) {
      place = picked;
      placeChosen.textContent = t('schools.area.placeChosen', { place: picked.properties.name });
      drawer.showCircle(picked.geometry.coordinates, Number(radius.input.value) || 1000);
    },
  });
  const placeChosen = h('p', { class: 'where', 'aria-live': 'polite' });
  radius.input.addEventListener('change', () => {
    if (place) drawer.showCircle(place.geometry.coordinates, Number(radius.input.value) || 1000);
  });
  const drawPart = h(
    'div',
    { class: 'area-draw' },
    h('p', { class: 'hint' }, t('schools.area.drawHint')),
    h('div', { class: 'inline-buttons' }, addCentre, undo, clearButton),
    cornerCount,
  );
  const placePart = h('div', { class: 'area-place', hidden: true }, placeSearch.element, placeChosen, radius.wrap);
  const modes = h(
    'fieldset',
    { class: 'area-modes' },
    h('legend', {}, t('schools.area.how')),
    ['draw', 'place'].map((mode) => {
      const id = uid(`area-${mode}`);
      return h(
        'div',
        { class: 'check' },
        h('input', {
          type: 'radio',
          name: 'area-mode',
          id,
          value: mode,
          checked: mode === 'draw',
          onchange: () => setMode(mode),
        }),
        h('label', { for: id }, t(`schools.area.mode.${mode}`)),
      );
    }),
  );
  const areaSection = h(
    'section',
    { class: 'step area-step', 'aria-labelledby': 'area-title' },
    h('h2', { id: 'area-title' }, t('schools.area.title')),
    modes,
    drawPart,
    placePart,
    mapEl,
    areaError,
  );
  const formId = uid('project-form');
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h(
    'button',
    { type: 'submit', form: formId, class: 'button button-primary button-big' },
    t('schools.form.create'),
  );
  const form = h(
    'form',
    { id: formId, class: 'project-form', novalidate: true },
    Object.values(f).map((x) => x.wrap),
    policy,
  );
  put(page, h('h1', {}, t('schools.new')), form, areaSection, formError, h('div', { class: 'form-actions' }, submit));

  let mode = 'draw';
  function setMode(next) {
    mode = next;
    drawPart.hidden = mode !== 'draw';
    placePart.hidden = mode !== 'place';
    if (mode === 'draw') drawer.clear();
    else if (place) drawer.showCircle(place.geometry.coordinates, Number(radius.input.value) || 1000);
  }
  const drawer = createAreaDrawer(mapEl, {
    config: app.config,
    onChange(count) {
      cornerCount.textContent = t('schools.area.corners', { n: count });
      undo.disabled = !count;
    },
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {
      name: f.name.input.value.trim(),
      school: f.school.input.value.trim(),
      class: f.class.input.value.trim(),
      prompt: f.prompt.input.value.trim(),
      starts_on: f.starts_on.input.value,
      ends_on: f.ends_on.input.value,
      policy: form.querySelector('input[name=policy]:checked')?.value || 'class',
    };
    const errors = {};
    for (const name of ['name', 'school', 'starts_on', 'ends_on']) if (!body[name]) errors[name] = [t('form.required')];
    if (body.starts_on && body.ends_on && body.ends_on < body.starts_on)
      errors.ends_on = [t('schools.form.endsBefore')];
    if (mode === 'draw') {
      body.area = drawer.geometry();
      if (!body.area) errors.area = [t('schools.area.tooFew')];
    } else {
      body.place = place?.properties.name || '';
      body.radius_m = Number(radius.input.value);
      if (!place) errors.place = [t('schools.area.noPlace')];
    }
    if (Object.keys(errors).length) return show(errors);
    submit.disabled = true;
    try {
      const project = await schoolsApi.createProject(body);
      announce(t('schools.created', { name: project.name }));
      navigate(`/klas/${encodeURIComponent(project.slug)}`, { replace: true });
    } catch (error) {
      submit.disabled = false;
      if (error.errors && Object.keys(error.errors).length) show(error.errors);
      else {
        formError.textContent = problemText(error);
        formError.hidden = false;
      }
    }
  });

  function show(errors) {
    const areaMessages = [...(errors.area || []), ...(errors.place || []), ...(errors.radius_m || [])];
    areaError.textContent = areaMessages.join(' ');
    areaError.hidden = !areaMessages.length;
    const rest = { ...errors };
    delete rest.area;
    delete rest.place;
    delete rest.radius_m;
    const policyMessages = rest.policy;
    delete rest.policy;
    policyError.textContent = (policyMessages || []).join(' ');
    policyError.hidden = !policyMessages;
    const first = showFieldErrors(f, rest, formError);
    if (!first && areaMessages.length) areaSection.querySelector('h2').setAttribute('tabindex', '-1');
    if (!first && areaMessages.length) areaSection.querySelector('h2').focus();
  }

  requestAnimationFrame(() => drawer.invalidate());
  return () => drawer.destroy();
}
