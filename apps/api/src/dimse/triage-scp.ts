import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { DicomError } from '@triage/dicom';
import type { DatastoreId } from '@triage/dicom';
import { IngestRefusedError } from '@triage/healthimaging';
import type { IngestBatchId, InstanceStore } from '@triage/healthimaging';
import type { AuditEvent, AuditSink } from '@triage/platform';
import { Dataset, Scp, constants, responses } from 'dcmjs-dimse';
import type { association, requests } from 'dcmjs-dimse';
import type { Logger } from 'pino';
import type { ApiMetrics } from '../app/api-context';
import { negotiatePresentationContexts } from './negotiate';
import { datasetIdentity } from './dataset-identity';
import { singleValue } from './dimse-value';
import { part10FromDimse } from './part10-from-dimse';
import { ReceivedDataset } from './received-dataset';

/** DIMSE statuses a C-STORE answers with (PS3.4 B.2.3, PS3.7 C.4.2). */
export const StoreStatus = {
  Success: 0x0000,
  ProcessingFailure: 0x0110,
  OutOfResources: 0xa700,
  DataSetDoesNotMatchSopClass: 0xa900,
  CannotUnderstand: 0xc000,
} as const;

/** What every association of the server shares. */
export interface ScpContext {
  store: InstanceStore;
  datastoreId: DatastoreId;
  aeTitle: string;
  /** Calling AE titles allowed to associate; empty allows any. */
  callingAeTitles: readonly string[];
  /** The largest data set one C-STORE may carry. */
  instanceLimitBytes: number;
  audit?: AuditSink;
  log?: Logger;
  /** Where ingest outcomes are counted (the API's `triage_instances_ingested_total`, as STOW-RS counts them). */
  metrics?: Pick<ApiMetrics, 'ingested'>;
  /** Called with every store in flight, so that closing can wait for it. */
  track<T>(work: Promise<T>): Promise<T>;
}

/** Error Comment (0000,0902) is LO: at most 64 characters. */
const ERROR_COMMENT_LENGTH = 64;

/** The received bytes behind the placeholder data set handed to cStoreRequest. */
const received = new WeakMap<object, ReceivedDataset>();

