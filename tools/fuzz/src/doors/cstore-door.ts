import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { instanceUids, textOf, walkElements } from '../mutate/dicom-elements';
import type { Mutant } from '../mutate/mutant';
import { mutantFileName } from '../mutate/mutant';
import type { DoorLimits, DoorOutcome, Sent } from './outcome';
import { storeRaw } from '@triage/test-support';

/** The SCP to send to. */
export interface DimseTarget {
  host: string;
  port: number;
  aeTitle: string;
}

/**
 * Sends a batch of mutants by C-STORE: with our own SCU (the default, bytes as they are, one
 * association each) or, with `cstoreClient: 'storescu'`, in one association with dcmtk's storescu (`-R`: each file
 * proposed in its own transfer syntax; `-nh`: go on after a file it cannot read). storescu reads
 * each file itself first: a file it cannot read is `not-sent`, never the server's doing.
 */
export async function sendCStore(target: DimseTarget, mutants: Mutant[], dir: string, limits: DoorLimits): Promise<Sent[]> {
  if (limits.cstoreClient !== 'storescu') {
    const sent: Sent[] = [];
    for (const mutant of mutants) sent.push({ mutant, door: 'cstore', outcome: await sendRaw(target, mutant, limits) });
    return sent;
  }
  // One association per transfer syntax: storescu proposes a compressed syntax only when told to (as the DIMSE spec does).
  const groups = new Map<string, Mutant[]>();
  for (const m of mutants) groups.set(transferSyntaxOf(m.bytes), [...(groups.get(transferSyntaxOf(m.bytes)) ?? []), m]);
  const sent: Sent[] = [];
  for (const [syntax, group] of groups) sent.push(...(await sendGroup(target, group, syntax, dir, limits)));
  return mutants.map((m) => sent.find((s) => s.mutant === m) as Sent);
}

/** The largest value of an A-ASSOCIATE item (its length is 16 bits, PS3.8 9.3.2). */
const MAX_ITEM_BYTES = 0xffff;

/** Sends one mutant's data set bytes as they are with our own SCU (the meta header stays behind, as on any C-STORE). */
async function sendRaw(target: DimseTarget, mutant: Mutant, limits: DoorLimits): Promise<DoorOutcome> {
  const elements = walkElements(mutant.bytes);
  const text = (tag: string) => {
    const e = elements.find((x) => x.tag === tag);
    return e ? textOf(mutant.bytes, e).replace(/[\0 ]+$/, '') : '';
  };
  const meta = elements.filter((e) => e.tag.startsWith('0002') && e.length !== 0xffffffff);
  const hasPreamble = mutant.bytes.length >= 132 && Buffer.from(mutant.bytes.subarray(128, 132)).toString('latin1') === 'DICM';
  const start = hasPreamble ? Math.max(132, ...meta.map((e) => e.valueOffset + e.length)) : 0;
  const uids = instanceUids(mutant.bytes);
  // A missing class or instance UID still goes out (under a stand-in): what the SCP does with the data set is the point.
  // The data set's SOP Instance UID first, as storescu does: a few corpus files carry another one in their meta header.
  const sop = uids.sop || text('00020003') || `1.3.6.1.4.1.99999.7.9.${mutant.seed}.${mutant.index}`;
  const sopClassUid = text('00020002') || text('00080016') || '1.2.840.10008.5.1.4.1.1.7';
  const transferSyntaxUid = text('00020010') || '1.2.840.10008.1.2';
  // An association item holds at most 65535 bytes: no SCU can propose such a presentation context.
  const tooLong = [sopClassUid, transferSyntaxUid].find((uid) => Buffer.byteLength(uid, 'latin1') > MAX_ITEM_BYTES);
  if (tooLong !== undefined) return { kind: 'not-sent', detail: `a UID of ${tooLong.length} bytes cannot be proposed in an association` };
  const result = await storeRaw({
    host: target.host,
    port: target.port,
    calledAe: target.aeTitle,
    sopClassUid,
    sopInstanceUid: sop,
    transferSyntaxUid,
    dataset: mutant.bytes.subarray(Math.min(start, mutant.bytes.length)),
    deadlineMs: limits.deadlineMs,
  });
  if (result.kind === 'timeout') return { kind: 'hang', detail: `no C-STORE response within ${limits.deadlineMs} ms` };
  if (result.kind === 'rejected') return { kind: 'refused', reason: result.detail };
  if (result.kind === 'no-response') return { kind: 'server-error', detail: `no C-STORE response: ${result.detail}` };
  const status = result.status.toString(16).padStart(4, '0');
  if (result.status === 0 || (result.status & 0xf000) === 0xb000)
    return { kind: 'acked', instance: { sop, hint: { study: uids.study, series: uids.series } } };
  if ((result.status & 0xff00) === 0x0100) return { kind: 'server-error', detail: `0x${status} ${result.comment ?? ''}` };
  return { kind: 'refused', reason: result.comment ?? `status 0x${status} without an Error Comment` };
}

