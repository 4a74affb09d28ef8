import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPart10, toDicomJson } from '@triage/dicom';
import { corpusDir, frameReferences } from '@triage/test-data';

const root = path.resolve(__dirname, '../../..');
const corpus = corpusDir();

/** Runs the real `triage` process from its sources. */
function triage(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@triage/source', '--import', 'tsx', path.join(root, 'apps/cli/src/main.ts'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('triage CLI', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-cli-'));

  it('dicom info prints the DICOM JSON of a file', () => {
    const file = path.join(corpus, 'CT_small.dcm');
    const out = triage('dicom', 'info', file);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual(toDicomJson(readPart10(fs.readFileSync(file))));
  });

  it('dicom info refuses a broken file with one line naming it and the reason', () => {
    const out = triage('dicom', 'info', path.join(corpus, 'rtplan_truncated.dcm'));
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
    expect(out.stderr).toMatch(/^triage: .*rtplan_truncated\.dcm: truncated or corrupt/);
  });

  it('dicom frames writes each decoded frame and frames.json, matching the committed dcmtk reference', () => {
    const file = path.join(corpus, 'SC_rgb_rle_2frame.dcm');
    const dir = path.join(tmp, 'frames');
    const out = triage('dicom', 'frames', file, '--out', dir);
    expect(out.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'frames.json'), 'utf8'));
    expect(manifest).toMatchObject({
      frames: 2,
      rows: 100,
      columns: 100,
      samplesPerPixel: 3,
      bitsAllocated: 8,
      bitsStored: 8,
      pixelRepresentation: 0,
    });
    const sha256 = (name: string) =>
      createHash('sha256')
        .update(fs.readFileSync(path.join(dir, name)))
        .digest('hex');
    expect([sha256('frame-1.raw'), sha256('frame-2.raw')]).toEqual(frameReferences()['corpus/SC_rgb_rle_2frame.dcm'].frames);
  });

  it('dicom frames refuses a file without pixel data', () => {
    const out = triage('dicom', 'frames', path.join(corpus, 'rtplan.dcm'), '--out', path.join(tmp, 'none'));
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/rtplan\.dcm: has no pixel data/);
  });

  it('sample chest writes synthetic radiographs that parse', () => {
    const dir = path.join(tmp, 'chest');
    const out = triage('sample', 'chest', '--count', '2', '--out', dir, '--seed', 'cli-test');
    expect(out.code).toBe(0);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.dcm'));
    expect(files).toHaveLength(2);
    const json = toDicomJson(readPart10(fs.readFileSync(path.join(dir, files[0]))));
    expect(json['00080060'].Value).toEqual(['DX']);
    expect(String(json['00204000'].Value?.[0])).toContain('SYNTHETIC');
  });

  it('refuses bad numbers and missing arguments with usage exit code 2', () => {
    expect(triage('sample', 'chest', '--count', 'lots', '--out', tmp)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--count: 'lots' is not a positive integer/),
    });
    expect(triage('sample', 'ct', '--slices', '10', '--out', tmp)).toMatchObject({ code: 2, stderr: expect.stringMatching(/below 50/) });
    expect(triage('dicom', 'info')).toMatchObject({ code: 2, stderr: expect.stringMatching(/missing required argument/) });
    expect(triage('dicom', 'info', '/no/such/file')).toMatchObject({ code: 1, stderr: 'triage: /no/such/file: no such file\n' });
  });
});
