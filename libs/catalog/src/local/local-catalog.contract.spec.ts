import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { catalogContract, type CatalogUnderTest } from '../test-support/contract-catalog';
import { LocalCatalog } from './local-catalog';

async function openAt(dir: string, findings?: readonly string[]): Promise<CatalogUnderTest> {
  const catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog.db'), findings });
  return {
    catalog,
    datastoreId: 'ds-contract',
    otherDatastoreId: 'ds-other',
    delivered: async () => [],
    reopen: async () => {
      await catalog.close();
      return openAt(dir, findings);
    },
    dispose: async () => {
      await catalog.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

catalogContract('LocalCatalog', {
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