/** The storescu option that proposes a transfer syntax first, so that a file is sent as it is stored. */
const PROPOSE: Record<string, string> = {
  '1.2.840.10008.1.2': '-xi',
  '1.2.840.10008.1.2.1': '-xe',
  '1.2.840.10008.1.2.2': '-xb',
  '1.2.840.10008.1.2.1.99': '-xd',
  '1.2.840.10008.1.2.5': '-xr',
  '1.2.840.10008.1.2.4.50': '-xy',
  '1.2.840.10008.1.2.4.51': '-xx',
  '1.2.840.10008.1.2.4.70': '-xs',
  '1.2.840.10008.1.2.4.80': '-xt',
  '1.2.840.10008.1.2.4.81': '-xu',
  '1.2.840.10008.1.2.4.90': '-xv',
  '1.2.840.10008.1.2.4.91': '-xw',
};

function transferSyntaxOf(bytes: Uint8Array): string {
  const element = walkElements(bytes).find((e) => e.tag === '00020010');
  return element ? textOf(bytes, element).replace(/[\0 ]+$/, '') : '';
}

async function sendGroup(target: DimseTarget, mutants: Mutant[], syntax: string, dir: string, limits: DoorLimits): Promise<Sent[]> {
  fs.mkdirSync(dir, { recursive: true });
  const files = mutants.map((m) => path.join(dir, mutantFileName(m)));
  mutants.forEach((m, i) => fs.writeFileSync(files[i] as string, m.bytes));
  const seconds = String(Math.max(1, Math.ceil(limits.deadlineMs / 1000)));
  const args = [
    '-d',
    '-nh',
    '-R',
    PROPOSE[syntax] ?? '-x=',
    '-to',
    seconds,
    '-ta',
    seconds,
    '-td',
    seconds,
    '-aec',
    target.aeTitle,
    '-aet',
    'FUZZ',
    target.host,
    String(target.port),
    ...files,
  ];
  const run = await runBounded('storescu', args, limits.deadlineMs * (mutants.length + 2));
  try {
    return mutants.map((mutant, i) => ({ mutant, door: 'cstore' as const, outcome: outcomeOf(run, files[i] as string, mutant, limits) }));
  } finally {
    for (const file of files) fs.rmSync(file, { force: true });
  }
}

interface Run {
  output: string;
  killed: boolean;
  missing?: string;
}

/** What storescu's debug output says about one file. */
function outcomeOf(run: Run, file: string, mutant: Mutant, limits: DoorLimits): DoorOutcome {
  if (run.missing) return { kind: 'not-sent', detail: run.missing };
  const start = run.output.indexOf(`I: Sending file: ${file}\n`);
  if (start < 0) {
    const line = run.output.split('\n').find((l) => l.includes(file) && /^[WEF]:/.test(l));
    if (run.killed && !line) return { kind: 'hang', detail: `storescu did not finish within its deadline` };
    return { kind: 'not-sent', detail: line ?? 'storescu did not send it' };
  }
  const next = run.output.indexOf('I: Sending file: ', start + 1);
  const segment = run.output.slice(start, next < 0 ? undefined : next);
  if (!/Sending Store Request/.test(segment)) return { kind: 'not-sent', detail: firstProblem(segment) ?? 'storescu did not send it' };
  const status = /DIMSE Status\s*:\s*0x([0-9a-f]{4})/i.exec(segment)?.[1]?.toLowerCase();
  // storescu could not re-encode it for the negotiated transfer syntax: it never left this machine.
  if (!status && /unable to convert dataset/.test(segment))
    return { kind: 'not-sent', detail: firstProblem(segment) ?? 'storescu could not convert it' };
  if (!status) {
    if (run.killed) return { kind: 'hang', detail: `no C-STORE response within ${limits.deadlineMs} ms` };
    return { kind: 'server-error', detail: `no C-STORE response: ${firstProblem(segment) ?? 'the association ended'}` };
  }
  const comment = /\(0000,0902\) LO \[([^\]]*)\]/.exec(segment)?.[1]?.trim() ?? 'no Error Comment';
  if (status === '0000' || status.startsWith('b')) {
    const uids = instanceUids(mutant.bytes);
    const sop = /Affected SOP Instance UID\s*:\s*(\S+)/.exec(segment)?.[1] ?? uids.sop ?? '';
    return { kind: 'acked', instance: { sop, hint: { study: uids.study, series: uids.series } } };
  }
  // 0x01xx: the server's own processing failure, not a refusal of the input.
  if (status.startsWith('01')) return { kind: 'server-error', detail: `0x${status} ${comment}` };
  return { kind: 'refused', reason: comment };
}

function firstProblem(text: string): string | undefined {
  return text.split('\n').find((l) => /^[EF]:/.test(l));
}

/** Runs a command, killing it after `ms`; never rejects. */
function runBounded(command: string, args: string[], ms: number): Promise<Run> {
  return new Promise((resolve) => {
    let output = '';
    let killed = false;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, ms);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({ output, killed, missing: `${command} could not run: ${error.message}` });
    });
    child.once('close', () => {
      clearTimeout(timer);
      resolve({ output, killed });
    });
  });
}
