// The schools' calls to the server (docs/schools.md): projects, codes, the class list, joining
// and the class map. Through api.js's request(), like every other call (CSRF, problem+json).
import { api } from '../../state.js';

const p = (slug) => `/projects/${encodeURIComponent(slug)}`;

export const schoolsApi = {
  projects: () => api.request('GET', '/projects'),
  project: (slug) => api.request('GET', p(slug)),
  createProject: (body) => api.request('POST', '/projects', { json: body }),
  updateProject: (slug, body) => api.request('PATCH', p(slug), { json: body }),
  rotateCode: (slug) => api.request('POST', `${p(slug)}/code`),
  addTeacher: (slug, email) => api.request('POST', `${p(slug)}/teachers`, { json: { email } }),
  pupils: (slug) => api.request('GET', `${p(slug)}/pupils`),
  resetPupilCode: (slug, id) => api.request('POST', `${p(slug)}/pupils/${encodeURIComponent(id)}/code`),
  removePupil: (slug, id) => api.request('DELETE', `${p(slug)}/pupils/${encodeURIComponent(id)}`),
  classStories: (slug) => api.request('GET', `${p(slug)}/stories`),
  makePublic: (slug, id) => api.request('POST', `${p(slug)}/stories/${encodeURIComponent(id)}/public`),
  join: (code, nickname) => api.request('POST', '/auth/join', { json: { code, nickname } }),
  reenter: (code) => api.request('POST', '/auth/reenter', { json: { code } }),
  myStories: () => api.myStories(),
  queue: (slug) => api.moderationQueue({ project: slug }),
  /** Addresses the browser opens itself (images, downloads). */
  qrSrc: (slug) => `/api/v1${p(slug)}/qr.svg`,
  pupilQrSrc: (slug, id) => `/api/v1${p(slug)}/pupils/${encodeURIComponent(id)}/qr.svg`,
  exportHref: (slug) => `/api/v1${p(slug)}/export.zip`,
};
