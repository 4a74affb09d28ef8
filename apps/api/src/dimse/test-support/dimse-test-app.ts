import type { AuditEvent } from '@triage/platform';
import { appMetrics } from '../../app/build-app';
import { startTestApp, type TestApp } from '../../test-support/test-app';
import { startDimseServer, type DimseServer } from '../dimse-server';

/** The AE title the DIMSE specs call. */
export const TEST_AE = 'TRIAGE';

/** The test app with the C-STORE SCP beside it on a free loopback port, its audit records kept in order. */
export interface DimseTestApp {
  t: TestApp;
  dimse: DimseServer;
  audit: AuditEvent[];
  close(): Promise<void>;
}

/** Starts a {@link DimseTestApp}; the SCP counts into the app's ingest metrics. */
export async function startDimseTestApp(options: { codecWorkers: number }): Promise<DimseTestApp> {
  const t = await startTestApp({ codecWorkers: options.codecWorkers });
  const audit: AuditEvent[] = [];
  const dimse = await startDimseServer({
    store: t.store,
    datastoreId: t.datastoreId,
    host: '127.0.0.1',
    port: 0,
    aeTitle: TEST_AE,
    audit: { record: (e) => audit.push(e) },
    metrics: appMetrics(t.app),
  });
  return {
    t,
    dimse,
    audit,
    async close() {
      await dimse.close();
      await t.close();
    },
  };
}
