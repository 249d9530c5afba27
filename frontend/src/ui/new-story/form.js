// The new story's form: what (1), where (2), the story (3), photos (4), licence and consent (5),
// a preview and the send button. Every change is read into the draft; errors, the form's own
// and the server's, are shown next to their fields.
import { t } from '../../i18n/index.js';
import { validate } from '../../story-draft.js';
import { h, showFieldErrors } from '../dom.js';
import { createConsentStep } from './consent-step.js';
import { createKindStep } from './kind-step.js';
import { createPhotosStep } from './photos-step.js';
import { storyPreview } from './preview.js';
import { createStoryStep } from './story-step.js';
import { createVoiceStep } from './voice-step.js';
import { createWhereStep } from './where-step.js';
import './own-story.css';

/**
 * createStoryForm(draft, {config, themes, onChange, onSubmit, mode}) →
 *   {element, start, invalidate, showErrors, startSending, enableSend, destroy}
 * mode: 'new' (default) or 'edit' (a story already sent: no consent step, "save changes")
 * draft: updated in place as the writer goes
 * onChange(): after every change (the screen saves the draft)
 * onSubmit(): the send button was pressed and the draft is complete
 */
export function createStoryForm(draft, { config, themes, onChange, onSubmit, mode = 'new' }) {
  const editing = mode === 'edit';
  const what = createKindStep(draft);
  const where = createWhereStep(draft, { config, onChange });
  const story = createStoryStep(draft, themes);
  const photos = createPhotosStep(draft, { rules: config.photos, onChange, onLocation: (p) => where.usePoint(p) });
  const voice = createVoiceStep(draft, { rules: config.audio, onChange });
  const consent = createConsentStep(draft, config);
  if (editing) consent.element.hidden = true; // consent was given; withdrawing it is its own action
  // In the order of the form: showFieldErrors focuses the first field with an error.
  const fields = { kind: what.field, position: where.field, ...story.fields, consent: consent.field };

  const formError = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const preview = h('section', { class: 'preview', 'aria-labelledby': 'preview-title', hidden: true });
  const previewButton = h('button', { type: 'button', class: 'button', onclick: showPreview }, t('new.preview'));
  const sendLabel = editing ? t('edit.save') : t('new.send');
  const sendButton = h('button', { type: 'submit', class: 'button button-primary button-big' }, sendLabel);
  // Under the send button: server problems that name no field of the form.
  const sendError = h('p', { class: 'field-error', id: 'send-error', hidden: true });
  const element = h(
    'form',
    { class: 'new-story', novalidate: true },
    what.element,
    where.element,
    story.element,
    photos.element,
    voice.element,
    consent.element,
    formError,
    preview,
    h('div', { class: 'form-actions' }, previewButton, sendButton),
    sendError,
  );
  if (editing) fields.consent = { input: sendButton, error: sendError };

  element.addEventListener('input', readForm);
  element.addEventListener('change', readForm);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    readForm();
    const errors = validate(draft);
    if (Object.keys(errors).length) return showErrors(translated(errors));
    onSubmit();
  });

  function readForm(event) {
    // The photos and the place search keep the draft up to date themselves.
    const target = event?.target;
    if (
      target &&
      (photos.element.contains(target) ||
        voice.element.contains(target) ||
        target.closest('.place-search') ||
        target.closest('.draw-tools, .shape-choice'))
    )
      return;
    draft.kind = what.element.querySelector('input:checked')?.value || '';
    draft.precision = where.precision;
    Object.assign(draft, story.read());
    draft.license = consent.license.value;
    if (!editing) draft.consent = consent.field.input.checked;
    syncKind();
    onChange();
  }

  function syncKind() {
    story.fields.origin_place.wrap.hidden = draft.kind !== 'memory';
    where.setKind(draft.kind || 'story');
    story.fields.body.input.placeholder = draft.kind === 'memory' ? t('new.memoryPrompt') : '';
  }

  function showErrors(errors) {
    showFieldErrors(fields, errors, formError);
    // A group's error is read out from its fieldset; focus goes to the control to fix.
    const first = Object.keys(errors)[0];
    if (first === 'kind' || first === 'position' || first === 'consent') fields[first].input.focus();
  }

  function showPreview() {
    readForm();
    preview.replaceChildren(...storyPreview(draft));
    preview.hidden = false;
    preview.querySelector('h2').focus();
  }

  return {
    element,
    /** Call once the form is in the document. */
    start() {
      photos.draw();
      where.showMap();
      syncKind();
    },
    invalidate: () => where.invalidate(),
    showErrors,
    /** Disable sending while a story is on its way; with photos, show their upload progress. */
    startSending() {
      sendButton.disabled = true;
      sendButton.textContent = t('new.sending');
      const bar = h('progress', { max: '100', value: '0', 'aria-label': t('outbox.progress') });
      if (draft.photos.length || draft.audio?.length) sendButton.after(bar);
      return {
        progress: (fraction) => {
          bar.value = Math.round(fraction * 100);
        },
        end: () => bar.remove(),
      };
    },
    enableSend() {
      sendButton.disabled = false;
      sendButton.textContent = sendLabel;
    },
    destroy() {
      voice.destroy();
      photos.destroy();
      where.destroy();
    },
  };
}

function translated(errors) {
  return Object.fromEntries(Object.entries(errors).map(([name, keys]) => [name, keys.map((key) => t(key))]));
}
