// Two-step login: turn it on (scan the QR code, confirm a code, keep the recovery codes that
// are shown once), make new recovery codes, turn it off. The password confirms the last two.
import { accountsApi } from '../../accounts-api.js';
import { t } from '../../i18n/index.js';
import { loadUser } from '../../state.js';
import { field, h, showFieldErrors } from '../dom.js';
import { announce } from '../status.js';

export async function twoFactorSection() {
  const section = h('section', { class: 'account-section', 'aria-labelledby': 'acct-2fa' });
  let qrUrl = null;
  await showStatus();
  return section;

  function heading() {
    return h('h2', { id: 'acct-2fa', tabindex: '-1' }, t('acct.twoFactor'));
  }

  function focusHeading() {
    section.querySelector('h2').focus();
  }

  async function showStatus() {
    let status;
    try {
      status = await accountsApi.twoFactor();
    } catch (problem) {
      section.replaceChildren(heading(), h('p', {}, problem.detail || t('list.failed')));
      return;
    }
    const parts = [heading(), h('p', {}, t('acct.twoFactorIntro'))];
    if (status.required && !status.enabled)
      parts.push(h('p', { class: 'notice', role: 'status' }, t('acct.twoFactorRequired')));
    if (!status.enabled) {
      parts.push(
        h('p', {}, t('acct.twoFactorOff')),
        h('button', { type: 'button', class: 'button button-primary', onclick: startSetup }, t('acct.turnOn')),
      );
    } else {
      const fields = {
        password: field({
          label: t('acct.password'),
          name: 'password',
          type: 'password',
          required: true,
          attrs: { autocomplete: 'current-password' },
        }),
      };
      const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
      const withPassword = (call) => async () => {
        try {
          return await call(fields.password.input.value);
        } catch (problem) {
          showFieldErrors(fields, problem.errors || {}, error);
          if (!problem.errors) {
            error.textContent = problem.detail || problem.title || t('form.offline');
            error.hidden = false;
          }
          return null;
        }
      };
      const off = withPassword(async (password) => {
        await accountsApi.twoFactorOff(password);
        announce(t('acct.turnedOff'));
        await loadUser();
        await showStatus();
        focusHeading();
      });
      const codes = withPassword(async (password) => {
        const result = await accountsApi.recoveryCodes(password);
        showRecoveryCodes(result.recovery_codes);
      });
      parts.push(
        h('p', { role: 'status' }, t('acct.twoFactorOn', { n: status.recovery_codes_left })),
        fields.password.wrap,
        error,
        h(
          'p',
          { class: 'inline-buttons' },
          h('button', { type: 'button', class: 'button', onclick: codes }, t('acct.newCodes')),
          h('button', { type: 'button', class: 'button button-danger', onclick: off }, t('acct.turnOff')),
        ),
      );
    }
    section.replaceChildren(...parts);
  }

  async function startSetup() {
    let setup;
    try {
      setup = await accountsApi.twoFactorSetup();
    } catch (problem) {
      announce(problem.detail || problem.title || t('form.offline'));
      return;
    }
    // The SVG is shown as an image (never parsed into the page): a blob: URL, allowed by the CSP.
    if (qrUrl) URL.revokeObjectURL(qrUrl);
    qrUrl = URL.createObjectURL(new Blob([setup.qr_svg], { type: 'image/svg+xml' }));
    const fields = {
      code: field({
        label: t('acct.code'),
        name: 'code',
        required: true,
        attrs: { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 8, pattern: '[0-9 ]*' },
      }),
    };
    const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'account-form', novalidate: true },
      fields.code.wrap,
      error,
      h('button', { type: 'submit', class: 'button button-primary' }, t('acct.confirm')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const code = fields.code.input.value.trim();
      if (!code) return showFieldErrors(fields, { code: [t('form.required')] }, error);
      try {
        const result = await accountsApi.twoFactorConfirm(code);
        announce(t('acct.turnedOn'));
        await loadUser();
        showRecoveryCodes(result.recovery_codes);
      } catch (problem) {
        showFieldErrors(fields, problem.errors || {}, error);
        if (!problem.errors) {
          error.textContent = problem.detail || problem.title || t('form.offline');
          error.hidden = false;
        }
      }
    });
    section.replaceChildren(
      heading(),
      h('p', {}, t('acct.scan')),
      h('img', { class: 'totp-qr', src: qrUrl, alt: t('acct.qrAlt'), width: 200, height: 200 }),
      h(
        'p',
        {},
        t('acct.typeSecret'),
        ' ',
        h('code', { class: 'totp-secret' }, setup.secret.replace(/(.{4})/g, '$1 ').trim()),
      ),
      h('p', {}, t('acct.enterCode')),
      form,
    );
    focusHeading();
  }

  function showRecoveryCodes(codes) {
    section.replaceChildren(
      heading(),
      h('h3', {}, t('acct.recoveryTitle')),
      h('p', {}, t('acct.recoveryIntro')),
      h(
        'ol',
        { class: 'recovery-codes' },
        codes.map((code) => h('li', {}, h('code', {}, code))),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button button-primary',
          onclick: async () => {
            await showStatus();
            focusHeading();
          },
        },
        t('acct.recoveryDone'),
      ),
    );
    focusHeading();
  }
}
