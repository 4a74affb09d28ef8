import { CatalogError, type CatalogErrorName } from '../catalog-error';

/** Awaits `promise` and expects it to fail with a CatalogError of `name` whose message matches every pattern. */
export async function expectCatalogError(
  promise: Promise<unknown>,
  name: CatalogErrorName,
  ...patterns: (string | RegExp)[]
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogError);
  expect((error as CatalogError).name).toBe(name);
  for (const pattern of patterns) expect((error as CatalogError).message).toMatch(pattern);
}
