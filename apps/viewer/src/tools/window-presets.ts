import { utilities } from '@cornerstonejs/core';

/** A window/level preset: width and centre in the modality's output units (Hounsfield units for CT). */
export interface WindowPreset {
  id: string;
  label: string;
  width: number;
  center: number;
}

/** The presets the viewer offers, in the order shown. */
export const WINDOW_PRESETS: readonly WindowPreset[] = [
  { id: 'lung', label: 'Lung', width: 1500, center: -600 },
  { id: 'mediastinum', label: 'Mediastinum', width: 350, center: 50 },
  { id: 'bone', label: 'Bone', width: 2000, center: 300 },
  { id: 'brain', label: 'Brain', width: 80, center: 40 },
];

// Both ways through Cornerstone3D's own conversion (PS3.3 C.11.2.1.2.1, linear): the range it derives from a file's
// window reads back as that window, and a preset is set the way a file's window is.
/** The VOI range (lower, upper) of a window width and centre, as Cornerstone takes it. */
export function voiRangeOf(width: number, center: number): { lower: number; upper: number } {
  return utilities.windowLevel.toLowHighRange(width, center);
}

/** Width and centre of a VOI range, rounded for display. */
export function windowOf(range: { lower: number; upper: number }): { width: number; center: number } {
  const { windowWidth, windowCenter } = utilities.windowLevel.toWindowLevel(range.lower, range.upper);
  return { width: Math.round(windowWidth), center: Math.round(windowCenter) };
}
