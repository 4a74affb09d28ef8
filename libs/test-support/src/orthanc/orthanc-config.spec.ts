import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { orthancConfig, writeOrthancConfig } from './orthanc-config';

describe('orthancConfig', () => {
  const base = { dir: '/tmp/o', httpPort: 18042, dicomPort: 14242, dicomWebPlugin: '/usr/share/orthanc/plugins/libOrthancDicomWeb.so' };

  it('keeps everything under dir, answers loopback only, authentication and the DICOM server off', () => {
    expect(orthancConfig(base)).toEqual({
      Name: 'TRIAGE-TEST',
      StorageDirectory: '/tmp/o/storage',
      IndexDirectory: '/tmp/o/index',
      StorageCompression: false,
      HttpCompressionEnabled: false,
      HttpPort: 18042,
      DicomPort: 14242,
      DicomAet: 'ORTHANC',
      DicomServerEnabled: false,
      RemoteAccessAllowed: false,
      AuthenticationEnabled: false,
      KeepAlive: true,
      TcpNoDelay: true,
      HttpThreadsCount: 50,
      SaveJobs: false,
      Plugins: ['/usr/share/orthanc/plugins/libOrthancDicomWeb.so'],
      DicomWeb: { Enable: true, Root: '/dicom-web/', EnableWado: false, Servers: {} },
    });
  });

  it('names the remote DICOMweb servers with their headers, each URL ending with a slash', () => {
    const config = orthancConfig({
      ...base,
      dicomWebServers: {
        triage: { url: 'http://127.0.0.1:8080/dicomweb', httpHeaders: { Authorization: 'Bearer t' } },
        other: { url: 'http://127.0.0.1:9090/dicom-web/' },
      },
    });
    expect(config['DicomWeb']).toEqual({
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: false,
      Servers: {
        triage: { Url: 'http://127.0.0.1:8080/dicomweb/', HttpHeaders: { Authorization: 'Bearer t' } },
        other: { Url: 'http://127.0.0.1:9090/dicom-web/' },
      },
    });
  });

  it('turns on basic authentication with users, the DICOM server on request, and lets settings have the last word', () => {
    const config = orthancConfig({
      ...base,
      users: { bench: 'pw' },
      dicomServer: true,
      name: 'B',
      dicomAet: 'BENCH',
      settings: { KeepAlive: false },
    });
    expect(config).toMatchObject({
      Name: 'B',
      DicomAet: 'BENCH',
      DicomServerEnabled: true,
      AuthenticationEnabled: true,
      RegisteredUsers: { bench: 'pw' },
      KeepAlive: false,
    });
  });

  it('writes orthanc.json into dir, creating it', () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orthanc-config-')), 'nested');
    try {
      const file = writeOrthancConfig({ ...base, dir });
      expect(file).toBe(path.join(dir, 'orthanc.json'));
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(orthancConfig({ ...base, dir }));
    } finally {
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
