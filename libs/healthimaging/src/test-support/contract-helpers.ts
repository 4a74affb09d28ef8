import type { GetImageSetCommandOutput, ImageSetsMetadataSummary, SearchImageSetsCommandInput } from '@aws-sdk/client-medical-imaging';
import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { HealthImaging, Out } from '../health-imaging';
import { HealthImagingError, type HealthImagingErrorName } from '../health-imaging-error';

/** Each contract test may wait for an asynchronous service (AWS) to settle. */
export const CONTRACT_TEST_TIMEOUT_MS = 60_000;

/** The error a promise rejects with, asserted to be a HealthImagingError of that name (or one of those names). */
export async function expectHealthImagingError(
  promise: Promise<unknown>,
  name: HealthImagingErrorName | HealthImagingErrorName[],
): Promise<HealthImagingError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected ${name}, the call succeeded with ${JSON.stringify(outcome.value)?.slice(0, 300)}`);
  expect(outcome.error).toBeInstanceOf(HealthImagingError);
  expect([name].flat()).toContain((outcome.error as HealthImagingError).name);
  return outcome.error as HealthImagingError;
}

/** Polls until `check` returns a value (AWS changes state asynchronously; the local store at once). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 50_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 20; ; delay = Math.min(delay * 2, 2_000)) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The image set once it is ACTIVE again after a write. */
export function activeImageSet(
  hi: HealthImaging,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
): Promise<Out<GetImageSetCommandOutput>> {
  return eventually(`image set ${imageSetId} to be ACTIVE`, async () => {
    const set = await hi.getImageSet({ datastoreId, imageSetId });
    return set.imageSetState === 'ACTIVE' ? set : undefined;
  });
}

/** Every page of a search, in order; fails on a repeated page token or image set. */
export async function searchAllPages(
  hi: HealthImaging,
  input: SearchImageSetsCommandInput,
): Promise<{ summaries: ImageSetsMetadataSummary[]; pages: number }> {
  const summaries: ImageSetsMetadataSummary[] = [];
  const tokens = new Set<string>();
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await hi.searchImageSets({ ...input, nextToken });
    pages++;
    const items = page.imageSetsMetadataSummaries ?? [];
    if (input.maxResults !== undefined) expect(items.length).toBeLessThanOrEqual(input.maxResults);
    summaries.push(...items);
    nextToken = page.nextToken;
    if (nextToken !== undefined) {
      expect(tokens.has(nextToken)).toBe(false);
      tokens.add(nextToken);
    }
    if (pages > 1000) throw new Error('search does not end');
  } while (nextToken);
  const ids = summaries.map((s) => s.imageSetId);
  expect(new Set(ids).size).toBe(ids.length);
  return { summaries, pages };
}

/** The image sets a search by attribute value finds (every page). */
export async function imageSetIdsWhere(
  hi: HealthImaging,
  datastoreId: DatastoreId,
  value: NonNullable<SearchImageSetsCommandInput['searchCriteria']>['filters'],
): Promise<ImageSetId[]> {
  const { summaries } = await searchAllPages(hi, { datastoreId, searchCriteria: { filters: value } });
  return summaries.map((s) => s.imageSetId as ImageSetId);
}

/** A well-formed identifier that names nothing (32 lower-case hex characters). */
export function unknownId(): string {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}

/** Bytes of a JSON document, as UpdateImageSetMetadata takes its attributes. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
