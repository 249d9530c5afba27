import { describe, expect, it } from 'vitest';
import en from '../src/i18n/en.js';
import nl from '../src/i18n/nl.js';
import {
  editPatch,
  emptyDraft,
  eraYears,
  fromFeature,
  mediaUpdates,
  restoreDraft,
  statusAfterEdit,
  toFeature,
  validate,
} from '../src/story-draft.js';

const ID = '0b6c4d52-7c1e-4d7a-9a55-3f1e2d4c5b6a';

function draft(overrides = {}) {
  return {
    ...emptyDraft(ID),
    kind: 'memory',
    position: [6.5625, 52.9928],
    title: 'Eik op de brink',
    consent: true,
    ...overrides,
  };
}

describe('toFeature', () => {
  it('builds the Feature the API takes, with the draft id as the client UUID', () => {
    const feature = toFeature(draft({ body: 'Op de brink stond een grote eik.', themes: ['natuur'] }), {
      language: 'nl',
    });
    expect(feature).toEqual({
      type: 'Feature',
      id: ID,
      geometry: { type: 'Point', coordinates: [6.5625, 52.9928] },
      properties: {
        kind: 'memory',
        title: 'Eik op de brink',
        body: 'Op de brink stond een grote eik.',
        themes: ['natuur'],
        location_precision: 'exact',
        language: 'nl',
        license: 'CC-BY-4.0',
        consent: true,
      },
    });
  });

  it('trims the title and the body', () => {
    const { properties } = toFeature(draft({ title: '  Eik  ', body: '\nTekst \n' }), { language: 'nl' });
    expect(properties.title).toBe('Eik');
    expect(properties.body).toBe('Tekst');
  });

  it('sends the years as numbers and leaves empty ones out', () => {
    const both = toFeature(draft({ era_from: '1963', era_to: '1970' }), { language: 'nl' }).properties;
    expect(both.era_from).toBe(1963);
    expect(both.era_to).toBe(1970);
    const onlyFrom = toFeature(draft({ era_from: '-300' }), { language: 'nl' }).properties;
    expect(onlyFrom.era_from).toBe(-300);
    expect(onlyFrom).not.toHaveProperty('era_to');
  });

  it('sends the year 0 (it is not an empty field)', () => {
    expect(toFeature(draft({ era_from: '0' }), { language: 'nl' }).properties.era_from).toBe(0);
  });

  it("keeps where someone came from for a memory only, trimmed, and not when it's blank", () => {
    expect(toFeature(draft({ origin_place: ' Groningen ' }), { language: 'nl' }).properties.origin_place).toBe(
      'Groningen',
    );
    expect(toFeature(draft({ origin_place: '   ' }), { language: 'nl' }).properties).not.toHaveProperty('origin_place');
    expect(
      toFeature(draft({ kind: 'wish', origin_place: 'Groningen' }), { language: 'nl' }).properties,
    ).not.toHaveProperty('origin_place');
  });

  it('names the place only when one was picked from the search', () => {
    expect(toFeature(draft({ place_label: 'Assen' }), { language: 'nl' }).properties.place_name).toBe('Assen');
    expect(toFeature(draft(), { language: 'nl' }).properties).not.toHaveProperty('place_name');
  });

  it('carries precision, licence and the writing language', () => {
    const { properties } = toFeature(draft({ precision: 'approximate', license: 'CC0-1.0' }), { language: 'en' });
    expect(properties.location_precision).toBe('approximate');
    expect(properties.license).toBe('CC0-1.0');
    expect(properties.language).toBe('en');
  });

  it('leaves the photos out of the Feature', () => {
    const photos = [{ id: 'p1', file: new Blob(['x']), filename: 'eik.jpg', caption: '', alt: '' }];
    expect(JSON.stringify(toFeature(draft({ photos }), { language: 'nl' }))).not.toContain('eik.jpg');
  });
});

describe('validate', () => {
  it('accepts a complete draft', () => {
    expect(validate(draft())).toEqual({});
  });

  it('asks for everything a blank draft lacks, in the order of the form', () => {
    const errors = validate(emptyDraft(ID));
    expect(Object.keys(errors)).toEqual(['kind', 'position', 'title', 'consent']);
  });

  it('counts a title of spaces as no title', () => {
    expect(validate(draft({ title: '   ' }))).toEqual({ title: ['form.required'] });
  });

  it('rejects an era that ends before it starts, and accepts one year or an open end', () => {
    expect(validate(draft({ era_from: '1970', era_to: '1963' }))).toEqual({ era_to: ['new.errorEra'] });
    expect(validate(draft({ era_from: '1963', era_to: '1963' }))).toEqual({});
    expect(validate(draft({ era_from: '1963' }))).toEqual({});
    expect(validate(draft({ era_to: '1963' }))).toEqual({});
  });

  it('compares years as numbers, not as text', () => {
    expect(validate(draft({ era_from: '900', era_to: '1200' }))).toEqual({});
  });

  it('requires consent', () => {
    expect(validate(draft({ consent: false }))).toEqual({ consent: ['new.errorConsent'] });
  });

  it('answers with message keys that both catalogues have', () => {
    for (const [field, keys] of Object.entries(validate({ ...emptyDraft(ID), era_from: '2', era_to: '1' }))) {
      for (const key of keys) {
        expect(nl, field).toHaveProperty([key]);
        expect(en, field).toHaveProperty([key]);
      }
    }
  });
});