/** An SCP class bound to one server's context: dcmjs-dimse creates one instance per connection. */
export function scpClass(context: ScpContext): typeof Scp {
  return class TriageScp extends Scp {
    private callingAeTitle = '';
    private readonly peer: string;
    /** One association (one connection) is one ingest batch: its instances make one image-set version. */
    private readonly batch = randomUUID() as IngestBatchId;

    constructor(
      private readonly connection: Socket,
      options?: ConstructorParameters<typeof Scp>[1],
    ) {
      super(connection, options);
      this.peer = connection.remoteAddress ?? 'unknown';
    }

    private get source(): string {
      return `dimse:${this.callingAeTitle}@${this.peer}`;
    }

    private record(event: Omit<AuditEvent, 'actor' | 'role' | 'source'>): void {
      context.audit?.record({ actor: this.callingAeTitle || 'anonymous', role: 'modality', source: this.source, ...event });
    }

    override associationRequested(request: association.Association): void {
      this.guarded('association request', () => {
        const calling = singleValue(request.getCallingAeTitle(), 'Calling AE Title');
        this.callingAeTitle = 'value' in calling ? calling.value : '';
        const calledValue = singleValue(request.getCalledAeTitle(), 'Called AE Title');
        const called = 'value' in calledValue ? calledValue.value : '';
        const { RejectResult, RejectSource, RejectReason } = constants;
        let refusal: { reason: number; detail: string } | undefined;
        if (called !== context.aeTitle)
          refusal = { reason: RejectReason.CalledAeNotRecognized, detail: `called AE title "${called}" is not ${context.aeTitle}` };
        else if (context.callingAeTitles.length > 0 && !context.callingAeTitles.includes(this.callingAeTitle)) {
          refusal = { reason: RejectReason.CallingAeNotRecognized, detail: `calling AE title "${this.callingAeTitle}" is not allowed` };
        }
        if (refusal) {
          this.record({ action: 'dimse.associate', resource: called, outcome: 'refused', detail: refusal.detail });
          context.log?.warn({ source: this.source, reason: refusal.detail }, 'dimse: association rejected');
          this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, refusal.reason);
          // dcmjs-dimse leaves the connection open after a reject; the peer has nothing more to say.
          this.connection.end();
          return;
        }
        negotiatePresentationContexts(request);
        this.sendAssociationAccept();
      });
    }

    override associationReleaseRequested(): void {
      this.guarded('release request', () => this.sendAssociationReleaseResponse());
    }

    override cEchoRequest(
      request: requests.CEchoRequest,
      callback: (response: InstanceType<typeof responses.CEchoResponse>) => void,
    ): void {
      this.guarded('C-ECHO', () => {
        const response = responses.CEchoResponse.fromRequest(request);
        response.setStatus(StoreStatus.Success);
        callback(response);
      });
    }

    override createStoreWritableStream(): ReceivedDataset {
      return new ReceivedDataset(context.instanceLimitBytes);
    }

    override createDatasetFromStoreWritableStream(
      writable: ReceivedDataset,
      acceptedContext: association.PresentationContext,
      callback: (dataset: Dataset) => void,
    ): void {
      const done = () =>
        this.guarded('C-STORE data set', () => {
          // A placeholder: the bytes are stored as received, never parsed and re-encoded here.
          const placeholder = new Dataset({}, acceptedContext.getAcceptedTransferSyntaxUid());
          received.set(placeholder, writable);
          callback(placeholder);
        });
      if (writable.writableFinished) done();
      else writable.once('finish', done);
    }

    override cStoreRequest(
      request: requests.CStoreRequest,
      callback: (response: InstanceType<typeof responses.CStoreResponse>) => void,
    ): void {
      // store() never rejects; the catch is for the response itself, which must not become an unhandled rejection.
      context
        .track(this.store(request))
        .then(({ status, comment }) =>
          this.guarded('C-STORE response', () => {
            const response = responses.CStoreResponse.fromRequest(request);
            // The command's UID, echoed back only when it is one value (fromRequest copies whatever came).
            const uid = singleValue(request.getAffectedSopInstanceUid(), 'Affected SOP Instance UID');
            if ('value' in uid) response.setAffectedSopInstanceUid(uid.value);
            response.setStatus(status);
            if (comment) response.setErrorComment(comment.slice(0, ERROR_COMMENT_LENGTH));
            callback(response);
          }),
        )
        .catch((error: unknown) => this.failed('C-STORE', error));
    }

    override abort(): void {
      context.log?.info({ source: this.source }, 'dimse: association aborted by the peer');
      // dcmjs-dimse keeps the connection after an A-ABORT; the peer waits for us to close it (PS3.8 9.1.8).
      this.connection.destroy();
    }

    /**
     * Runs a handler of dcmjs-dimse's events: an exception in it would otherwise become an unhandled
     * rejection inside dcmjs-dimse's async event emitter, which ends the process. It ends the
     * association with an A-ABORT instead, and is logged.
     */
    private guarded(what: string, work: () => void): void {
      try {
        work();
      } catch (error) {
        this.failed(what, error);
      }
    }

    /** Our own failure outside a C-STORE's status: logged, then A-ABORT and close. */
    private failed(what: string, error: unknown): void {
      context.log?.error({ err: error, source: this.source }, `dimse: ${what} failed; aborting the association`);
      try {
        this.sendAbort();
      } finally {
        this.connection.destroy();
      }
    }

    /** Stores one instance; never rejects: every outcome, our own failure included, is a DIMSE status (and an audit record). */
    private async store(request: requests.CStoreRequest): Promise<{ status: number; comment?: string }> {
      let resource = '';
      try {
        return await this.storeChecked(request, (uid) => (resource = uid));
      } catch (error) {
        context.log?.error({ err: error, source: this.source, sopInstanceUid: resource }, 'dimse: C-STORE failed');
        context.metrics?.ingested.inc({ outcome: 'refused' }); // as STOW-RS counts a part it could not store
        this.record({ action: 'dimse.c-store', resource, outcome: 'failed', detail: 'processing failure' });
        return { status: StoreStatus.ProcessingFailure, comment: 'processing failure; see the server log' };
      }
    }

    /** The checks and the store of one C-STORE; `named` learns the SOP Instance UID as soon as it is known. */
    private async storeChecked(
      request: requests.CStoreRequest,
      named: (sopInstanceUid: string) => void,
    ): Promise<{ status: number; comment?: string }> {
      const instance = singleValue(request.getAffectedSopInstanceUid(), 'Affected SOP Instance UID');
      const sopClass = singleValue(request.getAffectedSopClassUid(), 'Affected SOP Class UID');
      const sopInstanceUid = 'value' in instance ? instance.value : '';
      named(sopInstanceUid);
      const refuse = (status: number, reason: string, detail = reason) => {
        context.metrics?.ingested.inc({ outcome: 'refused' });
        this.record({ action: 'dimse.c-store', resource: sopInstanceUid, outcome: 'refused', detail });
        context.log?.warn({ source: this.source, sopInstanceUid, status, reason: detail }, 'dimse: C-STORE refused');
        return { status, comment: reason };
      };
      if ('problem' in instance) return refuse(StoreStatus.CannotUnderstand, instance.problem);
      if ('problem' in sopClass) return refuse(StoreStatus.CannotUnderstand, sopClass.problem);
      const dataset = request.getDataset();
      const bytes = dataset ? received.get(dataset) : undefined;
      if (!dataset || !bytes) return refuse(StoreStatus.CannotUnderstand, 'the C-STORE carried no data set');
      if (bytes.oversize)
        return refuse(StoreStatus.OutOfResources, `instance of ${bytes.size} bytes is over the limit of ${context.instanceLimitBytes}`);
      const file = part10FromDimse(bytes.bytes(), {
        sopClassUid: sopClass.value,
        sopInstanceUid,
        transferSyntaxUid: dataset.getTransferSyntaxUid(),
        sourceAeTitle: this.callingAeTitle,
      });
      // The store keeps the data set's UIDs, and we acknowledge the command's: they must be the same (PS3.4 B.2.3).
      const identity = datasetIdentity(file);
      if (identity.sopClassUid !== undefined && identity.sopClassUid !== sopClass.value)
        return refuse(
          StoreStatus.DataSetDoesNotMatchSopClass,
          "data set SOP Class UID is not the command's",
          `data set SOP Class UID ${identity.sopClassUid} is not the command's ${sopClass.value}`,
        );
      if (identity.sopInstanceUid !== undefined && identity.sopInstanceUid !== sopInstanceUid)
        return refuse(
          StoreStatus.CannotUnderstand,
          "data set SOP Instance UID is not the command's",
          `data set SOP Instance UID ${identity.sopInstanceUid} is not the command's ${sopInstanceUid}`,
        );
      try {
        const outcome = await context.store.storeInstance(context.datastoreId, file, { source: this.source, batch: this.batch });
        context.metrics?.ingested.inc({ outcome: outcome.status });
        this.record({ action: 'dimse.c-store', resource: sopInstanceUid, outcome: 'success', detail: outcome.status });
        return { status: StoreStatus.Success };
      } catch (error) {
        if (error instanceof IngestRefusedError) return refuse(error.status, error.reason);
        if (error instanceof DicomError) return refuse(StoreStatus.CannotUnderstand, error.reason);
        // dicom-parser throws plain strings: a parser's complaint about the bytes, never a server failure.
        if (typeof error === 'string') return refuse(StoreStatus.CannotUnderstand, `not readable as DICOM: ${error}`);
        throw error;
      }
    }
  };
}
