// Messages: Dutch by default, English on request; every string of the UI lives in messages/.
import nl from './nl.js';

const STORAGE_KEY = 'verhalenkaart.lang';
const catalogues = { nl };
let language = 'nl';
const listeners = new Set();

export function currentLanguage() {
  return language;
}

export function t(key, vars) {
  const text = catalogues[language]?.[key] ?? nl[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export function preferredLanguage() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'nl' || stored === 'en') return stored;
  } catch {
    /* storage may be blocked */
  }
  return 'nl';
}

export async function setLanguage(lang) {
  if (lang !== 'nl' && lang !== 'en') lang = 'nl';
  if (!catalogues[lang]) catalogues[lang] = (await import('./en.js')).default;
  language = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
  translateStatic(document);
  for (const fn of listeners) fn(lang);
}

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Elements with data-i18n="key" (and data-i18n-attr="aria-label") get their text from the catalogue. */
export function translateStatic(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    const attr = el.dataset.i18nAttr;
    if (attr) el.setAttribute(attr, t(el.dataset.i18n));
    else el.textContent = t(el.dataset.i18n);
  });
}

/** Years as people say them: 1965, "1965–1975", "300 v.Chr.". */
export function formatEra(from, to) {
  const year = (y) => (y < 0 ? t('era.bce', { year: -y }) : String(y));
  if (from == null && to == null) return '';
  if (from != null && to != null && from !== to) return `${year(from)}–${year(to)}`;
  return year(from ?? to);
}

// Month names here rather than Intl: toLocaleDateString builds a formatter on every call, and the
// story page's one date took ~60 ms of main thread (~240 ms on Lighthouse's 4× slower phone CPU).
const MONTHS = {
  nl: 'januari februari maart april mei juni juli augustus september oktober november december',
  en: 'January February March April May June July August September October November December',
};

/** A day as people write it: "1 december 2026", "1 December 2026" (the local date). */
export function formatDate(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso.slice(0, 10);
  const month = MONTHS[language === 'en' ? 'en' : 'nl'].split(' ')[date.getMonth()];
  return `${date.getDate()} ${month} ${date.getFullYear()}`;
}
