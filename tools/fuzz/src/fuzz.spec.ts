import { DOORS } from './doors/outcome';
import { makeMutant, mutantHash, recipe } from './mutate/mutant';
import { loadCorpus } from './mutate/sources';
import { walkElements } from './mutate/dicom-elements';
import { formatReport } from './report/table';
import { runFuzz } from './run-fuzz';

// The fixed seed `npm test` runs (30 s per request: a loaded CI machine is slow, a real hang is endless); a failure names each mutant's recipe (rerun one with `npm run fuzz -- --seed 20261130 --only N`).
const SEED = 20261130;
const COUNT = 300;

describe('the mutant generator', () => {
  const { sources } = loadCorpus();

  it('gives the same bytes for the same seed and index, and other bytes for another seed', () => {
    const hashes = (seed: number) => Array.from({ length: 100 }, (_, i) => mutantHash(makeMutant(seed, i, sources)));
    expect(hashes(SEED)).toEqual(hashes(SEED));
    const other = hashes(SEED + 1);
    expect(hashes(SEED).filter((h, i) => h === other[i]).length).toBeLessThan(5);
    expect(recipe(makeMutant(SEED, 7, sources))).toBe(recipe(makeMutant(SEED, 7, sources)));
  });

  it('walks the elements of a corpus file to its pixel data, as dicom-parser does', () => {
    const ct = sources.find((s) => s.name === 'MR_small.dcm');
    const elements = walkElements(ct?.bytes ?? new Uint8Array());
    expect(elements.map((e) => e.tag)).toEqual(expect.arrayContaining(['00020010', '00080018', '0020000D', '7FE00010']));
    expect(elements.find((e) => e.tag === '7FE00010')).toMatchObject({ vr: 'OW', length: 8192, lengthSize: 4 });
  });
});

describe(`${COUNT} mutants of seed ${SEED} through STOW-RS, C-STORE and an import job`, () => {
  it('gets no 5xx, no hang, no crash; every acknowledged instance and its neighbours read back; originals unchanged', async () => {
    const report = await runFuzz({ seed: SEED, count: COUNT, doors: [...DOORS], quiet: true, deadlineMs: 30_000 });
    process.stdout.write(formatReport(report));
    expect(report.failures).toEqual([]);
    expect(report.crashes).toBe(0);
    expect(report.originalsChanged).toBe(0);
    expect(report.originals).toBeGreaterThan(0);
    for (const door of DOORS) {
      expect({ door, mutants: report.doors[door].mutants }).toEqual({ door, mutants: COUNT / DOORS.length });
      // A door that acknowledges nothing checks nothing after the acknowledgement.
      expect({ door, acked: report.doors[door].acked > 0 }).toEqual({ door, acked: true });
      expect({ door, serverErrors: report.doors[door].serverErrors, hangs: report.doors[door].hangs }).toEqual({
        door,
        serverErrors: 0,
        hangs: 0,
      });
      expect({ door, unreadable: report.doors[door].unreadable, neighbours: report.doors[door].neighboursBroken }).toEqual({
        door,
        unreadable: 0,
        neighbours: 0,
      });
    }
  }, 180_000);
});
