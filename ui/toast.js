// A short, non-blocking notice in the page-wide #toast live region.

const VISIBLE_MS = 3000;
let timer = null;

/** Shows `message` for a few seconds; screen readers announce it politely. */
export function showToast(message) {
  const toast = document.getElementById('toast');
  if (!toast) return;
  clearTimeout(timer);
  toast.textContent = message;
  toast.classList.add('is-visible');
  timer = setTimeout(() => {
    toast.classList.remove('is-visible');
    toast.textContent = '';
  }, VISIBLE_MS);
}
