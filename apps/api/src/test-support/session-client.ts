import { rawRequest, type RawAnswer } from './raw-request';

/** A signed-in browser, as the API sees one: the session cookie and the CSRF token it got back. */
export interface SignedIn {
  /** `triage_session=<id>`, as the browser sends it. */
  cookie: string;
  csrfToken: string;
  /** The Set-Cookie header of the sign-in, as sent. */
  setCookie: string;
  answer: RawAnswer;
}

/** POST /session with `token`; throws unless it answers 200 with a session cookie. */
export async function signIn(baseUrl: string, token: string): Promise<SignedIn> {
  const answer = await rawRequest(
    baseUrl,
    'POST',
    '/session',
    { 'content-type': 'application/json' },
    Buffer.from(JSON.stringify({ token })),
  );
  const setCookie = [answer.headers['set-cookie'] ?? []].flat()[0];
  if (answer.status !== 200 || !setCookie) throw new Error(`sign-in answered ${answer.status}: ${answer.body}`);
  return { cookie: setCookie.split(';')[0], csrfToken: (JSON.parse(answer.body) as { csrfToken: string }).csrfToken, setCookie, answer };
}

/** A request as the browser sends it with the session cookie (and the CSRF token when given); a JSON body when `body` is an object. */
export function sessionRequest(
  baseUrl: string,
  session: { cookie: string; csrfToken?: string },
  method: string,
  path: string,
  body?: object,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return rawRequest(
    baseUrl,
    method,
    path,
    {
      cookie: session.cookie,
      ...(session.csrfToken !== undefined && { 'x-csrf-token': session.csrfToken }),
      ...(body && { 'content-type': 'application/json' }),
      ...headers,
    },
    body && Buffer.from(JSON.stringify(body)),
  );
}
