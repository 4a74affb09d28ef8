import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registryContract, type RegistryUnderTest } from '../test-support/registry-contract';
import { LocalModelRegistry, registryFile } from './local-model-registry';

async function openAt(dir: string): Promise<RegistryUnderTest> {
  const registry = await LocalModelRegistry.open({ file: registryFile(dir) });
  return {
    registry,
    reopen: async () => {
      await registry.close();
      return openAt(dir);
    },
    dispose: async () => {
      await registry.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

registryContract('LocalModelRegistry', {
  open: async () => openAt(fs.mkdtempSync(path.join(os.tmpdir(), 'registry-contract-'))),
});
