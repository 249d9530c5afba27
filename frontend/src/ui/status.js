// One polite live region for short announcements ("saved", "offline", …).
let region;
let timer;
export function announce(message, { sticky = false } = {}) {
  region ||= document.querySelector('.status-line');
  if (!region) return;
  region.textContent = message;
  region.classList.toggle('visible', Boolean(message));
  clearTimeout(timer);
  if (!sticky && message) timer = setTimeout(() => announce(''), 6000);
}
