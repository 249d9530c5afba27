// The form for a new context layer, or for editing one: file, texts, style, default on/off.
// A new layer (or a new file) goes as multipart with upload progress; other edits as JSON.
import { t } from '../../i18n/index.js';
import { api } from '../../state.js';
import { field, h, showFieldErrors, uid } from '../dom.js';
import { announce } from '../status.js';

const DEFAULT_STYLE = { colour: '#1f6f8b', line_width: 2, fill: true, fill_opacity: 0.2 };

function checkbox(name, label, checked) {
  const id = uid(name);
  const input = h('input', { type: 'checkbox', id, name, checked, 'aria-describedby': `${id}-error` });
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  return { wrap: h('div', { class: 'check' }, input, h('label', { for: id }, label), error), input, error };
}

/** createLayerForm({layer, onDone(layer)}) → {element, focus()}; without `layer` it creates one. */
export function createLayerForm({ layer = null, onDone }) {
  const style = { ...DEFAULT_STYLE, ...(layer?.style || {}) };
  const fields = {
    file: field({
      label: layer ? t('layers.admin.fileReplace') : t('layers.admin.file'),
      name: 'file',
      type: 'file',
      hint: t('layers.admin.fileHint'),
      required: !layer,
      attrs: { accept: '.geojson,.json,.gpkg,.zip,application/geo+json,application/zip' },
    }),
    source_layer: field({ label: t('layers.admin.sourceLayer'), name: 'source_layer' }),
    title: field({ label: t('layers.admin.titleField'), name: 'title', required: true, attrs: { maxlength: 120 } }),
    explanation: field({
      label: t('layers.admin.explanation'),
      name: 'explanation',
      hint: t('layers.admin.explanationHint'),
      multiline: true,
      attrs: { rows: 4, maxlength: 4000 },
    }),
    attribution: field({ label: t('layers.admin.attribution'), name: 'attribution', attrs: { maxlength: 300 } }),
    licence: field({ label: t('layers.admin.licence'), name: 'licence', attrs: { maxlength: 120 } }),
    'style.colour': field({ label: t('layers.admin.colour'), name: 'colour', type: 'color' }),
    'style.line_width': field({
      label: t('layers.admin.lineWidth'),
      name: 'line_width',
      type: 'number',
      attrs: { min: 0, max: 12, step: 0.5, inputmode: 'decimal' },
    }),
    'style.fill': checkbox('fill', t('layers.admin.fill'), style.fill),
    'style.fill_opacity': field({
      label: t('layers.admin.fillOpacity'),
      name: 'fill_opacity',
      type: 'number',
      attrs: { min: 0, max: 1, step: 0.05, inputmode: 'decimal' },
    }),
    visible_by_default: checkbox('visible_by_default', t('layers.admin.visible'), Boolean(layer?.visible_by_default)),
  };
  fields.source_layer.wrap.hidden = true; // shown when a GeoPackage holds several layers
  for (const name of ['title', 'explanation', 'attribution', 'licence']) fields[name].input.value = layer?.[name] || '';
  fields['style.colour'].input.value = style.colour;
  fields['style.line_width'].input.value = String(style.line_width);
  fields['style.fill_opacity'].input.value = String(style.fill_opacity);

  const progress = h('progress', { max: 1, value: 0, hidden: true, 'aria-label': t('layers.admin.progress') });
  const status = h('p', { role: 'status', class: 'upload-status' });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h(
    'button',
    { type: 'submit', class: 'button button-primary' },
    layer ? t('layers.admin.save') : t('layers.admin.upload'),
  );
  const form = h(
    'form',
    { class: 'layer-form', novalidate: true, onsubmit: send },
    fields.file.wrap,
    fields.source_layer.wrap,
    fields.title.wrap,
    fields.explanation.wrap,
    fields.attribution.wrap,
    fields.licence.wrap,
    h(
      'fieldset',
      { class: 'layer-style' },
      h('legend', {}, t('layers.admin.style')),
      fields['style.colour'].wrap,
      fields['style.line_width'].wrap,
      fields['style.fill'].wrap,
      fields['style.fill_opacity'].wrap,
    ),
    fields.visible_by_default.wrap,
    formError,
    h('div', { class: 'inline-buttons' }, submit),
    progress,
    status,
  );

  function values() {
    const number = (input) => (input.value === '' ? undefined : Number(input.value));
    const out = {
      title: fields.title.input.value,
      explanation: fields.explanation.input.value,
      attribution: fields.attribution.input.value,
      licence: fields.licence.input.value,
      style: {
        colour: fields['style.colour'].input.value,
        line_width: number(fields['style.line_width'].input),
        fill: fields['style.fill'].input.checked,
        fill_opacity: number(fields['style.fill_opacity'].input),
      },
      visible_by_default: fields.visible_by_default.input.checked,
    };
    if (fields.source_layer.input.value) out.source_layer = fields.source_layer.input.value;
    return out;
  }

  function asForm(data, file) {
    const body = new FormData();
    body.append('file', file, file.name);
    for (const [key, value] of Object.entries(data)) {
      body.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    return body;
  }

  async function send(event) {
    event.preventDefault();
    showFieldErrors(fields, {}, formError);
    const file = fields.file.input.files?.[0];
    if (!layer && !file) {
      showFieldErrors(fields, { file: [t('layers.admin.fileHint')] }, formError);
      return;
    }
    const data = values();
    submit.disabled = true;
    status.textContent = file ? t('layers.admin.uploading') : '';
    progress.hidden = !file;
    progress.value = 0;
    const onProgress = (fraction) => {
      progress.value = fraction;
    };
    try {
      const saved = layer
        ? await api.updateLayer(layer.slug, file ? asForm(data, file) : data, onProgress)
        : await api.createLayer(asForm(data, file), onProgress);
      status.textContent = '';
      progress.hidden = true;
      announce(t(layer ? 'layers.admin.saved' : 'layers.admin.uploaded', { title: saved.title }));
      if (!layer) form.reset();
      onDone?.(saved);
    } catch (error) {
      progress.hidden = true;
      status.textContent = '';
      if (error.errors?.source_layer) fields.source_layer.wrap.hidden = false;
      const focused = showFieldErrors(fields, error.errors || {}, formError);
      if (!focused && formError.hidden) {
        formError.hidden = false;
        formError.textContent = error.network
          ? t('layers.admin.offline')
          : error.detail || error.title || t('layers.admin.failed');
      }
    } finally {
      submit.disabled = false;
    }
  }

  return { element: form, focus: () => fields.title.input.focus() };
}
