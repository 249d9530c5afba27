// Step 4, photos: from the camera or the gallery, downscaled in the browser, each with its own
// description and caption. It writes draft.photos.
import { t } from '../../i18n/index.js';
import { uuid } from '../../offline/outbox.js';
import { downscale, exifGps } from '../../photos.js';
import { field, h } from '../dom.js';
import { announce } from '../status.js';

/**
 * createPhotosStep(draft, {rules, onChange, onLocation}) → {element, draw, destroy}
 * rules: the server's photo settings (max_per_story, max_dimension)
 * onChange(): after a photo was added, removed or described
 * onLocation([lon, lat]): the writer chose to use where a photo was taken
 * In the edit mode (draft.existing_photos) the photos already sent are listed to remove.
 */
export function createPhotosStep(draft, { rules, onChange, onLocation }) {
  const objectUrls = [];
  const list = h('ul', { class: 'photo-list' });
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
  const status = h('p', { 'aria-live': 'polite', class: 'hint' });
  const locationOffer = h('div', { class: 'notice photo-location', hidden: true });
  const existing = h('ul', { class: 'photo-list existing-photos' });
  const element = h(
    'fieldset',
    { class: 'step' },
    h('legend', {}, h('span', { class: 'step-no' }, '4'), t('new.photos')),
    h('p', { class: 'hint' }, t('new.photosHint', { n: rules.max_per_story })),
    h(
      'div',
      { class: 'inline-buttons' },
      h('button', { type: 'button', class: 'button', onclick: () => cameraInput.click() }, t('new.camera')),
      h('button', { type: 'button', class: 'button', onclick: () => galleryInput.click() }, t('new.gallery')),
    ),
    cameraInput,
    galleryInput,
    status,
    locationOffer,
    existing,
    list,
  );

  // The photo's own location, read from its Exif in the browser: offered at once, even offline.
  function offerLocation(point) {
    const [lon, lat] = point;
    const use = h(
      'button',
      {
        type: 'button',
        class: 'button',
        onclick: () => {
          onLocation?.(point);
          locationOffer.replaceChildren(h('p', { role: 'status' }, t('new.photoLocationUsed')));
        },
      },
      t('new.usePhotoLocation'),
    );
    locationOffer.replaceChildren(
      h('p', {}, t('draw.photoLocation', { coords: `${lat.toFixed(4)}, ${lon.toFixed(4)}` })),
      use,
    );
    locationOffer.hidden = false;
  }

  async function addFiles(files) {
    const room = rules.max_per_story - draft.photos.length - keptPhotos().length;
    const chosen = [...files].slice(0, Math.max(room, 0));
    if (files.length > chosen.length) announce(t('new.tooManyPhotos', { n: rules.max_per_story }));
    for (const file of chosen) {
      status.textContent = t('new.preparingPhoto', { name: file.name });
      let gps = null;
      try {
        gps = exifGps(new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer()));
      } catch {
        gps = null; // not a JPEG with Exif: nothing to offer
      }
      if (gps) offerLocation(gps);
      const { blob } = await downscale(file, rules.max_dimension);
      draft.photos.push({
        id: uuid(),
        file: blob,
        filename: `${(file.name || 'photo').replace(/\.\w+$/, '')}.jpg`,
        caption: '',
        alt: '',
      });
    }
    status.textContent = chosen.length ? t('new.photosAdded', { n: chosen.length }) : '';
    draw();
    onChange();
  }
  for (const input of [cameraInput, galleryInput]) {
    input.addEventListener('change', async () => {
      await addFiles(input.files);
      input.value = ''; // choosing the same file again is a new choice
    });
  }

  function remove(index) {
    draft.photos.splice(index, 1);
    draw();
    onChange();
    element.querySelector('button')?.focus();
  }

  function revokeUrls() {
    for (const url of objectUrls.splice(0)) URL.revokeObjectURL(url);
  }

  function keptPhotos() {
    return (draft.existing_photos || []).filter((p) => !(draft.remove_photos || []).includes(p.id));
  }

  function drawExisting() {
    const photos = draft.existing_photos || [];
    existing.hidden = !photos.length;
    existing.replaceChildren(
      ...photos.map((photo, index) => {
        const removed = (draft.remove_photos || []).includes(photo.id);
        const toggle = h(
          'button',
          {
            type: 'button',
            class: 'link-button',
            'aria-pressed': String(removed),
            onclick: () => {
              draft.remove_photos = removed
                ? draft.remove_photos.filter((id) => id !== photo.id)
                : [...(draft.remove_photos || []), photo.id];
              draw();
              onChange();
              existing.querySelectorAll('button')[index]?.focus();
            },
          },
          removed ? t('edit.keepPhoto', { n: index + 1 }) : t('new.removePhoto', { n: index + 1 }),
        );
        // A photo already sent keeps its description and caption editable (e.g. to leave out a
        // house number a curator asked about).
        const texts = removed ? [] : describeFields(photo, `existing-${index}`);
        return h(
          'li',
          { class: `photo-item${removed ? ' photo-removed' : ''}` },
          h('img', {
            src: photo.urls?.thumb || photo.urls?.medium,
            alt: t('new.photoNumber', { n: index + 1 }),
            class: 'photo-thumb',
          }),
          h('div', {}, texts, removed ? h('p', { class: 'hint' }, t('edit.photoWillGo')) : null, toggle),
        );
      }),
    );
  }

  /** The alt text and caption fields of a photo, writing into it. */
  function describeFields(photo, name) {
    const alt = field({
      label: t('new.photoAlt'),
      name: `alt-${name}`,
      hint: t('new.photoAltHint'),
      attrs: { maxlength: 300, value: photo.alt || '' },
    });
    const caption = field({
      label: t('new.photoCaption'),
      name: `caption-${name}`,
      attrs: { maxlength: 300, value: photo.caption || '' },
    });
    alt.input.addEventListener('input', () => {
      photo.alt = alt.input.value;
      onChange();
    });
    caption.input.addEventListener('input', () => {
      photo.caption = caption.input.value;
      onChange();
    });
    return [alt.wrap, caption.wrap];
  }

  function draw() {
    drawExisting();
    revokeUrls();
    list.replaceChildren(
      ...draft.photos.map((photo, index) => {
        const url = URL.createObjectURL(photo.file);
        objectUrls.push(url);
        const [altWrap, captionWrap] = describeFields(photo, index);
        return h(
          'li',
          { class: 'photo-item' },
          h('img', { src: url, alt: t('new.photoNumber', { n: index + 1 }), class: 'photo-thumb' }),
          h(
            'div',
            {},
            altWrap,
            captionWrap,
            h(
              'button',
              { type: 'button', class: 'link-button', onclick: () => remove(index) },
              t('new.removePhoto', { n: index + 1 }),
            ),
          ),
        );
      }),
    );
  }

  return { element, draw, destroy: revokeUrls };
}
