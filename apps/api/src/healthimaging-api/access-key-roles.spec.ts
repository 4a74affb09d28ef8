import { SearchImageSetsCommand } from '@aws-sdk/client-medical-imaging';
import type { ImageSetId } from '@triage/dicom';
import { readImageFrame, readImageSetMetadata } from '@triage/healthimaging';
import type { AccessKey, AuditEvent } from '@triage/platform';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { numberedInstance } from '@triage/test-support';

/** What a call was refused with, as the SDK raised it. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
  );
  if (!error) throw new Error('the call was not refused');
  return { name: error.name, status: error.$metadata?.httpStatusCode };
}

/*
 * Access keys carry a role, as bearer tokens do: issued through /admin/access-keys and used by
 * the real MedicalImagingClient, a key may do what its role may, and nothing else.
 */
describe('access key roles on the HealthImaging API', () => {
  let env: TestApp;
  const audit: AuditEvent[] = [];
  const instance = numberedInstance({ run: 77, study: 0, index: 0 });
  let imageSetId: ImageSetId;
  let imageFrameId: string;

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${env.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${env.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const issue = async (name: string, role: string): Promise<AccessKey> => {
    const response = await admin('POST', '/admin/access-keys', { name, role });
    expect(response.status).toBe(201);
    const issued = (await response.json()) as AccessKey & { name: string; role: string };
    expect(issued).toMatchObject({ name, role, accessKeyId: expect.stringMatching(/^[A-Z0-9]{20}$/), secretAccessKey: expect.any(String) });
    return { accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey };
  };
  const search = (credentials: AccessKey) =>
    env.sdk({ credentials }).send(
      new SearchImageSetsCommand({
        datastoreId: env.datastoreId,
        searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: instance.studyInstanceUid }] }] },
      }),
    );

  beforeAll(async () => {
    env = await startTestApp({ audit: { record: (e) => audit.push(e) } });
    await env.store.storeInstance(env.datastoreId, instance.bytes);
    const hi = env.healthImaging();
    const found = await hi.searchImageSets({
      datastoreId: env.datastoreId,
      searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: instance.studyInstanceUid }] }] },
    });
    imageSetId = found.imageSetsMetadataSummaries?.[0]?.imageSetId as ImageSetId;
    const doc = await readImageSetMetadata(hi, { datastoreId: env.datastoreId, imageSetId });
    imageFrameId = doc.Study.Series[instance.seriesInstanceUid].Instances[instance.sopInstanceUid].ImageFrames[0].ID;
  }, 60_000);
  afterAll(() => env.close());

  it('lets a clinician key GetImageFrame', async () => {
    const key = await issue('reader', 'clinician');
    const hi = env.healthImaging({ credentials: key });
    const bytes = await readImageFrame(hi, { datastoreId: env.datastoreId, imageSetId, imageFrameInformation: { imageFrameId } });
    expect(bytes.length).toBeGreaterThan(0);
    expect(audit.at(-1)).toMatchObject({
      actor: `access-key:${key.accessKeyId}`,
      role: 'clinician',
      action: 'healthimaging.read',
      outcome: 'success',
    });
  });

  it('refuses a data-scientist key with AccessDeniedException (403), through the SDK and the port, and audits it', async () => {
    const key = await issue('notebook', 'data-scientist');
    expect(await refusal(search(key))).toEqual({ name: 'AccessDeniedException', status: 403 });
    expect(audit.at(-1)).toMatchObject({
      actor: `access-key:${key.accessKeyId}`,
      role: 'data-scientist',
      action: 'healthimaging.read',
      outcome: 'refused',
      detail: 'role data-scientist may not healthimaging.read',
    });
    const hi = env.healthImaging({ credentials: key });
    await expect(
      hi.getImageFrame({ datastoreId: env.datastoreId, imageSetId, imageFrameInformation: { imageFrameId } }),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('lists keys without secrets, and a revoked key gets UnrecognizedClientException', async () => {
    const key = await issue('short-lived', 'clinician');
    expect((await search(key)).imageSetsMetadataSummaries).toHaveLength(1);
    const listed = await admin('GET', '/admin/access-keys');
    const text = await listed.text();
    expect(JSON.parse(text)).toMatchObject({
      accessKeys: expect.arrayContaining([
        { accessKeyId: key.accessKeyId, name: 'short-lived', role: 'clinician', createdAt: expect.any(String) },
        expect.objectContaining({ accessKeyId: env.accessKey.accessKeyId, role: 'admin' }),
      ]),
    });
    expect(text).not.toContain(key.secretAccessKey);
    expect((await admin('DELETE', `/admin/access-keys/${key.accessKeyId}`)).status).toBe(204);
    expect((await admin('DELETE', `/admin/access-keys/${key.accessKeyId}`)).status).toBe(404);
    expect(await refusal(search(key))).toEqual({ name: 'UnrecognizedClientException', status: 403 });
  });

  it('issues access keys only to admins, and audits the issue', async () => {
    const response = await fetch(`${env.url}/admin/access-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', role: 'admin' }),
    });
    expect(response.status).toBe(401);
    expect(audit).toContainEqual(
      expect.objectContaining({
        action: 'tokens.manage',
        outcome: 'success',
        resource: expect.stringMatching(/^\/admin\/access-keys\/[A-Z0-9]{20}$/),
      }),
    );
    expect((await admin('POST', '/admin/access-keys', { name: 'x', role: 'root' })).status).toBe(400);
  });
});
