/**
 * The triage pipeline's parameter defaults on this machine (the compiled definition keeps AWS's for
 * SageMaker): the small CPU network, sized so a run over 400 images ends within minutes on two cores.
 */
export const LOCAL_PIPELINE_DEFAULTS: Readonly<Record<string, string>> = {
  Architecture: 'small',
};
