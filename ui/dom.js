// Building DOM without innerHTML: text always goes in through textContent.

/**
 * Creates an element. `attrs` are set as attributes, except `text` (textContent)
 * and `class`; `true` sets a boolean attribute, `false`/null/undefined skip it.
 * Children may be nodes or strings (added as text).
 */
export function h(tag, attrs = {}, children = []) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'text') el.textContent = value;
    else if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of [].concat(children)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

/** True when keyboard input is going into a text field, a select or an editable element. */
export function isEditing(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}
