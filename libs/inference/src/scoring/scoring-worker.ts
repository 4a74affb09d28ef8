import { parentPort, workerData } from 'node:worker_threads';
import { loadTriageModel, selectBackend, type TriageModel } from '@triage/model';
import type { ScoreReply, ScoreRequest, ScoringWorkerInit } from './scoring-protocol';
import { scoreImage } from './score-image';

// One scoring thread: its own tfjs backend, the last few models it used, one image per message.

const init = workerData as ScoringWorkerInit;
const ready = selectBackend({ ...(init.backend ? { backend: init.backend } : {}), log: () => undefined });
const loaded = new Map<string, { modelDir: string; model: Promise<TriageModel> }>();

async function modelFor(arn: string, modelDir: string): Promise<TriageModel> {
  const held = loaded.get(arn);
  if (held && held.modelDir === modelDir) {
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    loaded.delete(arn);
    loaded.set(arn, held);
    return held.model;
  }
  if (held) drop(arn);
  const model = loadTriageModel(modelDir);
  loaded.set(arn, { modelDir, model });
  // A model that failed to load is not kept: the next call tries again.
  void model.catch(() => {
    if (loaded.get(arn)?.model === model) loaded.delete(arn);
  });
  while (loaded.size > init.maxModels) drop(loaded.keys().next().value as string);
  return model;
}

function drop(arn: string): void {
  const held = loaded.get(arn);
  loaded.delete(arn);
  void held?.model.then(
    (m) => m.model.dispose(),
    () => undefined,
  );
}

async function handle(request: ScoreRequest): Promise<ScoreReply> {
  const { modelPackageArn, modelDir } = request.model;
  try {
    await ready;
    const { model, metadata } = await modelFor(modelPackageArn, modelDir);
    return { id: request.id, ok: true, score: scoreImage(model, metadata, request.part10) };
  } catch (error) {
    return { id: request.id, ok: false, message: `${modelPackageArn}: ${error instanceof Error ? error.message : String(error)}` };
  }
}

parentPort?.on('message', (request: ScoreRequest) => {
  void handle(request).then((reply) => parentPort?.postMessage(reply));
});
