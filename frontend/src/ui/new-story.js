// Pin a story: what, where, the story, photos, consent, preview, send. Everything typed is saved
// as a draft as you type; sending goes through the outbox, so it also works offline.

import { currentLanguage, formatEra, t } from '../i18n/index.js';
import { createPinPicker } from '../map/index.js';
import { clearDraft, debounce, loadDraft, saveDraft } from '../offline/drafts.js';
import { uuid } from '../offline/outbox.js';
import { downscale } from '../photos.js';
import { api, app, loadThemes, loadUser, onOutboxChange, outbox, themeName } from '../state.js';
import { eraYears, LICENSES, restoreDraft, STORY_KINDS, toFeature, validate } from '../story-draft.js';
import { field, h, paragraphs, showFieldErrors, uid } from './dom.js';
import { createPlaceSearch } from './place-search.js';
import { announce } from './status.js';

const DRAFT_KEY = 'new-story';
export async function render(page) {
  await loadThemes();
  const stored = await loadDraft(DRAFT_KEY).catch(() => null);
  const data = restoreDraft(stored, uuid());
  let finished = false;
  const persist = debounce(() => (finished ? null : saveDraft(DRAFT_KEY, data).catch(() => {})), 300);
  const objectUrls = [];

  const form = h('form', { class: 'new-story', novalidate: true });
  const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const fields = {};

  page.append(h('h1', {}, t('new.title')));
  if (stored) {
    page.append(
      h(
        'div',
        { class: 'notice', role: 'status' },
        h('p', {}, t('new.draftRestored')),
        h('button', { type: 'button', class: 'link-button', onclick: restart }, t('new.startOver')),
      ),
    );
  }
  const user = app.user === undefined ? await loadUser() : app.user;
  if (!user && !app.config.anonymous_contributions) {
    page.append(
      h(
        'p',
        { class: 'notice' },
        t('new.loginFirst'),
        ' ',
        h('a', { href: '/inloggen?next=/nieuw', 'data-link': '' }, t('nav.login')),
        ' · ',
        h('a', { href: '/registreren?next=/nieuw', 'data-link': '' }, t('account.register')),
      ),
    );
  }

  // 1. What -------------------------------------------------------------------------------
  const kindError = h('p', { class: 'field-error', id: 'kind-error', hidden: true });
  const kindSet = h(
    'fieldset',
    { class: 'step kind-choice', 'aria-describedby': 'kind-error' },
    h('legend', {}, h('span', { class: 'step-no' }, '1'), t('new.what')),
    STORY_KINDS.map((kind) => {
      const id = uid(`new-kind-${kind}`);
      return h(
        'div',
        { class: 'kind-option' },
        h('input', { type: 'radio', name: 'kind', id, value: kind, checked: data.kind === kind, required: true }),
        h(
          'label',
          { for: id },
          h('span', { class: `pin pin-${kind} pin-card`, 'aria-hidden': 'true' }),
          h('span', {}, h('strong', {}, t(`kind.${kind}`)), h('span', { class: 'hint' }, t(`new.kindHint.${kind}`))),
        ),
      );
    }),
    kindError,
  );
  fields.kind = { input: kindSet.querySelector('input'), error: kindError };

  // 2. Where ------------------------------------------------------------------------------
  const where = h('p', { class: 'where', 'aria-live': 'polite' });
  const pickerEl = h('div', { class: 'pin-map' });
  const positionError = h('p', { class: 'field-error', id: 'position-error', hidden: true });
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
    onPick: (f) => {
      data.place_label = f.properties.name;
      picker.place(f.geometry.coordinates);
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
        h('input', { type: 'radio', name: 'precision', id, value, checked: data.precision === value }),
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
  const whereSet = h(
    'fieldset',
    { class: 'step', 'aria-describedby': 'position-error' },
    h('legend', {}, h('span', { class: 'step-no' }, '2'), t('new.where')),
    h('p', { class: 'hint' }, t('new.whereHint')),
    search.element,
    h('div', { class: 'inline-buttons' }, gps, centre),
    pickerEl,
    where,
    positionError,
    precisionSet,
  );
  fields.position = { input: search.input, error: positionError };

  // 3. The story --------------------------------------------------------------------------
  fields.title = field({
    label: t('new.storyTitle'),
    name: 'title',
    required: true,
    attrs: { maxlength: 120, autocomplete: 'off', value: data.title },
  });
  fields.body = field({
    label: t('new.body'),
    name: 'body',
    multiline: true,
    hint: t('new.bodyHint'),
    attrs: { maxlength: 10000, rows: 6 },
  });
  fields.body.input.value = data.body;
  fields.origin_place = field({
    label: t('new.origin'),
    name: 'origin_place',
    hint: t('new.originHint'),
    attrs: { maxlength: 120, value: data.origin_place, autocomplete: 'address-level2' },
  });
  fields.era_from = field({
    label: t('new.eraFrom'),
    name: 'era_from',
    type: 'number',
    attrs: { inputmode: 'numeric', min: -12000, max: 2200, value: data.era_from },
  });
  fields.era_to = field({
    label: t('new.eraTo'),
    name: 'era_to',
    type: 'number',
    attrs: { inputmode: 'numeric', min: -12000, max: 2200, value: data.era_to },
  });
  const themeSet = h(
    'fieldset',
    { class: 'themes-choice' },
    h('legend', {}, t('new.themes')),
    h(
      'div',
      { class: 'theme-grid' },
      app.themes.map((th) => {
        const id = uid(`theme-${th.slug}`);
        return h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'themes', id, value: th.slug, checked: data.themes.includes(th.slug) }),
          h('label', { for: id }, themeName(th.slug)),
        );
      }),
    ),
  );
  const originWrap = fields.origin_place.wrap;
  const storySet = h(
    'fieldset',
    { class: 'step' },
    h('legend', {}, h('span', { class: 'step-no' }, '3'), t('new.story')),
    originWrap,
    fields.title.wrap,
    fields.body.wrap,
    h('div', { class: 'era-row' }, fields.era_from.wrap, fields.era_to.wrap),
    themeSet,
  );

  // 4. Photos -----------------------------------------------------------------------------
  const photoList = h('ul', { class: 'photo-list' });
  const cameraInput = h('input', {
    type: 'file',
    accept: 'image/*',
    capture: 'environment',
    class: 'visually-hidden',
    id: 'photo-camera',
    tabindex: '-1',
    'aria-label': t('new.camera'),
  });
  const galleryInput = h('input', {
    type: 'file',
    accept: 'image/*',
    multiple: true,
    class: 'visually-hidden',
    id: 'photo-gallery',
    tabindex: '-1',
    'aria-label': t('new.gallery'),
  });
  const photoStatus = h('p', { 'aria-live': 'polite', class: 'hint' });
  const photoSet = h(
    'fieldset',
    { class: 'step' },
    h('legend', {}, h('span', { class: 'step-no' }, '4'), t('new.photos')),
    h('p', { class: 'hint' }, t('new.photosHint', { n: app.config.photos.max_per_story })),
    h(
      'div',
      { class: 'inline-buttons' },
      h('button', { type: 'button', class: 'button', onclick: () => cameraInput.click() }, t('new.camera')),
      h('button', { type: 'button', class: 'button', onclick: () => galleryInput.click() }, t('new.gallery')),
    ),
    cameraInput,
    galleryInput,
    photoStatus,
    photoList,
  );

  // 5. Consent ----------------------------------------------------------------------------
  const consentId = uid('consent');
  const consentError = h('p', { class: 'field-error', id: `${consentId}-error`, hidden: true });
  const consent = h('input', {
    type: 'checkbox',
    id: consentId,
    name: 'consent',
    checked: data.consent,
    'aria-describedby': `${consentId}-error`,
  });
  fields.consent = { input: consent, error: consentError };
  const licenseId = uid('license');
  const license = h(
    'select',
    { id: licenseId, name: 'license' },
    LICENSES.map((l) => h('option', { value: l, selected: data.license === l }, t(`license.${l}`))),
  );
  const consentSet = h(
    'fieldset',
    { class: 'step' },
    h('legend', {}, h('span', { class: 'step-no' }, '5'), t('new.consentTitle')),
    h('div', { class: 'field' }, h('label', { for: licenseId }, t('new.license')), license),
    h(
      'div',
      { class: 'check consent' },
      consent,
      h(
        'label',
        { for: consentId },
        t('new.consent', { moderation: app.config.moderation === 'pre' ? t('new.consentPre') : t('new.consentPost') }),
        ' ',
        h('a', { href: '/privacy', target: '_blank' }, t('nav.privacy')),
      ),
    ),
    consentError,
  );

  const preview = h('section', { class: 'preview', 'aria-labelledby': 'preview-title', hidden: true });
  const previewButton = h('button', { type: 'button', class: 'button', onclick: showPreview }, t('new.preview'));
  const sendButton = h('button', { type: 'submit', class: 'button button-primary button-big' }, t('new.send'));
  form.append(
    kindSet,
    whereSet,
    storySet,
    photoSet,
    consentSet,
    formError,
    preview,
    h('div', { class: 'form-actions' }, previewButton, sendButton),
  );
  page.append(form);

  const picker = createPinPicker(pickerEl, {
    config: app.config,
    kind: data.kind || 'story',
    position: data.position,
    label: t('new.pinLabel'),
    onChange(position) {
      data.position = position;
      describeWhere();
      persist();
    },
  });
  describeWhere();
  syncKind();
  drawPhotos();

  // Form ⇄ draft ------------------------------------------------------------------------
  form.addEventListener('input', readForm);
  form.addEventListener('change', readForm);
  function readForm(event) {
    if (
      event?.target === cameraInput ||
      event?.target === galleryInput ||
      event?.target?.closest?.('.photo-list') ||
      event?.target?.closest?.('.place-search')
    )
      return;
    data.kind = kindSet.querySelector('input:checked')?.value || '';
    data.precision = precisionSet.querySelector('input:checked')?.value || 'exact';
    data.title = fields.title.input.value;
    data.body = fields.body.input.value;
    data.origin_place = fields.origin_place.input.value;
    data.era_from = fields.era_from.input.value;
    data.era_to = fields.era_to.input.value;
    data.themes = [...themeSet.querySelectorAll('input:checked')].map((i) => i.value);
    data.license = license.value;
    data.consent = consent.checked;
    syncKind();
    persist();
  }
  function syncKind() {
    originWrap.hidden = data.kind !== 'memory';
    picker.setKind(data.kind || 'story');
    fields.body.input.placeholder = data.kind === 'memory' ? t('new.memoryPrompt') : '';
  }
  function describeWhere() {
    if (!data.position) where.textContent = t('new.noPosition');
    else
      where.textContent = t('new.positionChosen', {
        place: data.place_label || `${data.position[1].toFixed(4)}, ${data.position[0].toFixed(4)}`,
      });
  }
  function useGps() {
    if (!navigator.geolocation) return announce(t('map.noGeolocation'));
    announce(t('map.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        data.place_label = '';
        picker.place([pos.coords.longitude, pos.coords.latitude]);
      },
      () => announce(t('map.noGeolocation')),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 },
    );
  }

  // Photos ------------------------------------------------------------------------------
  async function addFiles(files) {
    const room = app.config.photos.max_per_story - data.photos.length;
    const chosen = [...files].slice(0, Math.max(room, 0));
    if (files.length > chosen.length) announce(t('new.tooManyPhotos', { n: app.config.photos.max_per_story }));
    for (const file of chosen) {
      photoStatus.textContent = t('new.preparingPhoto', { name: file.name });
      const { blob } = await downscale(file, app.config.photos.max_dimension);
      data.photos.push({
        id: uuid(),
        file: blob,
        filename: (file.name || 'photo').replace(/\.\w+$/, '') + '.jpg',
        caption: '',
        alt: '',
      });
    }
    photoStatus.textContent = chosen.length ? t('new.photosAdded', { n: chosen.length }) : '';
    drawPhotos();
    persist();
  }
  cameraInput.addEventListener('change', () => addFiles(cameraInput.files).then(() => (cameraInput.value = '')));
  galleryInput.addEventListener('change', () => addFiles(galleryInput.files).then(() => (galleryInput.value = '')));
  function drawPhotos() {
    objectUrls.splice(0).forEach((u) => URL.revokeObjectURL(u));
    photoList.replaceChildren(
      ...data.photos.map((photo, index) => {
        const url = URL.createObjectURL(photo.file);
        objectUrls.push(url);
        const alt = field({
          label: t('new.photoAlt'),
          name: `alt-${index}`,
          hint: t('new.photoAltHint'),
          attrs: { maxlength: 300, value: photo.alt },
        });
        const caption = field({
          label: t('new.photoCaption'),
          name: `caption-${index}`,
          attrs: { maxlength: 300, value: photo.caption },
        });
        alt.input.addEventListener('input', () => ((photo.alt = alt.input.value), persist()));
        caption.input.addEventListener('input', () => ((photo.caption = caption.input.value), persist()));
        return h(
          'li',
          { class: 'photo-item' },
          h('img', { src: url, alt: t('new.photoNumber', { n: index + 1 }), class: 'photo-thumb' }),
          h(
            'div',
            {},
            alt.wrap,
            caption.wrap,
            h(
              'button',
              {
                type: 'button',
                class: 'link-button',
                onclick: () => (
                  data.photos.splice(index, 1), drawPhotos(), persist(), photoSet.querySelector('button')?.focus()
                ),
              },
              t('new.removePhoto', { n: index + 1 }),
            ),
          ),
        );
      }),
    );
  }

  // Validate, preview, send ------------------------------------------------------------------
  function translated(errors) {
    return Object.fromEntries(Object.entries(errors).map(([name, keys]) => [name, keys.map((key) => t(key))]));
  }
  function showErrors(errors) {
    showFieldErrors(fields, errors, formError);
    const first = Object.keys(errors)[0];
    if (first === 'kind') fields.kind.input.focus();
    else if (first === 'position') search.input.focus();
    else if (first === 'consent') consent.focus();
  }
  function showPreview() {
    readForm();
    const era = formatEra(...eraYears(data));
    preview.replaceChildren(
      h('h2', { id: 'preview-title', tabindex: '-1' }, t('new.previewTitle')),
      h(
        'div',
        { class: 'story preview-card' },
        data.kind ? h('p', { class: `kind-badge kind-${data.kind}` }, t(`kind.${data.kind}`)) : null,
        h('h3', {}, data.title || t('new.noTitle')),
        paragraphs(data.body),
        h(
          'p',
          { class: 'meta' },
          [data.place_label, era, data.themes.map(themeName).join(', ')].filter(Boolean).join(' · '),
        ),
        data.photos.length ? h('p', { class: 'meta' }, t('new.photosAdded', { n: data.photos.length })) : null,
      ),
    );
    preview.hidden = false;
    preview.querySelector('h2').focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    readForm();
    const errors = validate(data);
    if (Object.keys(errors).length) return showErrors(translated(errors));
    sendButton.disabled = true;
    sendButton.textContent = t('new.sending');
    const feature = toFeature(data, { language: currentLanguage() });
    // Upload progress of the photos, as the outbox reports it.
    const progress = h('progress', { max: '100', value: '0', 'aria-label': t('outbox.progress') });
    if (data.photos.length) sendButton.after(progress);
    const stopProgress = onOutboxChange((change) => {
      if (change.id === feature.id && change.progress != null) progress.value = Math.round(change.progress * 100);
    });
    const item = await outbox.add(feature, data.photos);
    await persist.flush();
    const summary = navigator.onLine ? await outbox.flush() : { pending: 1 };
    stopProgress();
    progress.remove();
    const sent = (await outbox.list()).find((x) => x.id === item.id);
    if (sent && sent.state === 'failed' && !sent.story_sent) {
      await outbox.remove(item.id); // nothing reached the server: fix the form and send again
      sendButton.disabled = false;
      sendButton.textContent = t('new.send');
      if (sent.error.status === 401) return showErrors({ consent: [t('new.loginFirst')] });
      return showErrors(
        Object.keys(sent.error.errors || {}).length
          ? sent.error.errors
          : { consent: [sent.error.detail || sent.error.title] },
      );
    }
    finished = true;
    await clearDraft(DRAFT_KEY);
    if (!sent || sent.state === 'sent') return thanks(sent || item);
    if (summary.pending || sent.state === 'pending') {
      import('../offline/register-sw.js').then((m) => m.requestOutboxSync());
      return queued();
    }
    return thanks(sent);
  });

  function thanks(item) {
    const status = item.result?.properties?.status;
    const photoProblems = (item.photos || []).filter((p) => p.unsupported).length;
    const suggestion = (item.photos || []).map((p) => p.result?.suggestion).find(Boolean);
    page.replaceChildren(
      h('h1', { tabindex: '-1' }, t('new.thanksTitle')),
      h('p', { class: 'lead' }, status === 'published' ? t('new.thanksPublished') : t('new.thanksPending')),
      photoProblems ? h('p', { class: 'notice' }, t('new.photosUnsupported')) : null,
      suggestion ? suggestionOffer(item, suggestion) : null,
      h(
        'p',
        { class: 'inline-buttons' },
        h('a', { class: 'button button-primary', href: `/verhaal/${item.id}`, 'data-link': '' }, t('new.viewStory')),
        h('a', { class: 'button', href: '/mijn', 'data-link': '' }, t('nav.mine')),
        h('a', { class: 'button', href: '/nieuw', 'data-link': '' }, t('new.another')),
      ),
    );
    page.querySelector('h1').focus();
  }
  function suggestionOffer(item, suggestion) {
    const box = h('div', { class: 'notice' }, h('p', {}, t('new.photoLocation')));
    box.append(
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: async () => {
            try {
              await api.request('PATCH', `/stories/${item.id}`, {
                json: { geometry: { type: 'Point', coordinates: [suggestion.lon, suggestion.lat] } },
                headers: { 'Content-Type': 'application/merge-patch+json' },
              });
              box.replaceChildren(h('p', { role: 'status' }, t('new.photoLocationUsed')));
            } catch (error) {
              box.append(h('p', { role: 'alert' }, error.detail || error.title || t('story.failed')));
            }
          },
        },
        t('new.usePhotoLocation'),
      ),
    );
    return box;
  }
  function queued() {
    page.replaceChildren(
      h('h1', { tabindex: '-1' }, t('new.queuedTitle')),
      h('p', { class: 'lead' }, t('new.queued')),
      h(
        'p',
        { class: 'inline-buttons' },
        h('a', { class: 'button button-primary', href: '/uitbox', 'data-link': '' }, t('nav.outbox')),
        h('a', { class: 'button', href: '/', 'data-link': '' }, t('nav.map')),
      ),
    );
    page.querySelector('h1').focus();
  }
  async function restart() {
    finished = true;
    await clearDraft(DRAFT_KEY);
    page.replaceChildren();
    cleanup();
    render(page);
  }
  function cleanup() {
    persist.flush?.();
    objectUrls.forEach((u) => URL.revokeObjectURL(u));
    picker.destroy();
  }
  requestAnimationFrame(() => picker.invalidate());
  window.addEventListener('pagehide', persist.flush, { once: true });
  return cleanup;
}
