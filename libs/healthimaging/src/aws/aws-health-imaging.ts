import { Readable } from 'node:stream';
import {
  CopyImageSetCommand,
  CreateDatastoreCommand,
  DeleteImageSetCommand,
  GetDatastoreCommand,
  GetDICOMImportJobCommand,
  GetImageFrameCommand,
  GetImageSetCommand,
  GetImageSetMetadataCommand,
  ListDatastoresCommand,
  ListDICOMImportJobsCommand,
  ListImageSetVersionsCommand,
  SearchImageSetsCommand,
  StartDICOMImportJobCommand,
  UpdateImageSetMetadataCommand,
  type CopyImageSetCommandInput,
  type CreateDatastoreCommandInput,
  type DeleteImageSetCommandInput,
  type GetDatastoreCommandInput,
  type GetDICOMImportJobCommandInput,
  type GetImageFrameCommandInput,
  type GetImageSetCommandInput,
  type GetImageSetMetadataCommandInput,
  type ListDatastoresCommandInput,
  type ListDICOMImportJobsCommandInput,
  type ListImageSetVersionsCommandInput,
  type MedicalImagingClient,
  type SearchImageSetsCommandInput,
  type StartDICOMImportJobCommandInput,
  type UpdateImageSetMetadataCommandInput,
} from '@aws-sdk/client-medical-imaging';
import type { GetImageFrameResult, GetImageSetMetadataResult, HealthImaging } from '../health-imaging';
import { HealthImagingError } from '../health-imaging-error';
import { createMedicalImagingClient, type AwsHealthImagingConfig } from './medical-imaging-client';
import { toHealthImagingError } from './map-sdk-error';

type WithMetadata = { $metadata: unknown };

/** Drops the transport's `$metadata`: the port returns what the service said, not how it was carried. */
function withoutMetadata<T extends WithMetadata>(output: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}

/** The SDK's streaming body as a Node stream, never buffered. */
function asReadable(blob: unknown, what: string): Readable {
  if (blob instanceof Readable) return blob;
  if (blob && typeof (blob as { transformToWebStream?: unknown }).transformToWebStream === 'function') {
    const web = (blob as { transformToWebStream(): ReadableStream }).transformToWebStream();
    return Readable.fromWeb(web as import('node:stream/web').ReadableStream);
  }
  throw new HealthImagingError('InternalServerException', `HealthImaging answered without ${what}`);
}

/**
 * AWS HealthImaging through `MedicalImagingClient` (the design card's HealthImaging client):
 * throttling is retried with backoff by the SDK's retry strategy, SDK exceptions become
 * {@link HealthImagingError}s of the same name, frames and metadata stay streams.
 */
export class AwsHealthImaging implements HealthImaging {
  constructor(readonly client: MedicalImagingClient) {}

  /** An instance with its own client, configured by {@link createMedicalImagingClient}. */
  static create(config: AwsHealthImagingConfig): AwsHealthImaging {
    return new AwsHealthImaging(createMedicalImagingClient(config));
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }

  private async send<T extends WithMetadata>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toHealthImagingError(error);
    }
  }

  async createDatastore(input: CreateDatastoreCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new CreateDatastoreCommand(input))));
  }

  async getDatastore(input: GetDatastoreCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new GetDatastoreCommand(input))));
  }

  async listDatastores(input: ListDatastoresCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new ListDatastoresCommand(input))));
  }

  async startDICOMImportJob(input: StartDICOMImportJobCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new StartDICOMImportJobCommand(input))));
  }

  async getDICOMImportJob(input: GetDICOMImportJobCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new GetDICOMImportJobCommand(input))));
  }

  async listDICOMImportJobs(input: ListDICOMImportJobsCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new ListDICOMImportJobsCommand(input))));
  }

  async searchImageSets(input: SearchImageSetsCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new SearchImageSetsCommand(input))));
  }

  async getImageSet(input: GetImageSetCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new GetImageSetCommand(input))));
  }

  async getImageSetMetadata(input: GetImageSetMetadataCommandInput): Promise<GetImageSetMetadataResult> {
    const output = withoutMetadata(await this.send(() => this.client.send(new GetImageSetMetadataCommand(input))));
    return { ...output, imageSetMetadataBlob: asReadable(output.imageSetMetadataBlob, 'a metadata document') };
  }

  async getImageFrame(input: GetImageFrameCommandInput): Promise<GetImageFrameResult> {
    const output = withoutMetadata(await this.send(() => this.client.send(new GetImageFrameCommand(input))));
    return { ...output, imageFrameBlob: asReadable(output.imageFrameBlob, 'a frame') };
  }

  async listImageSetVersions(input: ListImageSetVersionsCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new ListImageSetVersionsCommand(input))));
  }

  async updateImageSetMetadata(input: UpdateImageSetMetadataCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new UpdateImageSetMetadataCommand(input))));
  }

  async copyImageSet(input: CopyImageSetCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new CopyImageSetCommand(input))));
  }

  async deleteImageSet(input: DeleteImageSetCommandInput) {
    return withoutMetadata(await this.send(() => this.client.send(new DeleteImageSetCommand(input))));
  }
}
