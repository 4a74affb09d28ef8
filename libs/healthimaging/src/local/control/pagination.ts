import { HealthImagingError } from '../../health-imaging-error';

/** One page of `items`; the token is the offset, opaque to callers. */
export function pageOf<T>(
  items: T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  defaultMax: number,
): { items: T[]; nextToken?: string } {
  const max = maxResults ?? defaultMax;
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    throw new HealthImagingError('ValidationException', 'maxResults must be an integer from 1 to 1000');
  const offset = tokenOffset(nextToken);
  const page = items.slice(offset, offset + max);
  return { items: page, nextToken: offset + max < items.length ? encodeToken(offset + max) : undefined };
}

/** The offset a token stands for; ValidationException for a token this store did not hand out. */
export function tokenOffset(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const match = /^o([0-9]{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw new HealthImagingError('ValidationException', 'nextToken is not one this datastore issued');
  return Number(match[1]);
}

/** The token for an offset. */
export function encodeToken(offset: number): string {
  return Buffer.from(`o${offset}`).toString('base64url');
}
