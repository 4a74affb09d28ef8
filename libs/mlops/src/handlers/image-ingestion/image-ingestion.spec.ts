import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalCatalog, worklistProjector } from '@triage/catalog';
import type { DatastoreId } from '@triage/dicom';
import { LocalEventBus, type TriageEvent } from '@triage/events';
import { LocalHealthImaging } from '@triage/healthimaging';
import { LocalModelRegistry } from '@triage/registry';
import { generateChestRadiograph, generateCtSeries } from '@triage/sample-data';
import { DEFAULT_MLOPS_CONFIG } from '../../config/mlops-config';
import { healthImagingImageSource } from '../../images/health-imaging-image-source';
import { fakeScorer, memoryMonitor, STUB_DRIFT_REFERENCE } from '../../test-support/fake-scoring';
import { recordingTools } from '../../test-support/recording-tools';
import { imageIngestion } from './image-ingestion';

jest.setTimeout(60_000);

const STUDIES = 6;
const radiographs = Array.from({ length: STUDIES }, (_, index) =>
  generateChestRadiograph({ seed: 'mlops-ingestion', index, size: 64, label: index % 2 ? 'pneumonia' : 'normal' }),
);

/**
 * A platform on a fresh data dir, real everywhere but the scorer and the monitor (fakes: see fake-scoring): the store and the
 * catalog emit on the real bus, the worklist projector and the image-ingestion core subscribe. Version 1 is registered and
 * promoted unless `noModel`; with `shadow`, version 2 waits PendingManualApproval (its scores are the mirror of version 1's).
 */
