// Client-side routes (the server answers index.html for each of them).
const routes = [];

export function route(pattern, load, name) {
  const keys = [];
  const source = pattern.replace(/:(\w+)/g, (_, key) => {
    keys.push(key);
    return '([^/]+)';
  });
  const regex = new RegExp(`^${source}/?$`);
  routes.push({ regex, keys, load, name });
}

export function match(pathname) {
  for (const r of routes) {
    const m = r.regex.exec(pathname);
    if (m) return { ...r, params: Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1])])) };
  }
  return null;
}

let onNavigate = () => {};
export function startRouter(handler) {
  onNavigate = handler;
  window.addEventListener('popstate', () => onNavigate(location.pathname, { pop: true }));
  document.addEventListener('click', (event) => {
    const a = event.target.closest('a[href]');
    if (
      !a ||
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    if (a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/'))
      return;
    if (!match(url.pathname)) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  onNavigate(location.pathname, { first: true });
}

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState({}, '', path);
  else history.pushState({}, '', path);
  onNavigate(new URL(path, location.href).pathname, {});
}
