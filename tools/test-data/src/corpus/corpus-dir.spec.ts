import * as path from 'node:path';
import { corpusDir, corpusFiles } from './corpus-dir';

describe('corpus', () => {
  const saved = process.env['TRIAGE_CORPUS'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TRIAGE_CORPUS'];
    else process.env['TRIAGE_CORPUS'] = saved;
  });

  it('is the copy kept in the repository unless TRIAGE_CORPUS names another', () => {
    delete process.env['TRIAGE_CORPUS'];
    expect(corpusDir()).toBe(path.resolve(__dirname, '../../corpus'));
    process.env['TRIAGE_CORPUS'] = '/elsewhere';
    expect(corpusDir()).toBe('/elsewhere');
  });

  it('lists the .dcm files sorted by name', () => {
    delete process.env['TRIAGE_CORPUS'];
    const names = corpusFiles().map((f) => path.basename(f));
    expect(names).toHaveLength(59);
    expect(names).toEqual([...names].sort());
    expect(names[0]).toBe('CT_small.dcm');
  });
});
