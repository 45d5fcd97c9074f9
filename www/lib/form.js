// Field errors, shown the same way on every page and in every demo: a
// sentence under the field it is about, `aria-invalid` on the input, and
// errors about no field of this form in the form's status line.

import { focusHere } from './dom.js';

/** @typedef {import('../types/InputError').InputError} InputError */

/**
 * Shows each error next to its field.
 * @param {HTMLElement} root  the form (or demo) the fields live in
 * @param {InputError[]} errors
 * @param {HTMLElement | null} status  where errors without a field of this form go
 * @returns {boolean} true when there was any error
 */
export function showErrors(root, errors, status) {
  clearErrors(root);
  const loose = [];
  for (const error of errors) {
    const input = /** @type {HTMLElement | null} */ (root.querySelector(`[name="${CSS.escape(error.field)}"]`));
    const slot = /** @type {HTMLElement | null} */ (
      root.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`)
    );
    if (input && slot) {
      input.setAttribute('aria-invalid', 'true');
      slot.textContent = slot.textContent ? `${slot.textContent} ${error.message}` : error.message;
      slot.hidden = false;
    } else {
      loose.push(error.message);
    }
  }
  if (status && loose.length) {
    status.textContent = loose.join(' ');
    status.classList.add('bad');
  }
  const first = /** @type {HTMLElement | null} */ (root.querySelector('[aria-invalid="true"]'));
  focusHere(first);
  return errors.length > 0;
}

/**
 * Removes every error shown by `showErrors`.
 * @param {HTMLElement} root
 */
export function clearErrors(root) {
  for (const input of root.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const slot of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-error-for]'))) {
    slot.textContent = '';
    slot.hidden = true;
  }
}

/**
 * A labelled input with its error slot: `<label>…<input name>…<p data-error-for>`.
 * The input's id is `${uid}-${name}` (just `name` when uid is ''), so two
 * demos mounted with different prefixes never clash.
 * @param {{name: string, label: string, value: string, hint?: string, uid: string, inputmode?: string, type?: string}} spec
 */
export function field({ name, label, value, hint, uid, inputmode = 'numeric', type = 'text' }) {
  const id = uid ? `${uid}-${name}` : name;
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const lab = document.createElement('label');
  lab.htmlFor = id;
  lab.textContent = label;
  const input = document.createElement('input');
  Object.assign(input, { id, name, value, type, autocomplete: 'off', spellcheck: false });
  input.setAttribute('inputmode', inputmode);
  const error = document.createElement('p');
  error.className = 'field-error';
  error.dataset.errorFor = name;
  error.id = `${id}-error`;
  error.hidden = true;
  error.setAttribute('aria-live', 'polite');
  input.setAttribute('aria-describedby', error.id);
  wrap.append(lab, input);
  if (hint) {
    const h = document.createElement('p');
    h.className = 'field-hint';
    h.textContent = hint;
    wrap.append(h);
  }
  wrap.append(error);
  return wrap;
}

let counter = 0;
/**
 * A prefix for ids that is unique on the page (one per mounted demo).
 * @param {string} name
 */
export function uniqueId(name) {
  counter += 1;
  return `${name}-${counter}`;
}
