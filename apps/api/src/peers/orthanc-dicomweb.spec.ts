import { jsonNumber, jsonString, type DicomJsonDataset } from '@triage/dicom';
import { generateChestStudies, generateCtSeries, type GeneratedInstance } from '@triage/sample-data';
import type { OrthancQidoMatch } from '@triage/test-support';
import { stow } from '../test-support/stow-client';
import { decodedPixels } from './test-support/decoded-pixels';
import { startPeers, TRIAGE_SERVER, type Peers } from './test-support/start-peers';
import { headerString } from './test-support/header-string';
import { ourQido, ourStudyInstances } from './test-support/triage-dicomweb';

// Orthanc 1.10 with its DICOMweb plugin 1.7 as a real peer: it queries us, retrieves from us and stores to us
// through /dicom-web/servers/triage/…, and each exchange is checked on its side and on ours. Needs Debian's
// orthanc and orthanc-dicomweb: without them startOrthanc fails naming them (never a silent skip).

const SEED = 'orthanc-peer';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const HTJ2K_LOSSLESS = '1.2.840.10008.1.2.4.202';

/** (StudyInstanceUID, PatientID) pairs, sorted: what both sides must agree on. */
function studyKeys(pairs: [string | undefined, string | undefined][]): string[] {
  return pairs.map(([study, patient]) => `${study} ${patient}`).sort();
}

function orthancKeys(matches: OrthancQidoMatch[]): string[] {
  return studyKeys(matches.map((m) => [m['0020000D']?.Value, m['00100020']?.Value]));
}

