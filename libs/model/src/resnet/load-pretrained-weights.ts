import * as path from 'node:path';
import { FILE_SCHEME } from '../io/file-model-handler';
import { MODEL_JSON_FILE } from '../io/model-json';
import { registerModelIo } from '../io/register-model-io';
import { S3_SCHEME } from '../io/s3-model-uri';
import { tf } from '../tf';

/** What {@link loadPretrainedWeights} copied, layer by layer. */
export interface PretrainedWeightsReport {
  /** Layers whose every weight was copied (`conv1_conv` from RGB weights summed is marked `(summed over RGB)`). */
  loaded: string[];
  /** Layers with weights that kept their own, and why. */
  skipped: { layer: string; reason: string }[];
}

/**
 * Copies weights from a saved tfjs layers model (a folder or model.json path, a file:// URL, or an
 * s3:// URI) into `model` by layer name where every shape matches. A 1-channel first convolution
 * takes RGB weights summed over the input channels (a grey image repeated in R, G and B gives the
 * same response). Layers of the source that `model` lacks are ignored; see the report for the rest.
 */
export async function loadPretrainedWeights(model: tf.LayersModel, uri: string): Promise<PretrainedWeightsReport> {
  registerModelIo();
  const source = await tf.loadLayersModel(modelJsonUrl(uri));
  const report: PretrainedWeightsReport = { loaded: [], skipped: [] };
  try {
    for (const layer of model.layers) {
      const mine = layer.getWeights();
      if (!mine.length) continue;
      const theirs = source.layers.find((l) => l.name === layer.name)?.getWeights();
      if (!theirs) {
        report.skipped.push({ layer: layer.name, reason: 'not in the pretrained model' });
        continue;
      }
      if (theirs.length !== mine.length) {
        report.skipped.push({ layer: layer.name, reason: `${theirs.length} weights there, ${mine.length} here` });
        continue;
      }
      const adapted = theirs.map((w, i) => adapt(w, mine[i].shape));
      const mismatch = adapted.findIndex((w) => !w);
      if (mismatch >= 0) {
        report.skipped.push({
          layer: layer.name,
          reason: `shape [${theirs[mismatch].shape.join(',')}] there, [${mine[mismatch].shape.join(',')}] here`,
        });
      } else {
        layer.setWeights(adapted as tf.Tensor[]);
        const summed = adapted.some((w, i) => w !== theirs[i]);
        report.loaded.push(summed ? `${layer.name} (summed over RGB)` : layer.name);
      }
      adapted.forEach((w, i) => w !== theirs[i] && w?.dispose());
    }
  } finally {
    source.dispose();
  }
  return report;
}

/** The weight itself when shapes match; a conv kernel [k,k,3,f] summed to [k,k,1,f]; undefined otherwise. */
function adapt(weight: tf.Tensor, shape: number[]): tf.Tensor | undefined {
  if (weight.shape.length === shape.length && weight.shape.every((d, i) => d === shape[i])) return weight;
  const [kh, kw, cin, f] = weight.shape;
  if (weight.rank === 4 && cin === 3 && shape[2] === 1 && kh === shape[0] && kw === shape[1] && f === shape[3]) return weight.sum(2, true);
  return undefined;
}

function modelJsonUrl(uri: string): string {
  const withFile = uri.endsWith('.json') ? uri : `${uri.replace(/\/+$/, '')}/${MODEL_JSON_FILE}`;
  if (withFile.startsWith(S3_SCHEME) || withFile.startsWith(FILE_SCHEME)) return withFile;
  return `${FILE_SCHEME}${path.resolve(withFile)}`;
}
