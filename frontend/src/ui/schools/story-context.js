// The pupil's project as the story form needs it (ui/new-story/ loads this for pupils only): its
// area on the pin map. Remembered on the device, so "Vertel" shows it without signal too.
import { schoolsApi } from './schools-api.js';

const PROJECT_KEY = 'verhalenkaart.project';

export function rememberProject(project) {
  try {
    localStorage.setItem(PROJECT_KEY, JSON.stringify(project));
  } catch {
    /* storage blocked */
  }
}

export function rememberedProject(slug) {
  try {
    const project = JSON.parse(localStorage.getItem(PROJECT_KEY) || 'null');
    return project && (!slug || project.slug === slug) ? project : null;
  } catch {
    return null;
  }
}

export function forgetProject() {
  try {
    localStorage.removeItem(PROJECT_KEY);
  } catch {
    /* ignore */
  }
}

/** The pupil's project area (GeoJSON), from the server or, offline, from the device; or null. */
export async function pupilProjectArea(user) {
  try {
    const project = await schoolsApi.project(user.project);
    rememberProject(project);
    return project.area || null;
  } catch {
    return rememberedProject(user.project)?.area || null;
  }
}
