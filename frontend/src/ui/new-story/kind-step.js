// Step 1, what: memory, story, photo or wish.
import { t } from '../../i18n/index.js';
import { STORY_KINDS } from '../../story-draft.js';
import { h, uid } from '../dom.js';

/** createKindStep(draft) → {element, field}; the form reads the checked radio into draft.kind. */
export function createKindStep(draft) {
  const error = h('p', { class: 'field-error', id: 'kind-error', hidden: true });
  const element = h(
    'fieldset',
    { class: 'step kind-choice', 'aria-describedby': 'kind-error' },
    h('legend', {}, h('span', { class: 'step-no' }, '1'), t('new.what')),
    STORY_KINDS.map((kind) => {
      const id = uid(`new-kind-${kind}`);
      return h(
        'div',
        { class: 'kind-option' },
        h('input', { type: 'radio', name: 'kind', id, value: kind, checked: draft.kind === kind, required: true }),
        h(
          'label',
          { for: id },
          h('span', { class: `pin pin-${kind} pin-card`, 'aria-hidden': 'true' }),
          h('span', {}, h('strong', {}, t(`kind.${kind}`)), h('span', { class: 'hint' }, t(`new.kindHint.${kind}`))),
        ),
      );
    }),
    error,
  );
  return { element, field: { input: element.querySelector('input'), error } };
}
