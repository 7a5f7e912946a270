// The owner's list of users: who may use the workstations, with which roles;
// create, edit (roles, PIN, password) and deactivate. atelier-core refuses a
// weak password, a bad PIN, a taken login, or leaving the workshop without an
// active owner; this screen shows its answer next to the field.

import * as api from '../api.js';
import { t } from '../i18n/index.js';
import { h } from '../dom.js';
import { field, errorDisplay } from '../forms.js';
import { showToast } from '../toast.js';

const ROLES = ['owner', 'front_desk', 'mechanic'];

export function render(container) {
  const tbody = h('tbody');
  const listError = h('p', { class: 'form-error', role: 'alert' });
  const dialog = userDialog(() => load());
  const add = h('button', { type: 'button', id: 'new-user', class: 'primary', text: t('users.new') });
  add.addEventListener('click', () => dialog.open(null));

  async function load() {
    listError.textContent = '';
    try {
      const users = await api.listUsers();
      tbody.replaceChildren(...users.map((u) => {
        const edit = h('button', { type: 'button', class: 'link', text: t('common.edit'), 'data-user': u.login });
        edit.addEventListener('click', () => dialog.open(u));
        const toggle = h('button', {
          type: 'button', class: u.active ? 'danger-quiet' : '', text: t(u.active ? 'users.deactivate' : 'users.reactivate'),
        });
        toggle.addEventListener('click', async () => {
          try {
            await api.setUserActive(u.id, !u.active);
            await load();
          } catch (error) {
            listError.textContent = error.message;
          }
        });
        return h('tr', { class: u.active ? '' : 'inactive' }, [
          h('td', { text: u.display_name }),
          h('td', { class: 'mono', text: u.login }),
          h('td', { text: u.roles.map((r) => t(`role.${r}`)).join(', ') }),
          h('td', { text: u.has_pin ? t('users.pin_set') : t('users.no_pin') }),
          h('td', { text: t(u.active ? 'users.active' : 'users.inactive') }),
          h('td', { class: 'row-actions' }, [edit, toggle]),
        ]);
      }));
    } catch (error) {
      listError.textContent = error.message;
    }
  }

  container.append(h('section', { class: 'screen users', 'aria-labelledby': 'screen-title' }, [
    h('div', { class: 'screen-header' }, [
      h('h1', { id: 'screen-title', text: t('users.title') }),
      add,
    ]),
    listError,
    h('table', { id: 'user-list', class: 'list' }, [
      h('thead', {}, h('tr', {}, ['users.col_name', 'users.col_login', 'users.col_roles', 'users.col_pin', 'users.col_state', 'users.col_actions']
        .map((key) => h('th', { scope: 'col', text: t(key) })))),
      tbody,
    ]),
    h('p', {}, h('a', { href: '#/reglages', text: t('users.back') })),
  ]), dialog.element);
  load();
}

function userDialog(onSaved) {
  const inputs = {
    display_name: h('input', { type: 'text' }),
    login: h('input', { type: 'text', spellcheck: 'false' }),
    password: h('input', { type: 'password', autocomplete: 'new-password' }),
    pin: h('input', { type: 'password', inputmode: 'numeric', maxlength: '6', autocomplete: 'off' }),
  };
  const roleBoxes = ROLES.map((role) => h('label', { class: 'check' }, [
    h('input', { type: 'checkbox', name: 'roles', value: role, id: `user-role-${role}` }),
    h('span', { text: t(`role.${role}`) }),
  ]));
  const clearPin = h('input', { type: 'checkbox', id: 'user-clear-pin', name: 'clear_pin' });
  const title = h('h2', { id: 'user-dialog-title' });
  const formError = h('p', { class: 'form-error', role: 'alert' });
  const save = h('button', { type: 'submit', id: 'user-save', class: 'primary', text: t('common.save') });
  const cancel = h('button', { type: 'button', text: t('confirm.cancel') });
  const passwordField = field('user', 'password', inputs.password, t('user.password'), { hint: t('user.password_hint') });
  const clearPinField = h('label', { class: 'check' }, [clearPin, h('span', { text: t('user.clear_pin') })]);
  const form = h('form', { id: 'user-form', method: 'dialog', novalidate: true }, [
    title,
    field('user', 'display_name', inputs.display_name, t('user.display_name')),
    field('user', 'login', inputs.login, t('user.login')),
    h('fieldset', { class: 'roles' }, [
      h('legend', { text: t('user.roles') }),
      ...roleBoxes,
      h('span', { class: 'field-error', 'data-for': 'roles' }),
    ]),
    passwordField,
    field('user', 'pin', inputs.pin, t('user.pin'), { hint: t('user.pin_hint') }),
    clearPinField,
    formError,
    h('div', { class: 'actions' }, [cancel, save]),
  ]);
  const dialog = h('dialog', { id: 'user-dialog', 'aria-labelledby': 'user-dialog-title' }, form);
  const errors = errorDisplay(form, formError, { roles: () => roleBoxes[0].querySelector('input').focus() });
  let editing = null;
  cancel.addEventListener('click', () => dialog.close());

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    const input = {
      display_name: inputs.display_name.value,
      login: inputs.login.value,
      password: inputs.password.value,
      pin: inputs.pin.value,
      clear_pin: clearPin.checked,
      roles: [...form.querySelectorAll('input[name=roles]:checked')].map((box) => box.value),
    };
    save.disabled = true;
    try {
      if (editing) await api.updateUser(editing.id, input);
      else await api.createUser(input);
      dialog.close();
      showToast(t('users.saved', { name: input.display_name }));
      onSaved();
    } catch (error) {
      errors.show(error);
    } finally {
      save.disabled = false;
    }
  });

  return {
    element: dialog,
    open(user) {
      editing = user;
      form.reset();
      errors.clear();
      title.textContent = t(user ? 'users.edit_title' : 'users.new_title');
      inputs.display_name.value = user?.display_name ?? '';
      inputs.login.value = user?.login ?? '';
      for (const box of form.querySelectorAll('input[name=roles]')) box.checked = Boolean(user?.roles.includes(box.value));
      passwordField.querySelector('.hint').textContent = t(user ? 'user.password_keep_hint' : 'user.password_hint');
      clearPinField.hidden = !user?.has_pin;
      dialog.showModal();
      inputs.display_name.focus();
    },
  };
}
