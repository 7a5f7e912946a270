// A short, non-blocking notice in the page-wide #toast live region.

const VISIBLE_MS = 3000;
// Long enough to read a file path.
const LONG_MS = 8000;
let timer = null;

/**
 * Shows `message` for a few seconds; screen readers announce it politely.
 * A notice worth reading twice (a file path) asks for `long`.
 */
export function showToast(message, { long = false } = {}) {
  const toast = document.getElementById('toast');
  if (!toast) return;
  clearTimeout(timer);
  toast.textContent = message;
  toast.classList.add('is-visible');
  timer = setTimeout(() => {
    toast.classList.remove('is-visible');
    toast.textContent = '';
  }, long ? LONG_MS : VISIBLE_MS);
}

/** Takes the notice down at once: the next person at the station did not act. */
export function hideToast() {
  const toast = document.getElementById('toast');
  if (!toast) return;
  clearTimeout(timer);
  toast.classList.remove('is-visible');
  toast.textContent = '';
}
