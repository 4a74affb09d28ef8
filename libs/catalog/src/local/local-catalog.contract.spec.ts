import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventBus, type TriageEvent } from '@triage/events';
import { catalogContract, type CatalogUnderTest } from '../test-support/contract-catalog';
import { LocalCatalog } from './local-catalog';

/** The catalog over a real LocalEventBus in `dir`, with a subscriber recording every label event delivered. */
async function openAt(dir: string, findings?: readonly string[]): Promise<CatalogUnderTest> {
  const bus = await LocalEventBus.open({ file: path.join(dir, 'bus.db') });
  let catalog: LocalCatalog;
  try {
    catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog.db'), findings, outbox: bus });
  } catch (error) {
    await bus.close();
    throw error;
  }
  const delivered: TriageEvent[] = [];
  bus.subscribe({
    name: 'contract-recorder',
    detailTypes: ['LabelChanged', 'ImageVerified'],
    handler: async (event) => {
      delivered.push(event);
    },
  });
  const close = async () => {
    await bus.close();
    await catalog.close();
  };
  return {
    catalog,
    datastoreId: 'ds-contract',
    otherDatastoreId: 'ds-other',
    delivered: async () => {
      await bus.settled();
      return [...delivered];
    },
    reopen: async () => {
      await close();
      return openAt(dir, findings);
    },
    dispose: async () => {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

catalogContract('LocalCatalog over LocalEventBus', {
  open: async (options = {}) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-contract-'));
    try {
      return await openAt(dir, options.findings);
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  },
});
