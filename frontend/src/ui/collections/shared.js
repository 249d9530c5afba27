// What the tour, the kiosk and print share: a published collection, its photos kept for offline
// use, and a story's short text.
import { api } from '../../state.js';

/** The collection as the public sees it (drafts: curators only). */
export function loadCollection(slug) {
  return api.collection(slug);
}

/** A photo of the story to show: the first one, or null. */
export function firstPhoto(feature) {
  return feature?.properties?.photos?.[0] || null;
}

const MAX_PRELOADED = 60; // the service worker's media cache holds 120: leave room for the rest

/** Ask for the collection's photos once, so the service worker keeps them for offline use. */
export function preloadPhotos(collection, sizes = ['medium']) {
  const images = [];
  for (const item of collection.items.slice(0, MAX_PRELOADED)) {
    const photo = firstPhoto(item.feature);
    for (const size of sizes) {
      if (!photo?.urls?.[size]) continue;
      const img = new Image();
      img.decoding = 'async';
      img.src = photo.urls[size];
      images.push(img);
    }
  }
  return images;
}

/** The first `max` characters of a text, cut at a word. */
export function excerpt(text, max = 280) {
  const clean = String(text || '')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 40))}…`;
}

/** The absolute address of a path on this site (what QR codes encode). */
export function siteUrl(path) {
  return new URL(path, location.origin).href;
}

export function isCurator(user) {
  return Boolean(user && (user.role === 'curator' || user.role === 'admin'));
}
