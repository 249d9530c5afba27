// What the server put in the page for its first screen (a <script type="application/json">
// data block: a published story's Feature, a place's stories), so that screen needs no API
// call. Read once: a later navigation asks the API.

/** The data for `pathname` if the server sent it with this page, else null. */
export function takePageData(pathname = location.pathname, doc = document) {
  const block = doc.getElementById('page-data');
  if (!block) return null;
  block.remove();
  let path = pathname;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    /* keep it as it is */
  }
  if (block.dataset.path !== path && block.dataset.path !== pathname) return null;
  try {
    return JSON.parse(block.textContent);
  } catch {
    return null;
  }
}