async function world(name: string, options: { shadow?: boolean; noModel?: boolean; crossAt?: number } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `triage-ingestion-${name}-`));
  const bus = await LocalEventBus.open({ file: path.join(dir, 'events.sqlite') });
  const store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'healthimaging'), outbox: bus });
  const catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog.sqlite'), outbox: bus });
  const registry = await LocalModelRegistry.open({ file: path.join(dir, 'registry.sqlite') });
  const datastoreId = await store.ensureDatastore('ingestion');
  const scorer = fakeScorer({ mirrored: new Set([2]) });
  const monitor = memoryMonitor({ crossAt: options.crossAt });
  const materialised: string[] = [];
  const drifts: TriageEvent<'ModelDriftDetected'>['detail'][] = [];
  const register = (approvalStatus: 'Approved' | 'PendingManualApproval', n: number) =>
    registry.createModelPackage({
      groupName: 'triage-chest-xray',
      approvalStatus,
      modelDataUrl: `s3://artifacts/run${n}/model.tar.gz`,
      imageUri: 'triage-training:latest',
      metrics: { accuracy: { value: 0.9 }, evaluationUri: `s3://artifacts/run${n}/evaluation/evaluation.json` },
      registeredBy: { principal: `pipeline:run${n}` },
    });
  if (!options.noModel) {
    const v1 = await register('Approved', 1);
    await registry.promote(v1.arn, { principal: 'dana', reason: 'first model' });
  }
  if (options.shadow) await register('PendingManualApproval', 2);
  const recorder = recordingTools();
  const handle = imageIngestion({
    config: DEFAULT_MLOPS_CONFIG,
    registry,
    catalog,
    images: healthImagingImageSource(store),
    scorer,
    materialise: async (url) => {
      materialised.push(url);
      return `/models/${url.split('/')[3]}`;
    },
    monitor,
    driftReference: async (uri) => (uri.endsWith('/evaluation.json') ? STUB_DRIFT_REFERENCE : undefined),
    events: bus,
    datastoreId,
  });
  bus.subscribe(worklistProjector({ catalog, store }));
  bus.subscribe({ name: 'image-ingestion', detailTypes: ['ImageSetCreated', 'ModelPromoted'], handler: (e) => handle(e, recorder.tools) });
  bus.subscribe({ name: 'spec-drift', detailTypes: ['ModelDriftDetected'], handler: async (e) => void drifts.push(e.detail) });
  return {
    bus,
    store,
    catalog,
    registry,
    datastoreId,
    scorer,
    monitor,
    materialised,
    drifts,
    recorder,
    register,
    async ingest(count = STUDIES) {
      for (const r of radiographs.slice(0, count)) await store.storeInstance(datastoreId, r.bytes);
      await bus.settled();
    },
    /** The worklist as a clinician sees it, by study (image set ids differ between worlds). */
    async rows() {
      const page = await catalog.worklist({ datastoreId: datastoreId as DatastoreId });
      return page.items.map((i) => ({ study: i.studyInstanceUid, priority: i.prediction?.priority, model: i.prediction?.modelVersion }));
    },
    async close() {
      await bus.close();
      await store.close();
      await catalog.close();
      await registry.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('image-ingestion', () => {
  it('puts the serving version’s prediction on each new primary image set, monitors it, and raises drift once when it crosses', async () => {
    const w = await world('serving', { crossAt: 4 });
    try {
      await w.ingest();
      const rows = await w.rows();
      const v1 = 'arn:aws:sagemaker:local:000000000000:model-package/triage-chest-xray/1';
      expect(rows.map((r) => r.model)).toEqual(Array(STUDIES).fill(v1));
      // The worklist is sorted by the positive score, most urgent first.
      const priorities = rows.map((r) => r.priority as number);
      expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
      expect(w.monitor.scores.map((s) => [s.role, s.version])).toEqual(Array(STUDIES).fill(['serving', 1]));
      expect(w.materialised).toEqual(['s3://artifacts/run1/model.tar.gz']);
      expect(w.drifts.map((d) => [d.version, d.windowSize])).toEqual([[1, 4]]);
      expect(w.recorder.counts).toMatchObject({ ImageSetsScored: STUDIES, DriftDetected: 1 });
    } finally {
      await w.close();
    }
  });

  it('never scores an image set of a modality the model does not read (a CT slice for a chest radiograph model)', async () => {
    const w = await world('ct');
    try {
      const slice = generateCtSeries({ seed: 'mlops-ingestion', slices: 50, rows: 64, columns: 64 }).next();
      if (slice.done) throw new Error('no CT slice');
      await w.store.storeInstance(w.datastoreId, slice.value.bytes);
      await w.ingest(1);
      expect((await w.rows()).map((r) => r.model?.split('/').pop())).toEqual(['1', undefined]);
      expect([w.scorer.calls.length, w.monitor.scores.length]).toEqual([1, 1]);
    } finally {
      await w.close();
    }
  });

  it('scores nothing while no version is promoted: the worklist shows no model yet', async () => {
    const w = await world('no-model', { noModel: true });
    try {
      await w.ingest(2);
      expect((await w.rows()).map((r) => r.model)).toEqual([undefined, undefined]);
      expect([w.scorer.calls.length, w.monitor.scores.length]).toEqual([0, 0]);
      // Handled, not failed and left for a retry: the group does not even exist yet on a fresh platform.
      expect(w.recorder.counts).toEqual({ ImageSetsNotScored: 2 });
    } finally {
      await w.close();
    }
  });

  it('never lets a shadow candidate change the worklist: rows and order identical with and without it', async () => {
    const without = await world('without-shadow');
    const withShadow = await world('with-shadow', { shadow: true });
    try {
      await without.ingest();
      await withShadow.ingest();
      expect(await withShadow.rows()).toEqual(await without.rows());
      // The shadow did score every image set, for the monitor only (its scores are the mirror of the serving ones).
      const shadow = withShadow.monitor.scores.filter((s) => s.role === 'shadow');
      const serving = withShadow.monitor.scores.filter((s) => s.role === 'serving');
      expect(shadow.map((s) => s.version)).toEqual(Array(STUDIES).fill(2));
      expect(shadow.map((s) => Math.round((1 - s.score) * 1e6) / 1e6)).toEqual(serving.map((s) => s.score));
    } finally {
      await without.close();
      await withShadow.close();
    }
  });

  it('rescores the open worklist with the newly promoted version, leaving verified items as they were', async () => {
    const w = await world('promotion', { shadow: true });
    try {
      await w.ingest();
      const before = await w.rows();
      const verifiedStudy = before[0].study;
      const item = (await w.catalog.worklist({ datastoreId: w.datastoreId as DatastoreId })).items[0];
      await w.catalog.setLabel({
        key: { datastoreId: item.datastoreId, imageSetId: item.imageSetId },
        studyInstanceUid: item.studyInstanceUid,
        finding: 'pneumonia',
        origin: { kind: 'clinician', principal: 'dr-a', role: 'clinician' },
      });
      const v2 = 'arn:aws:sagemaker:local:000000000000:model-package/triage-chest-xray/2';
      await w.registry.updateApprovalStatus(v2, 'Approved', { principal: 'dana', reason: 'good enough' });
      await w.registry.promote(v2, { principal: 'dana', reason: 'better' });
      await w.bus.publish([
        {
          source: 'triage.models',
          'detail-type': 'ModelPromoted',
          detail: {
            groupName: 'triage-chest-xray',
            modelPackageArn: v2,
            version: 2,
            previousModelPackageArn: before[0].model,
            change: 'promoted',
            by: 'person',
            actor: { principal: 'dana' },
          },
        },
      ]);
      await w.bus.settled();
      const after = await w.rows();
      expect(Object.fromEntries(after.map((r) => [r.study, r.model?.split('/').pop()]))).toEqual(
        Object.fromEntries(before.map((r) => [r.study, r.study === verifiedStudy ? '1' : '2'])),
      );
      // Version 2's scores mirror version 1's: the unverified items come in the reverse order.
      expect(after.filter((r) => r.study !== verifiedStudy).map((r) => r.study)).toEqual(
        before
          .filter((r) => r.study !== verifiedStudy)
          .map((r) => r.study)
          .reverse(),
      );
      expect(w.recorder.counts['WorklistRescored']).toBe(STUDIES - 1);
    } finally {
      await w.close();
    }
  });
});
