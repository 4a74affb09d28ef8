/** Where the image-ingestion handler gets the pixels it scores: an image set's first image, as a Part 10 file as stored. */
export interface ImageSource {
  /** Undefined when the image set holds no image (a report, a structured document). */
  firstImagePart10(datastoreId: string, imageSetId: string): Promise<Uint8Array | undefined>;
}
