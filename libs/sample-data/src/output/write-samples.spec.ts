import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateChestStudies } from '../chest/generate-chest';
import type { GeneratedInstance } from '../types';
import { writeSamples } from './write-samples';

describe('writeSamples', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'write-samples-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file, labels.csv and manifest.json, and reports progress', async () => {
    const seen: number[] = [];
    const instances = [...generateChestStudies({ count: 3, seed: 'w', size: 64 })];
    const written = await writeSamples(path.join(dir, 'out'), instances, (n) => seen.push(n));
    expect(written).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    const files = readdirSync(path.join(dir, 'out')).sort();
    expect(files).toEqual(['chest-0000.dcm', 'chest-0001.dcm', 'chest-0002.dcm', 'labels.csv', 'manifest.json']);
    expect(readFileSync(path.join(dir, 'out', 'chest-0001.dcm')).equals(Buffer.from(instances[1].bytes))).toBe(true);
    const csv = readFileSync(path.join(dir, 'out', 'labels.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toBe('file_name,label,opacities,study_instance_uid,series_instance_uid,sop_instance_uid');
    expect(csv[2].split(',').slice(0, 2)).toEqual(['chest-0001.dcm', instances[1].label]);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.synthetic).toBe(true);
    expect(manifest.instances[2]).toMatchObject({
      fileName: 'chest-0002.dcm',
      sopInstanceUid: instances[2].sopInstanceUid,
      truth: instances[2].truth,
    });
  });

  it('refuses a file name that could escape the directory, leaving no temporary file', async () => {
    const bad = { ...generateChestStudies({ count: 1, seed: 'w', size: 64 }).next().value, fileName: '../evil.dcm' } as GeneratedInstance;
    await expect(writeSamples(dir, [bad])).rejects.toThrow(/unsafe file name/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
