import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '@triage/test-support';
import { startApi, type ApiProcess } from './api-process';
import { worklist } from './api-requests';
import { CLINIC_WORKLIST, clinicStudies, ingestClinic, type ClinicStudies } from './clinic-studies';
import { eventually } from './eventually';

/** The admin token every spec's API starts with (a test value, never a real credential). */
export const ADMIN_TOKEN = 'viewer-e2e-admin-token-0123456789abcdef';

/** A spec file's world: the API with the studies stored and on the worklist, and a browser. */
export interface Clinic {
  api: ApiProcess;
  dataDir: string;
  studies: ClinicStudies;
  browser: Browser;
  /** The image set id of a patient's study, from the worklist. */
  imageSetOf(patientName: string): string;
  /** SIGKILLs the API (when `kill`) or stops it, then starts it again on the same data folder (a new port). */
  restart(kill: boolean): Promise<ApiProcess>;
  close(): Promise<void>;
}

/** Starts the API on a fresh data folder, stores the studies, waits until the worklist shows all of them, launches Chromium. */
export async function openClinic(): Promise<Clinic> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-viewer-e2e-'));
  const studies = clinicStudies();
  const [started, browser] = await Promise.all([startApi({ dataDir, adminToken: ADMIN_TOKEN }), launchChromium()]);
  let api = started;
  await ingestClinic(api.url, ADMIN_TOKEN, studies);
  // The worklist is fed by the bus (ImageSetCreated): it shows the studies once those are delivered.
  const items = await eventually('all studies on the worklist', async () => {
    const page = await worklist(api.url, ADMIN_TOKEN);
    return page.total === CLINIC_WORKLIST.length ? page.items : undefined;
  });
  const byName = new Map(items.map((item) => [item.patientName ?? '', item.imageSetId]));
  const clinic: Clinic = {
    get api() {
      return api;
    },
    dataDir,
    studies,
    browser,
    imageSetOf(patientName) {
      const id = byName.get(patientName);
      if (!id) throw new Error(`no worklist item for ${patientName}`);
      return id;
    },
    async restart(kill) {
      await api.stop(kill ? 'SIGKILL' : 'SIGTERM');
      api = await startApi({ dataDir, adminToken: ADMIN_TOKEN });
      return api;
    },
    async close() {
      await browser.close();
      await api.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return clinic;
}
