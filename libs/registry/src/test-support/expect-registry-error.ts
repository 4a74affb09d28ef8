import { RegistryError } from '../model-registry';

/** Awaits `promise` and expects it to fail with a RegistryError of `code` whose message matches every pattern. */
export async function expectRegistryError(
  promise: Promise<unknown>,
  code: RegistryError['code'],
  ...patterns: (string | RegExp)[]
): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  expect({ code: (error as RegistryError).code, name: (error as RegistryError).name }).toEqual({ code, name: code });
  for (const pattern of patterns) expect((error as RegistryError).message).toMatch(pattern);
}

/** What a call came to: 'ok', or the RegistryError's code (anything else is rethrown). */
export async function outcomeOf(promise: Promise<unknown>): Promise<'ok' | RegistryError['code']> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof RegistryError) return error.code;
    throw error;
  }
}
