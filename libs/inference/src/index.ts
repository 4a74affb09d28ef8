export * from './scoring-model';
export * from './pixels/window-pixels';
export * from './pixels/resize-image';
export * from './pixels/display-parameters';
export * from './pixels/decode-radiograph';
export * from './input/model-input';
export * from './model-cache/materialise-model';
export { scoreImage } from './scoring/score-image';
export * from './scoring/scoring-pool';
