// A new story's draft as plain data: what the form holds (strings as typed), how it becomes the
// GeoJSON Feature that POST /stories takes, and which fields still need the writer's attention.
// No DOM and no globals, so the rules can be tested on their own.

export const STORY_KINDS = ['memory', 'story', 'photo', 'wish'];
export const LICENSES = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0'];

/** A blank draft; `id` becomes the story's client UUID (a resent story is not created twice). */
export function emptyDraft(id) {
  return {
    id,
    kind: '',
    position: null, // [lon, lat]
    place_label: '',
    precision: 'exact',
    title: '',
    body: '',
    origin_place: '',
    era_from: '', // years as typed: '' when empty
    era_to: '',
    themes: [],
    license: 'CC-BY-4.0',
    consent: false,
    photos: [], // {id, file: Blob, filename, caption, alt}
  };
}

/** A stored draft on top of a blank one, so fields added since it was saved have their defaults. */
export function restoreDraft(stored, id) {
  return { ...emptyDraft(id), ...stored };
}

/** The era's years as numbers, null where the field is empty: [from, to]. */
export function eraYears(draft) {
  const year = (value) => (value === '' ? null : Number(value));
  return [year(draft.era_from), year(draft.era_to)];
}

/**
 * The story Feature for POST /stories (photos are sent separately). `language` is the language
 * the story is written in (the UI's).
 */
export function toFeature(draft, { language }) {
  const [eraFrom, eraTo] = eraYears(draft);
  const properties = {
    kind: draft.kind,
    title: draft.title.trim(),
    body: draft.body.trim(),
    themes: draft.themes,
    location_precision: draft.precision,
    language,
    license: draft.license,
    consent: draft.consent,
  };
  if (eraFrom !== null) properties.era_from = eraFrom;
  if (eraTo !== null) properties.era_to = eraTo;
  // Where someone came from belongs to a memory only; a changed kind leaves it out.
  if (draft.kind === 'memory' && draft.origin_place.trim()) properties.origin_place = draft.origin_place.trim();
  if (draft.place_label) properties.place_name = draft.place_label;
  return { type: 'Feature', id: draft.id, geometry: { type: 'Point', coordinates: draft.position }, properties };
}

/**
 * What must be fixed before sending: {field: [message key]}, in the form's order; empty when
 * the draft can go. The keys are i18n keys, so the form shows them in the UI's language.
 */
export function validate(draft) {
  const errors = {};
  if (!draft.kind) errors.kind = ['new.errorKind'];
  if (!draft.position) errors.position = ['new.errorPosition'];
  if (!draft.title.trim()) errors.title = ['form.required'];
  if (draft.era_from && draft.era_to && Number(draft.era_to) < Number(draft.era_from)) errors.era_to = ['new.errorEra'];
  if (!draft.consent) errors.consent = ['new.errorConsent'];
  return errors;
}
