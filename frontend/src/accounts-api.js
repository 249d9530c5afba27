// The account endpoints of the admin screen, "my account" and the login's second step, on
// api.js's request helper (api.js stays the only fetch caller).
import { api } from './state.js';

const enc = encodeURIComponent;

export const accountsApi = {
  /** → MeOut, or {status: 'two-factor-required'} when the code step follows. */
  login: (email, password) => api.request('POST', '/auth/login', { json: { email, password } }),
  loginCode: (code) => api.request('POST', '/auth/login/code', { json: { code } }),
  register: (body) => api.request('POST', '/auth/register', { json: body }),
  teacherRequest: (school) => api.request('POST', '/me/teacher-request', { json: { school } }),
  twoFactor: () => api.request('GET', '/me/two-factor'),
  twoFactorSetup: () => api.request('POST', '/me/two-factor/setup'),
  twoFactorConfirm: (code) => api.request('POST', '/me/two-factor/confirm', { json: { code } }),
  twoFactorOff: (password) => api.request('DELETE', '/me/two-factor', { json: { password } }),
  recoveryCodes: (password) => api.request('POST', '/me/two-factor/recovery-codes', { json: { password } }),
  sessions: () => api.request('GET', '/me/sessions'),
  endSession: (id) => api.request('DELETE', `/me/sessions/${enc(id)}`),
  endOtherSessions: () => api.request('DELETE', '/me/sessions'),
  // administrators
  users: (filters = {}, cursor) => api.request('GET', '/admin/users', { query: { ...filters, cursor } }),
  usersPage: (href) => api.request('GET', href.replace(/^.*\/api\/v1/, '')),
  setRole: (id, role) => api.request('PATCH', `/admin/users/${enc(id)}`, { json: { role } }),
  decideTeacher: (id, decision) =>
    api.request('POST', `/admin/users/${enc(id)}/teacher-request`, { json: { decision } }),
  block: (id) => api.request('POST', `/admin/users/${enc(id)}/block`, { json: {} }),
  unblock: (id) => api.request('DELETE', `/admin/users/${enc(id)}/block`),
};
