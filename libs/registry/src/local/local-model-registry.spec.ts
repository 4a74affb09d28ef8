import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { registration } from '../test-support/registry-contract';
import { LocalModelRegistry, registryFile } from './local-model-registry';

const ADMIN = { principal: 'root', role: 'admin', reason: 'test' };
const ROOT = path.resolve(__dirname, '../../../..');

/** Runs promote-repeatedly.ts as its own process (from the sources, as the CLI's specs run the CLI). */
function promoteInProcess(file: string, rounds: number, arns: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@triage/source',
        '--import',
        'tsx',
        path.join(__dirname, 'test-support/promote-repeatedly.ts'),
        file,
        String(rounds),
        ...arns,
      ],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('LocalModelRegistry', () => {
  let dir: string;
  let file: string;
  let registry: LocalModelRegistry;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'registry-local-'));
    file = registryFile(dir);
    registry = await LocalModelRegistry.open({ file, now: () => new Date('2026-12-05T08:00:00.000Z') });
  });
  afterEach(async () => {
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lives in <data>/registry/registry.sqlite with SageMaker-shaped local ARNs', async () => {
    expect(file).toBe(path.join(dir, 'registry', 'registry.sqlite'));
    const pkg = await registry.createModelPackage(registration('chest-xray', 'Approved'));
    expect(pkg.arn).toBe('arn:aws:sagemaker:local:000000000000:model-package/chest-xray/1');
    expect(await registry.listModelPackageGroups()).toEqual([
      {
        name: 'chest-xray',
        arn: 'arn:aws:sagemaker:local:000000000000:model-package-group/chest-xray',
        createdAt: '2026-12-05T08:00:00.000Z',
      },
    ]);
    expect(fs.existsSync(file)).toBe(true);
  });

  it('refuses, in the database itself, to rewrite the history, the serving log or what was registered', async () => {
    const [v1, v2] = [
      await registry.createModelPackage(registration('chest', 'Approved', 1)),
      await registry.createModelPackage(registration('chest', 'Approved', 2)),
    ];
    await registry.promote(v1.arn, ADMIN);
    await registry.promote(v2.arn, ADMIN);
    const db = new Database(file);
    try {
      const table: [string, string][] = [
        ['UPDATE history SET reason = NULL', 'never updated'],
        ['DELETE FROM history', 'never deleted'],
        ['UPDATE serving_log SET version = 1', 'never updated'],
        ['DELETE FROM serving_log', 'never deleted'],
        ["UPDATE packages SET model_data_url = 's3://elsewhere/model.tar.gz'", 'never changes'],
        ['DELETE FROM packages', 'never deleted'],
        ["INSERT INTO serving_now (group_name, version) VALUES ('chest', 1)", 'UNIQUE'],
      ];
      const refusals = table.map(([sql]) => {
        try {
          db.exec(sql);
          return 'ran';
        } catch (error) {
          return (error as Error).message;
        }
      });
      expect(refusals).toEqual(table.map(([, message]) => expect.stringContaining(message)));
    } finally {
      db.close();
    }
    expect((await registry.history('chest')).map((h) => h.action)).toEqual(['registered', 'registered', 'promoted', 'demoted', 'promoted']);
  });

  it('leaves exactly one version serving, with a consistent serving history, when two processes promote at once', async () => {
    const packages = [];
    for (let n = 1; n <= 4; n++) packages.push(await registry.createModelPackage(registration('chest', 'Approved', n)));
    const rounds = 15;
    const runs = await Promise.all([
      promoteInProcess(file, rounds, [packages[0].arn, packages[1].arn]),
      promoteInProcess(file, rounds, [packages[2].arn, packages[3].arn]),
    ]);
    expect(runs).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    const listed = (await registry.listModelPackages('chest')).filter((p) => p.promoted);
    expect(listed).toHaveLength(1);
    const periods = await registry.servingHistory('chest');
    const promotions = (await registry.history('chest')).filter((h) => h.action === 'promoted');
    // Each period is one promotion that changed what serves; consecutive periods never repeat a version.
    expect(periods.map((p) => p.version)).toEqual(promotions.map((h) => h.version));
    expect(periods.every((p, i) => i === 0 || p.version !== periods[i - 1].version)).toBe(true);
    expect(periods.filter((p) => p.until === undefined).map((p) => p.version)).toEqual([listed[0].version]);
    expect((await registry.history('chest')).filter((h) => h.action === 'demoted')).toHaveLength(periods.length - 1);
  });

  it('refuses calls once closed', async () => {
    await registry.close();
    await expect(registry.listModelPackageGroups()).rejects.toThrow('the model registry is closed');
  });
});
