import { describeObjectStoreContract } from '../test-support/object-store-contract';
import { startS3rver } from '@triage/test-support/s3';
import { S3ObjectStore } from './s3-object-store';

/**
 * The contract on s3rver (a real S3 API on loopback). Parts of 5 MiB (S3's minimum) make the 20 MB
 * and 12 MiB bodies multipart uploads; pages of 2 keys make every listing paginate.
 */
describeObjectStoreContract('S3ObjectStore on s3rver', async () => {
  const s3 = await startS3rver(['contract']);
  return {
    store: new S3ObjectStore({ client: s3.client, partSize: 5 * 1024 * 1024, pageSize: 2 }),
    bucket: 'contract',
    close: () => s3.close(),
  };
});
