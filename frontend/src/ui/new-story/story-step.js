// Step 3, the story: title, text, where someone came from (memories only), years and themes.
import { t } from '../../i18n/index.js';
import { themeName } from '../../state.js';
import { field, h, uid } from '../dom.js';

/** createStoryStep(draft, themes) → {element, fields, read()}; read() gives the step's draft fields. */
export function createStoryStep(draft, themes) {
  const fields = {
    title: field({
      label: t('new.storyTitle'),
      name: 'title',
      required: true,
      attrs: { maxlength: 120, autocomplete: 'off', value: draft.title },
    }),
    body: field({
      label: t('new.body'),
      name: 'body',
      multiline: true,
      hint: t('new.bodyHint'),
      attrs: { maxlength: 10000, rows: 6 },
    }),
    origin_place: field({
      label: t('new.origin'),
      name: 'origin_place',
      hint: t('new.originHint'),
      attrs: { maxlength: 120, value: draft.origin_place, autocomplete: 'address-level2' },
    }),
    era_from: field({
      label: t('new.eraFrom'),
      name: 'era_from',
      type: 'number',
      attrs: { inputmode: 'numeric', min: -12000, max: 2200, value: draft.era_from },
    }),
    era_to: field({
      label: t('new.eraTo'),
      name: 'era_to',
      type: 'number',
      attrs: { inputmode: 'numeric', min: -12000, max: 2200, value: draft.era_to },
    }),
  };
  fields.body.input.value = draft.body;
  const themeSet = h(
    'fieldset',
    { class: 'themes-choice' },
    h('legend', {}, t('new.themes')),
    h(
      'div',
      { class: 'theme-grid' },
      themes.map((theme) => {
        const id = uid(`theme-${theme.slug}`);
        return h(
          'div',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            name: 'themes',
            id,
            value: theme.slug,
            checked: draft.themes.includes(theme.slug),
          }),
          h('label', { for: id }, themeName(theme.slug)),
        );
      }),
    ),
  );
  const element = h(
    'fieldset',
    { class: 'step' },
    h('legend', {}, h('span', { class: 'step-no' }, '3'), t('new.story')),
    fields.origin_place.wrap,
    fields.title.wrap,
    fields.body.wrap,
    h('div', { class: 'era-row' }, fields.era_from.wrap, fields.era_to.wrap),
    themeSet,
  );
  return {
    element,
    fields,
    read: () => ({
      title: fields.title.input.value,
      body: fields.body.input.value,
      origin_place: fields.origin_place.input.value,
      era_from: fields.era_from.input.value,
      era_to: fields.era_to.input.value,
      themes: [...themeSet.querySelectorAll('input:checked')].map((input) => input.value),
    }),
  };
}