describe('Orthanc as a DICOMweb peer of ours', () => {
  let peers: Peers;
  // What we hold before Orthanc talks to us: two chest radiographs and one CT series, each its own study.
  const chests = [...generateChestStudies({ count: 2, seed: SEED, size: 128 })];
  const ct = [...generateCtSeries({ slices: 50, seed: SEED, rows: 64, columns: 64 })];
  const held = [...chests, ...ct];

  beforeAll(async () => {
    peers = await startPeers();
    const answer = await stow(
      peers.api.url,
      peers.api.token,
      held.map((i) => i.bytes),
    );
    expect(answer.status).toBe(200);
  });
  afterAll(() => peers?.close());

  /** Runs `step`; on failure adds the tail of Orthanc's log to the error, since its job errors say little. */
  async function withLogs<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const tail = (text: string) => text.split('\n').slice(-15).join('\n');
      throw new Error(`${String(error)}\n--- Orthanc's log:\n${tail(peers.orthanc.log())}`);
    }
  }

  it('QIDO-RS: Orthanc finds exactly the studies we hold, with their StudyInstanceUID and PatientID', async () => {
    const expected = studyKeys(
      [...new Map(held.map((i) => [i.studyInstanceUid, i])).values()].map((i) => [i.studyInstanceUid, patientId(i)]),
    );
    expect(expected).toHaveLength(3);

    const everything = await withLogs(() => peers.orthanc.client.qido(TRIAGE_SERVER, '/studies', { PatientID: 'SYN-*' }));
    const ours = await ourQido(peers.api.url, peers.api.token, '/studies?PatientID=SYN-*');
    expect(orthancKeys(everything)).toEqual(expected);
    expect(studyKeys(ours.map((d) => [jsonString(d, '0020000D'), jsonString(d, '00100020')]))).toEqual(expected);

    // A narrower query is passed on as such: only the CT study matches its patient.
    const ctPatient = patientId(ct[0]);
    const narrowed = await peers.orthanc.client.qido(TRIAGE_SERVER, '/studies', { PatientID: ctPatient, ModalitiesInStudy: 'CT' });
    expect(orthancKeys(narrowed)).toEqual([`${ct[0].studyInstanceUid} ${ctPatient}`]);
    // Orthanc's /qido reshaping keeps string values only: our IS counts (JSON numbers, as PS3.18 F.2.3 has them)
    // come back without a Value. Its plain relay (/get) passes our DICOM JSON through untouched.
    const relayed = await peers.orthanc.client.get(TRIAGE_SERVER, '/studies', { query: { PatientID: ctPatient } });
    expect(relayed.contentType).toBe('application/dicom+json; charset=utf-8');
    const [study] = JSON.parse(Buffer.from(relayed.body).toString('utf8')) as DicomJsonDataset[];
    expect(jsonNumber(study, '00201208')).toBe(50); // NumberOfStudyRelatedInstances
    expect(narrowed[0]['00201208']).toEqual({ Group: 0x20, Element: 0x1208, Name: 'NumberOfStudyRelatedInstances', vr: 'IS' });
  });

  it('WADO-RS retrieve: Orthanc holds every instance of the study, with pixels equal to ours', async () => {
    const studyUid = ct[0].studyInstanceUid;
    const job = await withLogs(() => peers.orthanc.client.retrieve(TRIAGE_SERVER, [{ Study: studyUid }]));
    expect(job.Content['ReceivedInstancesCount']).toBe('50');

    const study = (await peers.orthanc.client.studies()).find((s) => s.MainDicomTags['StudyInstanceUID'] === studyUid);
    expect(study?.PatientMainDicomTags['PatientID']).toBe(patientId(ct[0]));
    const instances = await peers.orthanc.client.studyInstances(study?.ID ?? '');
    const ours = await ourStudyInstances(peers.api.url, peers.api.token, studyUid);
    const sops = instances.map((i) => i.MainDicomTags['SOPInstanceUID']).sort();
    expect(sops).toEqual(ct.map((i) => i.sopInstanceUid).sort());
    expect([...ours.keys()].sort()).toEqual(sops);

    for (const instance of instances) {
      const sop = instance.MainDicomTags['SOPInstanceUID'];
      const inOrthanc = decodedPixels(await peers.orthanc.client.instanceFile(instance.ID), `orthanc ${sop}`);
      const inOurs = decodedPixels(ours.get(sop) as Uint8Array, `ours ${sop}`);
      // The plugin asks for transfer-syntax=*, so it gets (and keeps) our stored HTJ2K codestream.
      expect(inOrthanc.transferSyntaxUid).toBe(HTJ2K_LOSSLESS);
      expect(inOurs.transferSyntaxUid).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
      expect(inOrthanc.frames).toHaveLength(1);
      expect(inOrthanc.frames[0].equals(inOurs.frames[0])).toBe(true);
    }
  });

  it('WADO-RS retrieve in Explicit VR Little Endian when asked: Orthanc serves each frame as we do, byte for byte', async () => {
    const accept = `multipart/related; type="application/dicom"; transfer-syntax=${EXPLICIT_VR_LITTLE_ENDIAN}`;
    const job = await withLogs(() =>
      peers.orthanc.client.retrieve(
        TRIAGE_SERVER,
        chests.map((i) => ({ Study: i.studyInstanceUid, Series: i.seriesInstanceUid, Instance: i.sopInstanceUid })),
        { headers: { Accept: accept } },
      ),
    );
    expect(job.Content['ReceivedInstancesCount']).toBe(String(chests.length));

    for (const chest of chests) {
      const study = (await peers.orthanc.client.studies()).find((s) => s.MainDicomTags['StudyInstanceUID'] === chest.studyInstanceUid);
      const [instance, ...others] = await peers.orthanc.client.studyInstances(study?.ID ?? '');
      expect(others).toEqual([]);
      expect(instance.MainDicomTags['SOPInstanceUID']).toBe(chest.sopInstanceUid);
      const ours = (await ourStudyInstances(peers.api.url, peers.api.token, chest.studyInstanceUid)).get(
        chest.sopInstanceUid,
      ) as Uint8Array;
      // Orthanc decodes this syntax itself: its raw frame is the native pixel data, as ours and as generated.
      const frame = Buffer.from(await peers.orthanc.client.rawFrame(instance.ID, 0));
      expect(frame.equals(decodedPixels(ours, 'ours').frames[0])).toBe(true);
      expect(frame.equals(decodedPixels(chest.bytes, 'generated').frames[0])).toBe(true);
    }
  });

  it('STOW-RS: a study Orthanc sends us is stored whole, with the pixels it was given', async () => {
    const sent = [...generateCtSeries({ slices: 50, seed: SEED, index: 1, rows: 64, columns: 64 })];
    const uploads = [];
    for (const instance of sent) uploads.push(await peers.orthanc.client.uploadInstance(instance.bytes));
    expect(new Set(uploads.map((u) => u.Status))).toEqual(new Set(['Success']));
    const orthancStudy = uploads[0].ParentStudy;
    expect(new Set(uploads.map((u) => u.ParentStudy))).toEqual(new Set([orthancStudy]));

    // Orthanc's side: the job succeeds only if our answer references all 50 and fails none (the plugin checks).
    const job = await withLogs(() => peers.orthanc.client.stow(TRIAGE_SERVER, [orthancStudy]));
    expect(job.State).toBe('Success');
    expect(job.Content['InstancesCount']).toBe('50');

    // Ours: QIDO lists every instance, and WADO-RS gives each back with the pixels uploaded.
    const studyUid = sent[0].studyInstanceUid;
    const listed = await ourQido(peers.api.url, peers.api.token, `/studies/${studyUid}/instances`);
    expect(listed.map((d) => jsonString(d, '00080018')).sort()).toEqual(sent.map((i) => i.sopInstanceUid).sort());
    const ours = await ourStudyInstances(peers.api.url, peers.api.token, studyUid);
    expect(ours.size).toBe(sent.length);
    for (const instance of sent) {
      const back = ours.get(instance.sopInstanceUid) as Uint8Array;
      expect(headerString(back, 'x00080018')).toBe(instance.sopInstanceUid);
      expect(decodedPixels(back, 'ours').frames).toEqual(decodedPixels(instance.bytes, 'uploaded').frames);
    }
  });
});

function patientId(instance: GeneratedInstance): string {
  return headerString(instance.bytes, 'x00100020');
}
