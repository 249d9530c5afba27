// Build DOM nodes without innerHTML: user text only ever becomes text nodes.

/**
 * h('button', {class: 'x', onclick: fn, 'aria-label': '…'}, 'text', childNode, [more])
 * Attributes: `class`, `on<event>` listeners, `hidden`/`disabled`/`checked` booleans,
 * `dataset` object, anything else via setAttribute. Children: strings, nodes, arrays, null.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Paragraphs from plain text: blank lines separate paragraphs, single newlines become <br>. */
export function paragraphs(text) {
  return String(text || '')
    .split(/\n{2,}/)
    .filter((part) => part.trim())
    .map((part) => {
      const p = document.createElement('p');
      part.split('\n').forEach((line, index) => {
        if (index) p.append(document.createElement('br'));
        p.append(document.createTextNode(line));
      });
      return p;
    });
}

let idCounter = 0;
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled form field with an error slot; returns {wrap, input, error}. */
export function field({ label, name, type = 'text', hint, required, attrs = {}, multiline }) {
  const id = uid(name);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const input = h(multiline ? 'textarea' : 'input', {
    id,
    name,
    type: multiline ? null : type,
    required: required || null,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    ...attrs,
  });
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    input,
    error,
  );
  return { wrap, input, error };
}

/** Show server field errors (problem+json `errors`) next to fields; focus the first. */
export function showFieldErrors(fields, errors = {}, fallbackEl) {
  let first = null;
  for (const [name, f] of Object.entries(fields)) {
    const messages = errors[name];
    f.error.hidden = !messages;
    f.error.textContent = messages ? messages.join(' ') : '';
    if (messages) f.input.setAttribute('aria-invalid', 'true');
    else f.input.removeAttribute('aria-invalid');
    if (messages && !first) first = f.input;
  }
  const unknown = Object.keys(errors).filter((k) => !fields[k]);
  if (fallbackEl) {
    fallbackEl.textContent = unknown.map((k) => `${k}: ${errors[k].join(' ')}`).join(' ');
    fallbackEl.hidden = !unknown.length;
  }
  if (first) first.focus();
  return first;
}
