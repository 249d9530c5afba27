// The preview: the story as a card, roughly as readers will see it, before it is sent.
import { formatEra, t } from '../../i18n/index.js';
import { themeName } from '../../state.js';
import { eraYears } from '../../story-draft.js';
import { h, paragraphs } from '../dom.js';

/** The preview's heading (id preview-title, focusable) and card for a draft. */
export function storyPreview(draft) {
  const era = formatEra(...eraYears(draft));
  const meta = [draft.place_label, era, draft.themes.map(themeName).join(', ')].filter(Boolean).join(' · ');
  return [
    h('h2', { id: 'preview-title', tabindex: '-1' }, t('new.previewTitle')),
    h(
      'div',
      { class: 'story preview-card' },
      draft.kind ? h('p', { class: `kind-badge kind-${draft.kind}` }, t(`kind.${draft.kind}`)) : null,
      h('h3', {}, draft.title || t('new.noTitle')),
      paragraphs(draft.body),
      h('p', { class: 'meta' }, meta),
      draft.photos.length ? h('p', { class: 'meta' }, t('new.photosAdded', { n: draft.photos.length })) : null,
    ),
  ];
}
