// The honest placeholder for screens that are not built yet: it says so and
// says what the screen will hold. No sample data, no buttons that do nothing.

import { t } from '../i18n/index.js';
import { h } from '../dom.js';

/** Renders the placeholder for `screen` (the sidebar's data-screen key, e.g. "vehicles"). */
export function render(container, { screen }) {
  container.append(
    h('section', { class: 'screen not-yet', 'data-testid': 'not-yet', 'aria-labelledby': 'screen-title' }, [
      h('h1', { id: 'screen-title', text: t(`nav.${screen}`) }),
      h('p', { text: t('notyet.body') }),
      h('p', { class: 'muted', text: t('notyet.will_hold', { what: t(`notyet.${screen}`) }) }),
    ]),
  );
}
