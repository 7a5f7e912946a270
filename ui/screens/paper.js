// What the person is told once a paper (estimate, repair order, invoice…)
// is written: open in the viewer for printing, or saved at a path.

import { t } from '../i18n/index.js';
import { showToast } from '../toast.js';

/** Says where a printed paper went, from the backend's {path, opened}. */
export function printed(result) {
  showToast(result.opened ? t('order.printed_opened') : t('order.printed_saved', { path: result.path }), { long: !result.opened });
}
