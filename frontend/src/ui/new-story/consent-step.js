// Step 5: the licence and the consent to publish.
import { t } from '../../i18n/index.js';
import { LICENSES } from '../../story-draft.js';
import { h, uid } from '../dom.js';

/** createConsentStep(draft, config) → {element, field, license}; config.moderation words the consent. */
export function createConsentStep(draft, config) {
  const consentId = uid('consent');
  const error = h('p', { class: 'field-error', id: `${consentId}-error`, hidden: true });
  const consent = h('input', {
    type: 'checkbox',
    id: consentId,
    name: 'consent',
    checked: draft.consent,
    'aria-describedby': `${consentId}-error`,
  });
  const licenseId = uid('license');
  const license = h(
    'select',
    { id: licenseId, name: 'license' },
    LICENSES.map((l) => h('option', { value: l, selected: draft.license === l }, t(`license.${l}`))),
  );
  const moderation = config.moderation === 'pre' ? t('new.consentPre') : t('new.consentPost');
  const element = h(
    'fieldset',
    { class: 'step' },
    h('legend', {}, h('span', { class: 'step-no' }, '5'), t('new.consentTitle')),
    h('div', { class: 'field' }, h('label', { for: licenseId }, t('new.license')), license),
    h(
      'div',
      { class: 'check consent' },
      consent,
      h(
        'label',
        { for: consentId },
        t('new.consent', { moderation }),
        ' ',
        h('a', { href: '/privacy', target: '_blank' }, t('nav.privacy')),
      ),
    ),
    error,
  );
  return { element, field: { input: consent, error }, license };
}
