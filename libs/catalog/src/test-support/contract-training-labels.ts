import type { LabelKey, SetLabelInput, StudySummary, TrainingLabel } from '../catalog';
import type { CatalogContractOptions, CatalogUnderTest } from './catalog-under-test';
import { expectCatalogError } from './expect-catalog-error';

const STUDY = '1.2.826.0.1.3680043.10.999.600';
const DR_A = { kind: 'clinician', principal: 'dr-a', role: 'clinician' } as const;
const IMPORT = { kind: 'import', source: 'labels.csv' } as const;
const MODEL = { kind: 'model', modelVersion: 'm-1' } as const;

type Origin = SetLabelInput['origin'];

/** Every version written, per key, in order: the table a reviewer reads against the answer below. */
const WRITES: Array<[imageSetId: string, sopInstanceUid: string | undefined, versions: Array<[Origin, 'normal' | 'pneumonia']>]> = [
  ['tl-a', undefined, [[IMPORT, 'normal']]],
  [
    'tl-b',
    undefined,
    [
      [IMPORT, 'normal'],
      [DR_A, 'pneumonia'],
    ],
  ],
  [
    'tl-c',
    undefined,
    [
      [DR_A, 'pneumonia'],
      [IMPORT, 'normal'],
    ],
  ],
  [
    'tl-d',
    undefined,
    [
      [DR_A, 'normal'],
      [DR_A, 'pneumonia'],
      [MODEL, 'normal'],
    ],
  ],
  ['tl-e', undefined, [[DR_A, 'normal']]],
  ['tl-e', `${STUDY}.1.2`, [[DR_A, 'pneumonia']]],
  ['tl-f', undefined, [[MODEL, 'pneumonia']]],
];

/** What training reads: [imageSetId, instance, finding, labelVersion, verification, patientId]. */
const EXPECTED = [
  ['tl-b', null, 'pneumonia', 2, 'corrected', 'PID-B'],
  ['tl-c', null, 'pneumonia', 1, 'confirmed', null],
  ['tl-d', null, 'pneumonia', 2, 'corrected', null],
  ['tl-e', null, 'normal', 1, 'confirmed', null],
  ['tl-e', `${STUDY}.1.2`, 'pneumonia', 1, 'confirmed', null],
];

function row(l: TrainingLabel): unknown[] {
  return [l.key.imageSetId, l.key.sopInstanceUid ?? null, l.finding, l.labelVersion, l.verification, l.patientId ?? null];
}

async function writeAll(u: CatalogUnderTest): Promise<void> {
  for (const [imageSetId, sopInstanceUid, versions] of WRITES) {
    const key: LabelKey = { datastoreId: u.datastoreId, imageSetId, ...(sopInstanceUid ? { sopInstanceUid } : {}) };
    for (const [origin, finding] of versions) await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding, origin });
  }
}

async function allPages(u: CatalogUnderTest, limit: number, since?: string): Promise<{ labels: TrainingLabel[]; pages: number }> {
  const labels: TrainingLabel[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await u.catalog.trainingLabels({ datastoreId: u.datastoreId, limit, since, nextToken });
    labels.push(...page.labels);
    nextToken = page.nextToken;
    pages += 1;
  } while (nextToken);
  return { labels, pages };
}

/** Waits until the clock has moved on, so that labels set before and after a mark have different times. */
async function nextMillisecond(): Promise<string> {
  const start = Date.now();
  while (Date.now() <= start + 1) await new Promise((resolve) => setTimeout(resolve, 1));
  const mark = new Date().toISOString();
  while (Date.now() <= Date.parse(mark) + 1) await new Promise((resolve) => setTimeout(resolve, 1));
  return mark;
}

/** The verified labels training reads: each key's latest clinician version, paged, incremental by time. */
export function trainingLabelsContract(options: CatalogContractOptions): void {
  describe('training labels', () => {
    let u: CatalogUnderTest;
    beforeEach(async () => {
      u = await options.open();
    });
    afterEach(async () => {
      await u.dispose();
    });

    it('lists each key once at its latest clinician version, with the recorded PatientID, in key order', async () => {
      const summary: StudySummary = {
        datastoreId: u.datastoreId,
        imageSetId: 'tl-b',
        studyInstanceUid: STUDY,
        patientId: 'PID-B',
        modalities: ['DX'],
        series: 1,
        instances: 1,
        updatedAt: '2024-06-01T10:00:00.000Z',
      };
      await u.catalog.recordImageSet(summary);
      await writeAll(u);
      await u.catalog.setLabel({
        key: { datastoreId: u.otherDatastoreId, imageSetId: 'tl-b' },
        studyInstanceUid: STUDY,
        finding: 'normal',
        origin: DR_A,
      });
      const { labels, pages } = await allPages(u, 100);
      expect(pages).toBe(1);
      expect(labels.map(row)).toEqual(EXPECTED);
      for (const label of labels) {
        expect(label.studyInstanceUid).toBe(STUDY);
        expect(label.key.datastoreId).toBe(u.datastoreId);
        expect((await u.catalog.labelHistory(label.key)).find((v) => v.version === label.labelVersion)?.setAt).toBe(label.verifiedAt);
      }
    });

    it.each([1, 2, 4, 5])('pages of %i walk the same labels, none skipped or repeated', async (limit) => {
      await writeAll(u);
      const { labels, pages } = await allPages(u, limit);
      expect(labels.map(row)).toEqual(EXPECTED.map((r) => [...r.slice(0, 5), null]));
      expect(pages).toBe(Math.ceil(EXPECTED.length / limit));
    });

    it('since a time lists only labels verified after it', async () => {
      await writeAll(u);
      const mark = await nextMillisecond();
      await u.catalog.setLabel({
        key: { datastoreId: u.datastoreId, imageSetId: 'tl-a' },
        studyInstanceUid: STUDY,
        finding: 'pneumonia',
        origin: DR_A,
      });
      await u.catalog.setLabel({
        key: { datastoreId: u.datastoreId, imageSetId: 'tl-c' },
        studyInstanceUid: STUDY,
        finding: 'normal',
        origin: IMPORT,
      });
      const { labels } = await allPages(u, 2, mark);
      expect(labels.map(row)).toEqual([['tl-a', null, 'pneumonia', 2, 'corrected', null]]);
      expect((await allPages(u, 100, '2000-01-01T00:00:00Z')).labels).toHaveLength(EXPECTED.length + 1);
    });

    it('refuses a bad limit, since or token', async () => {
      const ds = u.datastoreId;
      await expectCatalogError(u.catalog.trainingLabels({ datastoreId: ds, limit: 0 }), 'ValidationException', /limit/);
      await expectCatalogError(u.catalog.trainingLabels({ datastoreId: ds, limit: 1001 }), 'ValidationException', /limit/);
      await expectCatalogError(u.catalog.trainingLabels({ datastoreId: ds, since: 'yesterday' }), 'ValidationException', /since/);
      await expectCatalogError(u.catalog.trainingLabels({ datastoreId: ds, nextToken: 'nope' }), 'ValidationException', /nextToken/);
    });
  });
}
