import { ApiError } from '../session/api-error';
import { signIn } from '../session/session';
import { h, replaceChildren } from '../ui/dom';
import { notice } from '../ui/notice';
import type { Page } from './page';
import { navigate } from './routes';

/** Sign-in: a token field whose value goes once into `POST /session` and is then cleared (never stored anywhere). */
export function signInPage(): Page {
  const token = h('input', {
    type: 'password',
    name: 'token',
    id: 'sign-in-token',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'data-testid': 'sign-in-token',
  });
  const submit = h('button', { type: 'submit', class: 'button primary', 'data-testid': 'sign-in-submit' }, 'Sign in');
  const message = h('div', { class: 'message' });
  const form = h(
    'form',
    { class: 'sign-in', 'data-testid': 'sign-in-form', autocomplete: 'off' },
    h('h1', {}, 'triage'),
    h('label', { for: 'sign-in-token' }, 'Access token'),
    token,
    submit,
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = token.value.trim();
    token.value = '';
    if (!value) return;
    submit.disabled = true;
    replaceChildren(message);
    signIn(value)
      .then(() => navigate({ page: 'worklist' }))
      .catch((error: unknown) => {
        const text =
          error instanceof ApiError && error.status === 401
            ? 'That token was not accepted.'
            : error instanceof ApiError && error.status === 429
              ? 'Too many attempts: wait a minute and try again.'
              : `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
        replaceChildren(message, notice(text));
      })
      .finally(() => {
        submit.disabled = false;
        token.focus();
      });
  });
  queueMicrotask(() => token.focus());
  return { element: h('main', { class: 'page page-sign-in' }, form) };
}
