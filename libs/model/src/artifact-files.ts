/**
 * The file names of a model folder, apart from the model code: a process that only unpacks or
 * finds models (the API's model cache) imports these without loading TensorFlow.js.
 */

/** `triage-model.json`, written beside model.json: what a scorer needs to use the model the way it was trained. */
export const MODEL_ARTIFACT_METADATA_FILE = 'triage-model.json';

/** The model file of the tfjs layers format. */
export const MODEL_JSON_FILE = 'model.json';

/** The weights file a save writes beside model.json (the name tfjs-node uses). */
export const WEIGHTS_FILE = 'weights.bin';
