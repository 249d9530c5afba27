// Work for an element that only matters once it is on screen: a small map below the story, the
// form's pin map. Lighthouse (mobile) counted Leaflet's evaluation and the map's first drawing
// as the story page's blocking time although the map sits below the first screen.

/**
 * whenNear(element, callback, {margin}) → stop(): callback() once, when `element` comes within
 * `margin` of the viewport (at once where IntersectionObserver is missing). An element not yet
 * in the document is watched from when it is added.
 */
export function whenNear(element, callback, { margin = '400px' } = {}) {
  if (typeof IntersectionObserver !== 'function') {
    callback();
    return () => {};
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      callback();
    },
    { rootMargin: `${margin} 0px` },
  );
  observer.observe(element);
  return () => observer.disconnect();
}
