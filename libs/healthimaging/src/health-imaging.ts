import type { Readable } from 'node:stream';
import type {
  CopyImageSetCommandInput,
  CopyImageSetCommandOutput,
  CreateDatastoreCommandInput,
  CreateDatastoreCommandOutput,
  DeleteImageSetCommandInput,
  DeleteImageSetCommandOutput,
  GetDatastoreCommandInput,
  GetDatastoreCommandOutput,
  GetDICOMImportJobCommandInput,
  GetDICOMImportJobCommandOutput,
  GetImageFrameCommandInput,
  GetImageFrameCommandOutput,
  GetImageSetCommandInput,
  GetImageSetCommandOutput,
  GetImageSetMetadataCommandInput,
  GetImageSetMetadataCommandOutput,
  ListDatastoresCommandInput,
  ListDatastoresCommandOutput,
  ListDICOMImportJobsCommandInput,
  ListDICOMImportJobsCommandOutput,
  ListImageSetVersionsCommandInput,
  ListImageSetVersionsCommandOutput,
  SearchImageSetsCommandInput,
  SearchImageSetsCommandOutput,
  StartDICOMImportJobCommandInput,
  StartDICOMImportJobCommandOutput,
  UpdateImageSetMetadataCommandInput,
  UpdateImageSetMetadataCommandOutput,
} from '@aws-sdk/client-medical-imaging';

/** An SDK output without the transport's `$metadata`: what both implementations return. */
export type Out<T> = Omit<T, '$metadata'>;

/** GetImageFrame's result as a stream: the HTJ2K codestream (`image/jph`), or native pixels (`application/octet-stream`) for samples HTJ2K cannot hold. */
export type GetImageFrameResult = Out<Omit<GetImageFrameCommandOutput, 'imageFrameBlob'>> & { imageFrameBlob: Readable };

/** GetImageSetMetadata's result: the metadata document still gzipped (`contentEncoding: 'gzip'`), as a stream. */
export type GetImageSetMetadataResult = Out<Omit<GetImageSetMetadataCommandOutput, 'imageSetMetadataBlob'>> & {
  imageSetMetadataBlob: Readable;
};

/**
 * The HealthImaging port: AWS HealthImaging's control and runtime operations, in the SDK's own
 * input and output types, so that the local store and `MedicalImagingClient` are one vocabulary.
 * Errors are thrown as {@link HealthImagingError} with the service's exception names.
 */
export interface HealthImaging {
  createDatastore(input: CreateDatastoreCommandInput): Promise<Out<CreateDatastoreCommandOutput>>;
  getDatastore(input: GetDatastoreCommandInput): Promise<Out<GetDatastoreCommandOutput>>;
  listDatastores(input: ListDatastoresCommandInput): Promise<Out<ListDatastoresCommandOutput>>;
  startDICOMImportJob(input: StartDICOMImportJobCommandInput): Promise<Out<StartDICOMImportJobCommandOutput>>;
  getDICOMImportJob(input: GetDICOMImportJobCommandInput): Promise<Out<GetDICOMImportJobCommandOutput>>;
  listDICOMImportJobs(input: ListDICOMImportJobsCommandInput): Promise<Out<ListDICOMImportJobsCommandOutput>>;
  searchImageSets(input: SearchImageSetsCommandInput): Promise<Out<SearchImageSetsCommandOutput>>;
  getImageSet(input: GetImageSetCommandInput): Promise<Out<GetImageSetCommandOutput>>;
  getImageSetMetadata(input: GetImageSetMetadataCommandInput): Promise<GetImageSetMetadataResult>;
  getImageFrame(input: GetImageFrameCommandInput): Promise<GetImageFrameResult>;
  listImageSetVersions(input: ListImageSetVersionsCommandInput): Promise<Out<ListImageSetVersionsCommandOutput>>;
  updateImageSetMetadata(input: UpdateImageSetMetadataCommandInput): Promise<Out<UpdateImageSetMetadataCommandOutput>>;
  copyImageSet(input: CopyImageSetCommandInput): Promise<Out<CopyImageSetCommandOutput>>;
  deleteImageSet(input: DeleteImageSetCommandInput): Promise<Out<DeleteImageSetCommandOutput>>;
}
