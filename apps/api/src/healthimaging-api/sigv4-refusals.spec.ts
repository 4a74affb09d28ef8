import { GetDatastoreCommand, SearchImageSetsCommand, type MedicalImagingClient } from '@aws-sdk/client-medical-imaging';
import { HealthImagingError } from '@triage/healthimaging';
import { startTestApp, type TestApp } from '../test-support/test-app';

/** What a call was refused with, as the SDK raised it. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
  );
  if (!error) throw new Error('the call was not refused');
  return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
}

describe('SigV4 verification of the HealthImaging API', () => {
  let env: TestApp;
  beforeAll(async () => {
    env = await startTestApp();
  });
  afterAll(() => env.close());

  const getDatastore = (client: MedicalImagingClient) => client.send(new GetDatastoreCommand({ datastoreId: env.datastoreId }));

  it('answers a correctly signed request', async () => {
    const out = await getDatastore(env.sdk());
    expect(out.datastoreProperties?.datastoreId).toBe(env.datastoreId);
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    const client = env.sdk({ credentials: { accessKeyId: env.accessKey.accessKeyId, secretAccessKey: 'not-the-secret-0123456789' } });
    expect(await refusal(getDatastore(client))).toMatchObject({
      name: 'InvalidSignatureException',
      status: 403,
      message: expect.stringMatching(/signature we calculated does not match/),
    });
  });

  it('refuses an unknown access key id with UnrecognizedClientException', async () => {
    const client = env.sdk({ credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: env.accessKey.secretAccessKey } });
    expect(await refusal(getDatastore(client))).toMatchObject({ name: 'UnrecognizedClientException', status: 403 });
  });

  it('refuses a body changed after signing with InvalidSignatureException', async () => {
    const client = env.sdk();
    let tampered = false;
    type Args = { request: { body?: unknown } };
    const tamper = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
      // Same length, so Content-Length (signed) still holds: only the signature can tell.
      if (String(args.request.body).includes('"P1"')) {
        args.request.body = String(args.request.body).replace('"P1"', '"P2"');
        tampered = true;
      }
      return next(args);
    };
    client.middlewareStack.addRelativeTo(tamper as never, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperBody' });
    const search = client.send(
      new SearchImageSetsCommand({
        datastoreId: env.datastoreId,
        searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ DICOMPatientId: 'P1' }] }] },
      }),
    );
    expect(await refusal(search)).toMatchObject({ name: 'InvalidSignatureException', status: 403 });
    expect(tampered).toBe(true);
  });

  it('refuses a signature dated more than 15 minutes away with InvalidSignatureException', async () => {
    const client = env.sdk({});
    // The SDK's own clock offset makes it sign as if it were 20 minutes ago (one attempt: no skew correction).
    client.config.systemClockOffset = -20 * 60 * 1000;
    expect(await refusal(getDatastore(client))).toMatchObject({
      name: 'InvalidSignatureException',
      status: 403,
      message: expect.stringMatching(/expired/),
    });
  });

  it('maps the refusals to AccessDeniedException through the port, keeping the SDK error as cause', async () => {
    const hi = env.healthImaging({ credentials: { accessKeyId: env.accessKey.accessKeyId, secretAccessKey: 'not-the-secret-0123456789' } });
    const error = await hi.getDatastore({ datastoreId: env.datastoreId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthImagingError);
    expect(error).toMatchObject({ name: 'AccessDeniedException', cause: { name: 'InvalidSignatureException' } });
  });

  it('refuses unsigned and bearer-token requests as AWS does, before reading anything', async () => {
    const url = `${env.url}/datastore/${env.datastoreId}`;
    const unsigned = await fetch(url);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await unsigned.json()).toEqual({ message: 'Missing Authentication Token' });

    const bearer = await fetch(url, { headers: { authorization: `Bearer ${env.token}` } });
    expect(bearer.status).toBe(400);
    expect(bearer.headers.get('x-amzn-errortype')).toBe('IncompleteSignatureException');
    expect(JSON.stringify(await bearer.json())).not.toContain(env.datastoreId);
  });

  it('validates path ids before the store sees them', async () => {
    const out = await refusal(env.sdk().send(new GetDatastoreCommand({ datastoreId: '../../etc/passwd' })));
    expect(out).toMatchObject({ name: 'ValidationException', status: 400 });
  });
});
