import type { ImageSetKey, LabelOf, ShadowComparison } from '../model-monitor';

/** One image set both versions scored: the serving version's score and the shadow's. */
export type PairedScores = ImageSetKey & { serving: number; shadow: number };

/**
 * A shadow candidate against the serving version over the image sets both scored: how often their decisions at
 * `threshold` agree, and the accuracy of each on the ones a clinician verified (null where there is nothing to divide).
 */
export function compareShadow(
  pairs: readonly PairedScores[],
  servingArn: string,
  shadowArn: string,
  labelOf: LabelOf,
  threshold: number,
): ShadowComparison {
  let agree = 0;
  let verified = 0;
  let servingRight = 0;
  let shadowRight = 0;
  for (const pair of pairs) {
    const serving = pair.serving >= threshold;
    const shadow = pair.shadow >= threshold;
    if (serving === shadow) agree++;
    const label = labelOf({ datastoreId: pair.datastoreId, imageSetId: pair.imageSetId });
    if (label === undefined) continue;
    verified++;
    if (serving === (label === 'positive')) servingRight++;
    if (shadow === (label === 'positive')) shadowRight++;
  }
  const share = (n: number, of: number) => (of === 0 ? null : n / of);
  return {
    servingArn,
    shadowArn,
    paired: pairs.length,
    agreement: share(agree, pairs.length),
    verified,
    servingAccuracy: share(servingRight, verified),
    shadowAccuracy: share(shadowRight, verified),
  };
}
