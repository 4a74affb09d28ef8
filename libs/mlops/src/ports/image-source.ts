/** Where the image-ingestion handler gets the pixels it scores: an image set's first image, as a Part 10 file as stored. */
export interface ImageSource {
  /** The first image (document order) of a series of one of `modalities` (any when absent); undefined when there is none. */
  firstImagePart10(datastoreId: string, imageSetId: string, modalities?: readonly string[]): Promise<Uint8Array | undefined>;
}
