/** Progression orders as OpenJPH numbers them. */
export const ProgressionOrder = { LRCP: 0, RLCP: 1, RPCL: 2, PCRL: 3, CPRL: 4 } as const;

/**
 * The encoding this platform stores (transfer syntax 1.2.840.10008.1.2.4.202): reversible 5/3
 * wavelet, RPCL so that each resolution's packets come before the next one's, one tile-part per
 * resolution and a TLM index so a reader can fetch just the first resolutions by byte range.
 */
export const HTJ2K_SETTINGS = {
  decompositions: 5,
  progressionOrder: ProgressionOrder.RPCL,
  blockSize: 64,
} as const;
