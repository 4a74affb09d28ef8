/// <reference path="./s3rver.d.ts" />
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** What a client of s3rver needs besides its endpoint. */
export const S3RVER_CLIENT = {
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
} as const;

/** A real S3 (s3rver) on 127.0.0.1, a free port, over a temporary folder, with a client for it. */
export interface S3rverUnderTest {
  client: S3Client;
  endpoint: string;
  /** Folder s3rver stores objects in. */
  directory: string;
  close(): Promise<void>;
}

/**
 * Starts s3rver with the given buckets. The client
 * needs path-style addressing (no bucket subdomains on loopback) and checksums only where required:
 * by default the SDK sends stream bodies aws-chunked with trailing checksums, which s3rver stores
 * verbatim, chunk headers and all.
 */
export async function startS3rver(buckets: string[]): Promise<S3rverUnderTest> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({ ...S3RVER_CLIENT, endpoint });
  return {
    client,
    endpoint,
    directory,
    close: async () => {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
