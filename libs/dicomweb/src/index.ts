// The DICOMweb vocabulary: filled in as the API's, CLI's and benchmark's copies move here.
export {};
