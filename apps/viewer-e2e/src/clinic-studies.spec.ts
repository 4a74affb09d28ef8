import { readPart10 } from '@triage/dicom';
import { CLINIC_WORKLIST, CT_SLICES, clinicStudies } from './test-support/clinic-studies';

describe("the browser tests' studies", () => {
  it('are what the worklist table says: one row per study, the CT in InstanceNumber order', () => {
    const { chest, ct } = clinicStudies();
    const rows = [...chest, ct[0]].map((instance) => {
      const ds = readPart10(instance.bytes).dataSet;
      const instances = instance.truth.kind === 'ct' ? CT_SLICES : 1;
      return { patientName: ds.string('x00100010'), studyDate: ds.string('x00080020'), modality: ds.string('x00080060'), instances };
    });
    expect(rows).toEqual(CLINIC_WORKLIST);
    expect(ct.map((slice) => readPart10(slice.bytes).dataSet.string('x00200013'))).toEqual(
      Array.from({ length: CT_SLICES }, (_, i) => String(i + 1)),
    );
    expect(new Set(ct.map((slice) => slice.studyInstanceUid)).size).toBe(1);
  });
});
