import { describeHealthImagingContract } from '@triage/healthimaging/test-support';
import { startTestApp } from '../test-support/test-app';

// The port's contract a second time: the real MedicalImagingClient, SigV4-signed, against the running API.
describeHealthImagingContract('MedicalImagingClient against the HealthImaging API', async () => {
  const env = await startTestApp();
  return {
    hi: env.healthImaging(),
    datastoreId: env.datastoreId,
    async seed(files) {
      for (const [i, bytes] of files.entries()) await env.store.storeInstance(env.datastoreId, bytes, { source: `contract-${i}` });
      // updatedAt moves when an image set's last frame is transcoded: the contract pages by it, so seed to rest.
      await env.store.transcodesSettled();
    },
    teardown: () => env.close(),
  };
});
