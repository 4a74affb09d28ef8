import { Type } from '@fastify/type-provider-typebox';
import { UidParam } from '../app/path-params';

/** A WADO-RS frame list: one-based frame numbers separated by commas. */
export const FrameList = Type.String({
  pattern: '^[1-9][0-9]{0,8}(,[1-9][0-9]{0,8})*$',
  maxLength: 4096,
  description: 'frame numbers from 1, comma-separated',
});

/** Path parameters of study-level routes. */
export const StudyParams = Type.Object({ study: UidParam });
/** Path parameters of series-level routes. */
export const SeriesParams = Type.Object({ study: UidParam, series: UidParam });
/** Path parameters of instance-level routes. */
export const InstanceParams = Type.Object({ study: UidParam, series: UidParam, instance: UidParam });
/** Path parameters of the frames route. */
export const FrameParams = Type.Object({ study: UidParam, series: UidParam, instance: UidParam, frames: FrameList });
