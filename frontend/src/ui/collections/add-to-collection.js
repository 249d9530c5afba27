// On a story's page, for curators: put this story in one of the collections.
import { t } from '../../i18n/index.js';
import { api } from '../../state.js';
import { h, uid } from '../dom.js';
import { announce } from '../status.js';

/** Fill `box` with a choice of collections and an "add" button for story `storyId`. */
export async function addToCollectionControl(box, storyId) {
  let body;
  try {
    body = await api.collections('all');
  } catch {
    return;
  }
  if (!body.collections.length) return;
  const id = uid('add-to');
  const select = h(
    'select',
    { id },
    body.collections.map((c) => h('option', { value: c.slug }, c.title)),
  );
  const button = h('button', { type: 'button', class: 'button' }, t('coll.addHere'));
  button.addEventListener('click', async () => {
    const option = select.selectedOptions[0];
    try {
      await api.addToCollection(select.value, storyId);
      announce(t('coll.addedTo', { title: option.textContent }));
    } catch (problem) {
      announce(problem.status === 409 ? t('coll.already') : problem.detail || t('coll.failed'));
    }
  });
  box.append(h('label', { for: id }, t('coll.addTo')), select, button);
  box.hidden = false;
}