describe('drafts', () => {
  it('fills fields a stored draft lacks and keeps what it has', () => {
    const restored = restoreDraft({ id: 'old-id', title: 'Bewaard', kind: 'wish' }, 'new-id');
    expect(restored.id).toBe('old-id');
    expect(restored.title).toBe('Bewaard');
    expect(restored.license).toBe('CC-BY-4.0');
    expect(restored.photos).toEqual([]);
  });

  it('reads the years of an era as numbers or null', () => {
    expect(eraYears(draft({ era_from: '1963', era_to: '' }))).toEqual([1963, null]);
  });
});

describe('routes and areas in the draft', () => {
  const route = [
    [6.5, 52.9],
    [6.6, 52.95],
  ];
  it('sends a route as a LineString, always exact', () => {
    const feature = toFeature(draft({ shape: 'LineString', vertices: route, precision: 'approximate' }), {
      language: 'nl',
    });
    expect(feature.geometry).toEqual({ type: 'LineString', coordinates: route });
    expect(feature.properties.location_precision).toBe('exact');
  });

  it('sends an area as a closed Polygon', () => {
    const ring = [...route, [6.5, 53.0]];
    const feature = toFeature(draft({ shape: 'Polygon', vertices: ring }), { language: 'nl' });
    expect(feature.geometry).toEqual({ type: 'Polygon', coordinates: [[...ring, ring[0]]] });
  });

  it('says in words what is wrong with a drawing, under the place step', () => {
    expect(validate(draft({ shape: 'LineString', vertices: [route[0]] })).position).toEqual(['draw.errorRouteShort']);
    expect(validate(draft({ shape: 'Polygon', vertices: route })).position).toEqual(['draw.errorAreaShort']);
    expect(validate(draft({ shape: 'LineString', vertices: route })).position).toBeUndefined();
    for (const key of ['draw.errorRouteShort', 'draw.errorAreaShort', 'draw.errorTooMany', 'draw.errorCrossing']) {
      expect(nl[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
    }
  });
});

describe('editing a story already sent', () => {
  const stored = {
    type: 'Feature',
    id: ID,
    geometry: { type: 'Point', coordinates: [6.5625, 52.9928] },
    properties: {
      kind: 'memory',
      title: 'Eik op de brink',
      body: 'Een eik.',
      themes: ['natuur'],
      era_from: 1960,
      era_to: null,
      origin_place: 'Anloo',
      place_name: 'Assen',
      location_precision: 'exact',
      license: 'CC-BY-4.0',
      status: 'published',
      photos: [{ id: 'p1', urls: {} }],
      audio: [],
    },
  };

  it('fills the form from the story', () => {
    const d = fromFeature(stored);
    expect(d).toMatchObject({
      id: ID,
      kind: 'memory',
      shape: 'Point',
      position: [6.5625, 52.9928],
      era_from: '1960',
      era_to: '',
      origin_place: 'Anloo',
      place_label: 'Assen',
      consent: true,
      photos: [],
    });
    expect(d.existing_photos).toEqual([{ id: 'p1', urls: {} }]);
  });

  it('sends nothing when nothing changed', () => {
    expect(editPatch(stored, fromFeature(stored), { language: 'nl' })).toBeNull();
  });

  it('sends only what changed, and an emptied field as null', () => {
    const d = fromFeature(stored);
    d.title = 'De eik';
    d.era_from = '';
    d.origin_place = '';
    expect(editPatch(stored, d, { language: 'nl' })).toEqual({
      type: 'Feature',
      properties: { title: 'De eik', era_from: null, origin_place: null },
    });
  });

  it('sends a route drawn instead of the point, letting the server name the place', () => {
    const d = fromFeature(stored);
    d.shape = 'LineString';
    d.vertices = [
      [6.5, 52.9],
      [6.6, 52.95],
    ];
    const patch = editPatch(stored, d, { language: 'nl' });
    expect(patch.geometry.type).toBe('LineString');
    expect(patch.properties).toBeUndefined();
  });

  it('reads a stored area back for drawing', () => {
    const area = {
      ...stored,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [6.5, 52.9],
            [6.6, 52.9],
            [6.6, 53],
            [6.5, 52.9],
          ],
        ],
      },
    };
    const d = fromFeature(area);
    expect(d.shape).toBe('Polygon');
    expect(d.vertices).toHaveLength(3);
    expect(editPatch(area, d, { language: 'nl' })).toBeNull();
  });

  it('lists changed captions and transcripts, not those of photos being removed', () => {
    const original = {
      ...stored,
      properties: {
        ...stored.properties,
        photos: [
          { id: 'p1', caption: 'Brink 12', alt: 'Een huis' },
          { id: 'p2', caption: 'Weg', alt: '' },
        ],
        audio: [{ id: 'a1', transcript: 'Nummer 12' }],
      },
    };
    const d = fromFeature(original);
    expect(mediaUpdates(original, d)).toEqual([]);
    d.existing_photos[0].caption = 'De brink';
    d.existing_photos[1].caption = 'Anders';
    d.remove_photos = ['p2'];
    d.existing_audio[0].transcript = 'Aan de brink';
    expect(mediaUpdates(original, d)).toEqual([
      { kind: 'photos', id: 'p1', changes: { caption: 'De brink' } },
      { kind: 'audio', id: 'a1', changes: { transcript: 'Aan de brink' } },
    ]);
  });

  it.each([
    ['published', 'resident', 'pre', 'pending'],
    ['published', 'resident', 'post', 'published'],
    ['published', 'pupil', 'post', 'pending'],
    ['published', 'curator', 'pre', 'published'],
    ['rejected', 'resident', 'post', 'pending'],
    ['hidden', 'admin', 'pre', 'hidden'],
    ['pending', 'resident', 'pre', 'pending'],
  ])(
    'a %s story edited by a %s under %s-moderation becomes %s (as the server decides)',
    (status, role, mode, after) => {
      expect(statusAfterEdit(status, role, mode)).toBe(after);
    },
  );
});
