import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeHealthImagingContract } from '../test-support/health-imaging-contract';
import { LocalHealthImaging } from './local-health-imaging';

describeHealthImagingContract('LocalHealthImaging', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hi-contract-'));
  const hi = await LocalHealthImaging.open({ dataDir });
  const datastoreId = await hi.ensureDatastore('contract');
  return {
    hi,
    datastoreId,
    async seed(files) {
      for (const [i, bytes] of files.entries()) await hi.storeInstance(datastoreId, bytes, { source: `contract-${i}` });
      // The contract describes image sets whose frames are stored (HealthImaging's import jobs end there too).
      await hi.transcodesSettled();
    },
    async teardown() {
      await hi.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
});
