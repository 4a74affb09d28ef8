import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireOrthanc } from './find-orthanc';
import { freePort } from './free-port';
import { OrthancClient } from './orthanc-client';
import type { DicomWebServerConfig } from './orthanc-config';
import { writeOrthancConfig } from './orthanc-config';

/** Options of {@link startOrthanc}. */
export interface StartOrthancOptions {
  /** Remote DICOMweb servers, by name: `{ triage: { url: 'http://127.0.0.1:PORT/dicomweb/', httpHeaders: { Authorization: 'Bearer …' } } }`. */
  dicomWebServers?: Record<string, DicomWebServerConfig>;
  /** Whether the DICOM server runs (default false; see `OrthancConfigOptions.dicomServer`). */
  dicomServer?: boolean;
  /** How long its REST API may take to answer (default 30 s). */
  startTimeoutMs?: number;
}

/** A running Orthanc: where it answers, a client for it, and how to stop it. */
export interface RunningOrthanc {
  /** `http://127.0.0.1:PORT` */
  url: string;
  httpPort: number;
  dicomPort: number;
  /** Its temporary folder: configuration, storage, index and log. */
  dir: string;
  client: OrthancClient;
  /** Everything it logged so far (its stdout and stderr). */
  log(): string;
  /** SIGTERM, SIGKILL after `graceMs` (default 5 s), then removes its folder; safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

/** How often the REST API is probed while Orthanc starts. */
const READY_POLL_MS = 50;

/**
 * Starts Debian's Orthanc with the DICOMweb plugin in a fresh temporary folder: free HTTP and DICOM ports, its
 * own storage, authentication off, loopback clients only, `dicomWebServers` as its remote DICOMweb servers.
 * Resolves once `/system` answers; throws `OrthancNotInstalledError` (naming `apt-get install orthanc
 * orthanc-dicomweb`) when it is not installed, or an error with its log when it exits or does not answer in time.
 */
export async function startOrthanc(options: StartOrthancOptions = {}): Promise<RunningOrthanc> {
  const installation = requireOrthanc();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-orthanc-'));
  const [httpPort, dicomPort] = [await freePort(), await freePort()];
  const configFile = writeOrthancConfig({
    dir,
    httpPort,
    dicomPort,
    dicomWebPlugin: installation.dicomWebPlugin,
    dicomServer: options.dicomServer,
    dicomWebServers: options.dicomWebServers,
  });
  const logFile = path.join(dir, 'orthanc.log');
  const log = fs.openSync(logFile, 'a');
  // A bare environment: Orthanc reads nothing from ours, and our tokens never reach its log.
  const child = spawn(installation.binary, [configFile], {
    cwd: dir,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  let ended: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('error', (error) => ((ended = `could not start: ${error.message}`), resolve()));
    child.once('exit', (code, signal) => ((ended = signal ? `was killed by ${signal}` : `exited with ${code}`), resolve()));
  });
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 5_000) =>
    (stopped ??= (async () => {
      if (ended === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  const url = `http://127.0.0.1:${httpPort}`;
  const client = new OrthancClient(url);
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (ended !== undefined) {
      const output = readLog();
      await stop();
      throw new Error(`Orthanc ${ended} before its REST API answered; its log:\n${tail(output)}`);
    }
    if (
      await client.system().then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      const output = readLog();
      await stop();
      throw new Error(`Orthanc's REST API did not answer on ${url} within ${timeoutMs} ms; its log:\n${tail(output)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  // The plugin is what the tests are for: an Orthanc that started without it would fail them obscurely.
  await client.dicomWebPlugin().catch(async (error: unknown) => {
    const output = readLog();
    await stop();
    throw new Error(
      `Orthanc started without its DICOMweb plugin (${installation.dicomWebPlugin}): ${String(error)}; its log:\n${tail(output)}`,
    );
  });
  return { url, httpPort, dicomPort, dir, client, log: readLog, stop };
}

function tail(text: string): string {
  return text.split('\n').slice(-30).join('\n');
}
