import { AUDIT_ROLES } from '../session/viewer-config';
import { MODEL_READER_ROLES } from './models/model-roles';
import { currentSession, signOut } from '../session/session';
import { h } from '../ui/dom';

/** Roles that may read the worklist (the platform's `worklist.read`). */
const WORKLIST_ROLES: readonly string[] = ['admin', 'clinician'];

/** The top bar: the app's name, the pages this role may open, who is signed in, sign-out. */
export function navBar(active: 'worklist' | 'study' | 'audit' | 'pipelines' | 'models'): HTMLElement {
  const session = currentSession();
  const role = session?.principal.role ?? '';
  const link = (page: 'worklist' | 'audit' | 'pipelines' | 'models', text: string) =>
    h('a', { href: `#/${page}`, class: page === active ? 'nav-link active' : 'nav-link', 'data-testid': `nav-${page}` }, text);
  return h(
    'header',
    { class: 'nav-bar' },
    h('span', { class: 'brand' }, 'triage'),
    h(
      'nav',
      {},
      WORKLIST_ROLES.includes(role) ? link('worklist', 'Worklist') : null,
      MODEL_READER_ROLES.includes(role) ? link('models', 'Models') : null,
      MODEL_READER_ROLES.includes(role) ? link('pipelines', 'Pipeline runs') : null,
      AUDIT_ROLES.includes(role) ? link('audit', 'Audit') : null,
    ),
    h('span', { class: 'who', 'data-testid': 'signed-in-as' }, session ? `${session.principal.name} (${role})` : ''),
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-testid': 'sign-out',
        on: {
          click: () => {
            void signOut();
          },
        },
      },
      'Sign out',
    ),
  );
}
