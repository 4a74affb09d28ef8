// Fallback until @triage/monitoring exports imageFeatures (the monitoring helper writes it, LOOP.md
// gives the signature): the same signature, so switching is a change of import in score-image.ts.

/** Statistics of one model input (values in [0,1] after the training preprocessing). */
export interface ImageFeatures {
  inputMean: number;
  inputStd: number;
  inputP05: number;
  inputP50: number;
  inputP95: number;
}

/** Mean, standard deviation and 5th, 50th and 95th percentiles (nearest rank below) of a model input. */
export function imageFeatures(input: Float32Array): ImageFeatures {
  const n = input.length;
  if (n === 0) return { inputMean: 0, inputStd: 0, inputP05: 0, inputP50: 0, inputP95: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += input[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (input[i] - mean) ** 2;
  const sorted = Float32Array.from(input).sort();
  const at = (q: number) => sorted[Math.floor(q * (n - 1))];
  return { inputMean: mean, inputStd: Math.sqrt(squares / n), inputP05: at(0.05), inputP50: at(0.5), inputP95: at(0.95) };
}
