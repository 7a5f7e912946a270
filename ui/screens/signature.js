// `#signature-dialog`: the customer signs on the screen (mouse, pen or
// finger), writes their name, and — when recycled or exchange parts are
// offered — says whether they accept them (the PIEC rule). The signature is
// sent as a PNG; an empty pad is not a signature.

import { ApiError } from '../api.js';
import { t, todayDay } from '../i18n/index.js';
import { h } from '../dom.js';
import { errorDisplay, field, savingDialog } from '../forms.js';
import { dateInput } from '../date-input.js';

const PAD_WIDTH = 560;
const PAD_HEIGHT = 200;

/** The canvas's content as PNG bytes, for the backend. */
async function pngBytes(canvas) {
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  return Array.from(new Uint8Array(await blob.arrayBuffer()));
}

/**
 * Builds the dialog. `ask({title, intro, circular, signer, save})` shows it;
 * `save(approval)` sends {signer_name, signature_png, recycled_parts_accepted,
 * accepted_on} and may throw an ApiError, shown in the dialog. Resolves true
 * once saved, false when cancelled.
 */
export function signatureDialog() {
  const title = h('h2', { id: 'signature-title' });
  const intro = h('p', { id: 'signature-intro' });
  const formError = h('p', { id: 'signature-error', class: 'form-error', role: 'alert' });
  const canvas = h('canvas', {
    id: 'signature-pad', width: PAD_WIDTH, height: PAD_HEIGHT, class: 'signature-pad',
    role: 'img', 'aria-label': t('signature.pad'),
  });
  const clear = h('button', { id: 'signature-clear', type: 'button', class: 'link', text: t('signature.clear') });
  const signer = h('input', { type: 'text', autocomplete: 'off' });
  const acceptedOn = dateInput();
  const piecYes = h('input', { type: 'radio', name: 'recycled_parts_accepted', value: 'yes', id: 'signature-piec-yes' });
  const piecNo = h('input', { type: 'radio', name: 'recycled_parts_accepted', value: 'no', id: 'signature-piec-no' });
  const piec = h('fieldset', { id: 'signature-piec', class: 'field' }, [
    h('legend', { text: t('signature.piec') }),
    h('p', { class: 'hint', text: t('signature.piec_hint') }),
    h('label', { class: 'check', for: piecYes.id }, [piecYes, h('span', { text: t('signature.piec_yes') })]),
    h('label', { class: 'check', for: piecNo.id }, [piecNo, h('span', { text: t('signature.piec_no') })]),
    h('span', { class: 'field-error', 'data-for': 'recycled_parts_accepted' }),
  ]);
  const cancel = h('button', { id: 'signature-cancel', type: 'button', text: t('order.cancel') });
  const save = h('button', { id: 'signature-save', type: 'submit', class: 'primary', text: t('signature.save') });
  const form = h('form', { id: 'signature-form', class: 'dialog-frame', novalidate: true, autocomplete: 'off' }, [
    title,
    formError,
    h('div', { class: 'dialog-body' }, [
      intro,
      h('div', { class: 'field' }, [
        h('span', { class: 'label', text: t('signature.sign_here') }),
        canvas,
        h('span', { class: 'field-error', 'data-for': 'signature_png' }),
        clear,
      ]),
      h('div', { class: 'form-grid' }, [
        field('signature', 'signer_name', signer, t('signature.signer')),
        field('signature', 'accepted_on', acceptedOn, t('signature.accepted_on')),
      ]),
      piec,
    ]),
    h('div', { class: 'dialog-actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'signature-dialog', 'aria-labelledby': 'signature-title' }, form);
  const errors = errorDisplay(form, formError, { signature_png: () => canvas.focus() });
  const pen = canvas.getContext('2d');
  let drawn = false;
  let last = null;

  function blank() {
    pen.fillStyle = '#fff';
    pen.fillRect(0, 0, canvas.width, canvas.height);
    drawn = false;
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) * canvas.width) / box.width,
      y: ((event.clientY - box.top) * canvas.height) / box.height,
    };
  }

  canvas.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    // Keep the stroke when the finger slides off the pad (a pointer the
    // browser does not track cannot be captured: draw without).
    try {
      canvas.setPointerCapture(event.pointerId);
    } catch {
      // nothing to capture
    }
    last = point(event);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!last) return;
    const next = point(event);
    pen.strokeStyle = '#10243e';
    pen.lineWidth = 2.5;
    pen.lineCap = 'round';
    pen.beginPath();
    pen.moveTo(last.x, last.y);
    pen.lineTo(next.x, next.y);
    pen.stroke();
    last = next;
    drawn = true;
    errors.clear();
  });
  for (const end of ['pointerup', 'pointercancel', 'pointerleave']) {
    canvas.addEventListener(end, () => { last = null; });
  }
  clear.addEventListener('click', blank);
  cancel.addEventListener('click', () => dialog.close());

  /** The approval as typed, or the ApiError saying what is missing. */
  async function read() {
    // Only the pad knows it is blank; core checks the rest (the signer, the
    // PIEC answer when circular parts are offered) and names the field.
    if (!drawn) throw new ApiError('validation', t('signature.empty'), 'signature_png');
    const answered = piecYes.checked || piecNo.checked;
    return {
      signer_name: signer.value,
      signature_png: await pngBytes(canvas),
      recycled_parts_accepted: piec.hidden || !answered ? null : piecYes.checked,
      accepted_on: acceptedOn.value,
    };
  }
  const saving = savingDialog({ dialog, form, errors, saveButton: save, read });

  return {
    dialog,
    ask({ title: heading, intro: text, circular, signerName = '', save: send }) {
      const answer = saving.ask(send);
      errors.clear();
      title.textContent = heading;
      intro.textContent = text;
      signer.value = signerName;
      acceptedOn.value = todayDay();
      piec.hidden = !circular;
      piecYes.checked = false;
      piecNo.checked = false;
      blank();
      dialog.showModal();
      signer.focus();
      return answer;
    },
    dispose() {
      if (dialog.open) dialog.close();
    },
  };
}
