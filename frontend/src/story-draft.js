// A new story's draft as plain data: what the form holds (strings as typed), how it becomes the
// GeoJSON Feature that POST /stories takes, and which fields still need the writer's attention.
// No DOM and no globals, so the rules can be tested on their own. The same draft edits a story
// already sent (fromFeature → the form → editPatch: only what changed goes to the server).
import { pointsOf, shapeProblems, toGeometry } from './shape.js';

export const STORY_KINDS = ['memory', 'story', 'photo', 'wish'];
export const LICENSES = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0'];

/** A blank draft; `id` becomes the story's client UUID (a resent story is not created twice). */
export function emptyDraft(id) {
  return {
    id,
    kind: '',
    shape: 'Point', // or 'LineString' (a route) or 'Polygon' (an area)
    position: null, // [lon, lat] of a Point
    vertices: [], // [[lon, lat], …] of a route or an area (an area's ring not closed)
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
    audio: [], // {id, file: Blob, filename, transcript, duration}
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
    location_precision: (draft.shape || 'Point') === 'Point' ? draft.precision : 'exact',
    language,
    license: draft.license,
    consent: draft.consent,
  };
  if (eraFrom !== null) properties.era_from = eraFrom;
  if (eraTo !== null) properties.era_to = eraTo;
  // Where someone came from belongs to a memory only; a changed kind leaves it out.
  if (draft.kind === 'memory' && draft.origin_place.trim()) properties.origin_place = draft.origin_place.trim();
  if (draft.place_label) properties.place_name = draft.place_label;
  return { type: 'Feature', id: draft.id, geometry: draftGeometry(draft), properties };
}

/** The draft's geometry: its point, route or area (only a point can be approximate). */
export function draftGeometry(draft) {
  if ((draft.shape || 'Point') === 'Point')
    return draft.position ? { type: 'Point', coordinates: draft.position } : null;
  return toGeometry(draft.shape, draft.vertices || []);
}

/** A story the author sent (GET /stories/{id}) as a draft for the form's edit mode. */
export function fromFeature(feature) {
  const p = feature.properties;
  const shape = ['LineString', 'Polygon'].includes(feature.geometry?.type) ? feature.geometry.type : 'Point';
  const year = (value) => (value === null || value === undefined ? '' : String(value));
  return {
    ...emptyDraft(feature.id),
    kind: p.kind || '',
    shape,
    position: shape === 'Point' ? feature.geometry?.coordinates || null : null,
    vertices: shape === 'Point' ? [] : pointsOf(feature.geometry),
    place_label: p.place_name || '',
    precision: p.location_precision || 'exact',
    title: p.title || '',
    body: p.body || '',
    origin_place: p.origin_place || '',
    era_from: year(p.era_from),
    era_to: year(p.era_to),
    themes: [...(p.themes || [])],
    license: p.license || 'CC-BY-4.0',
    consent: true,
    existing_photos: (p.photos || []).map((photo) => ({ ...photo })),
    existing_audio: (p.audio || []).map((rec) => ({ ...rec })),
    remove_photos: [],
    remove_audio: [],
  };
}

/**
 * What an edit changes, as a partial Feature for PATCH /stories/{id}; null when the story's own
 * fields are unchanged (photos and recordings go separately). A field emptied is sent as null.
 */
export function editPatch(original, draft, { language }) {
  const before = original.properties;
  const after = toFeature(draft, { language }).properties;
  const properties = {};
  const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  for (const key of ['kind', 'title', 'body', 'themes', 'license', 'era_from', 'era_to', 'origin_place']) {
    if (!same(before[key] ?? (key === 'themes' ? [] : null), after[key] ?? (key === 'themes' ? [] : null)))
      properties[key] = after[key] ?? null;
  }
  const geometry = draftGeometry(draft);
  const moved = !same(geometry, original.geometry);
  if (!same(before.location_precision, after.location_precision) || (moved && geometry.type === 'Point'))
    properties.location_precision = after.location_precision;
  // A move without a named place lets the server name the nearest one; a kept spot keeps its name
  // unless the writer changed it.
  if (draft.place_label && !same(before.place_name, draft.place_label)) properties.place_name = draft.place_label;
  const patch = {};
  if (moved) patch.geometry = geometry;
  if (Object.keys(properties).length) patch.properties = properties;
  return Object.keys(patch).length ? { type: 'Feature', ...patch } : null;
}

/**
 * What must be fixed before sending: {field: [message key]}, in the form's order; empty when
 * the draft can go. The keys are i18n keys, so the form shows them in the UI's language.
 */
export function validate(draft) {
  const errors = {};
  if (!draft.kind) errors.kind = ['new.errorKind'];
  const shape = draft.shape || 'Point';
  if (shape === 'Point' && !draft.position) errors.position = ['new.errorPosition'];
  if (shape !== 'Point') {
    const problems = shapeProblems(shape, draft.vertices || []);
    if (problems.length) errors.position = problems.map((p) => p.key);
  }
  if (!draft.title.trim()) errors.title = ['form.required'];
  if (draft.era_from && draft.era_to && Number(draft.era_to) < Number(draft.era_from)) errors.era_to = ['new.errorEra'];
  if (!draft.consent) errors.consent = ['new.errorConsent'];
  return errors;
}

/**
 * The status a story will have after its editor changes it, as the server decides it
 * (stories/models.py status_after_edit): with pre-moderation a published story goes back to
 * review, a pupil's always does, a rejected or hidden one goes back to the queue; curators' and
 * admins' own edits publish. The form says so before saving.
 */
export function statusAfterEdit(status, role, moderation) {
  const moderator = role === 'curator' || role === 'admin';
  const initial = moderator
    ? 'published'
    : role === 'pupil'
      ? 'pending'
      : moderation === 'post'
        ? 'published'
        : 'pending';
  if (status === 'published' && initial === 'pending') return 'pending';
  if ((status === 'rejected' || status === 'hidden') && !moderator) return 'pending';
  return status;
}

/**
 * The captions, alt texts and transcripts changed on photos and recordings already sent (and
 * not being removed): [{kind: 'photos'|'audio', id, changes}] for PATCH …/{kind}/{id}.
 */
export function mediaUpdates(original, draft) {
  const updates = [];
  const lists = [
    ['photos', original.properties.photos, draft.existing_photos, draft.remove_photos, ['caption', 'alt']],
    ['audio', original.properties.audio, draft.existing_audio, draft.remove_audio, ['transcript']],
  ];
  for (const [kind, before = [], after = [], removed = [], keys] of lists) {
    for (const item of after || []) {
      if ((removed || []).includes(item.id)) continue;
      const old = (before || []).find((b) => b.id === item.id) || {};
      const changes = {};
      for (const key of keys) if ((item[key] || '') !== (old[key] || '')) changes[key] = item[key] || '';
      if (Object.keys(changes).length) updates.push({ kind, id: item.id, changes });
    }
  }
  return updates;
}
